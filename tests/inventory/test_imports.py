"""CSV stock import: formats, the row-level report, updates by chassis number, permissions, scale, a real worker."""

import csv
import io
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import ApplicationError
from inventory.services import imports
from inventory.services.imports import csvfile
from inventory.services.imports import jobs as import_jobs
from inventory.models import ImportJob, Status, Vehicle
from inventory.signals import vehicles_changed
from tests.conftest import client_for, wait_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory

DATA = Path(__file__).resolve().parents[2] / "data"
HEADER = ["make", "model", "grade", "model_code", "chassis_no", "year", "first_registration", "mileage_km",
          "engine_cc", "fuel", "transmission", "body_type", "color", "price_amount", "price_currency",
          "description", "status"]


def real_vins(count: int) -> list[dict]:
    with open(DATA / "vin_samples.csv", newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["check_digit_valid"] == "True"]
    return rows[:count]


def row(chassis: str, **overrides) -> dict:
    values = {"make": "Toyota", "model": "Prius", "grade": "S", "model_code": "DAA-ZVW30", "chassis_no": chassis,
              "year": "2015", "first_registration": "2015-04", "mileage_km": "68000", "engine_cc": "1797",
              "fuel": "hybrid", "transmission": "cvt", "body_type": "hatchback", "color": "White",
              "price_amount": "650000", "price_currency": "JPY", "description": "", "status": "available"}
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], *, header=HEADER, encoding="utf-8", delimiter=",", header_names=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header_names or header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def upload(data: bytes, name: str = "stock.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def run_import(merchant, data: bytes) -> ImportJob:
    """The worker's path without the queue: create the job as the upload does, then run it."""
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(data))
    return imports.import_run(job=job)


def report(job: ImportJob) -> list[tuple[int, str, str]]:
    return list(job.errors.values_list("row", "field", "message"))


@pytest.fixture
def merchant():
    return MerchantFactory(yard=YardFactory(code="TY"))


# --- Formats ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_it_imports_a_good_file_with_real_vins_and_frame_numbers(merchant):
    vin = real_vins(1)[0]
    rows = [row("ZVW30-1234567"),
            row("ze1-012345", make="Nissan", model="Leaf", fuel="electric", engine_cc="", status=""),
            row(vin["vin"], make=vin["make"], model=vin["model"], fuel="petrol", engine_cc="3500",
                year=vin["model_year"], first_registration=f"{vin['model_year']}-06", price_amount="25,000.50",
                price_currency="usd", body_type="pickup", transmission="Automatic")]

    job = run_import(merchant, csv_bytes(rows))

    assert (job.status, job.total_rows, job.processed_rows) == ("done", 3, 3)
    assert (job.created_count, job.updated_count, job.error_count) == (3, 0, 0)
    assert job.encoding == "utf-8" and report(job) == []
    leaf = Vehicle.objects.get(chassis_no="ZE1-012345")
    assert leaf.engine_cc is None and leaf.status == Status.DRAFT and leaf.yard == merchant.yard
    assert leaf.stock_no.startswith("TY-") and leaf.created_by == merchant
    american = Vehicle.objects.get(chassis_no=vin["vin"])
    assert american.price_amount == Decimal("25000.50") and american.price_currency == "USD"
    assert american.first_registration.isoformat() == f"{vin['model_year']}-06-01"
    assert american.transmission == "automatic" and american.status == Status.AVAILABLE
    assert Vehicle.objects.filter(search__isnull=False, yard=merchant.yard).count() == 3  # the trigger ran
    assert len({v.stock_no for v in Vehicle.objects.all()}) == 3
    assert Vehicle.history.filter(chassis_no="ZVW30-1234567", history_type="+", history_user=merchant).exists()


@pytest.mark.django_db
def test_it_reports_bad_rows_by_row_field_and_message_and_saves_the_good_ones(merchant):
    mutated = real_vins(1)[0]["vin"]
    mutated = mutated[:8] + ("0" if mutated[8] != "0" else "1") + mutated[9:]  # wrong check digit
    rows = [
        row("ZVW30-1000001"),                                           # row 2: good
        row(mutated, fuel="petrol"),                                   # row 3: VIN check digit
        row("ZVW30-1000003", fuel="petrol", engine_cc=""),             # row 4: engine size missing
        row("ZVW30-1000004", first_registration="2099-01"),            # row 5: registered in the future
        row("ZVW30-1000005", fuel="steam", mileage_km="lots"),         # row 6: two fields at once
        row("ZVW30-1000006", price_amount="-5", price_currency="ABC"),  # row 7: price and currency
        row("ZVW30-1000007", first_registration="April 2015"),         # row 8: date format
        row("ZVW30-1000008", fuel="electric"),                         # row 9: electric with an engine
        row("ZVW30-1000009", status="sold"),                           # row 10: status not importable
        row("NOT A CHASSIS"),                                          # row 11: chassis format
        row("ZVW30-1000011"),                                          # row 12: good
    ]

    job = run_import(merchant, csv_bytes(rows))

    assert (job.status, job.created_count, job.error_count) == ("done", 2, 9)
    fields = {(number, field) for number, field, _ in report(job)}
    assert fields == {(3, "chassis_no"), (4, "engine_cc"), (5, "first_registration"), (6, "fuel"),
                      (6, "mileage_km"), (7, "price_amount"), (7, "price_currency"), (8, "first_registration"),
                      (9, "engine_cc"), (10, "status"), (11, "chassis_no")}
    messages = {(number, field): message for number, field, message in report(job)}
    assert "check digit" in messages[(3, "chassis_no")]
    assert "required unless the car is electric" in messages[(4, "engine_cc")]
    assert "future" in messages[(5, "first_registration")]
    assert "YYYY-MM" in messages[(8, "first_registration")]
    assert "ABC" in messages[(7, "price_currency")]
    # Nothing half-saved: only the two good rows exist.
    assert sorted(Vehicle.objects.values_list("chassis_no", flat=True)) == ["ZVW30-1000001", "ZVW30-1000011"]


@pytest.mark.django_db
def test_it_reads_a_shift_jis_file_with_japanese_text(merchant):
    rows = [row("NZE161-3001234", color="パールホワイト", description="ワンオーナー、禁煙車。ナビ・バックカメラ付き"),
            row("NZE161-3001235", color="黒", description="修復歴なし")]

    job = run_import(merchant, csv_bytes(rows, encoding="cp932"))

    assert job.encoding == "cp932" and job.created_count == 2 and job.error_count == 0
    vehicle = Vehicle.objects.get(chassis_no="NZE161-3001234")
    assert vehicle.color == "パールホワイト"
    assert vehicle.description == "ワンオーナー、禁煙車。ナビ・バックカメラ付き"


@pytest.mark.django_db
def test_it_reads_utf8_with_bom_semicolons_loose_headers_and_blank_lines(merchant):
    data = csv_bytes([row("GRS200-1111111", description="Navi; ETC, 2 keys"), row("GRS200-1111112", year="20x5")],
                     delimiter=";", header_names=[f"  {name.upper()} " for name in HEADER])
    lines = data.split(b"\r\n")
    data = b"\xef\xbb\xbf" + b"\r\n".join([lines[0], lines[1], b"", b";;;", lines[2], b""])

    job = run_import(merchant, data)

    assert job.encoding == "utf-8-sig" and job.delimiter == ";"
    assert (job.total_rows, job.created_count, job.error_count) == (2, 1, 1)
    assert Vehicle.objects.get(chassis_no="GRS200-1111111").description == "Navi; ETC, 2 keys"
    assert [(number, field) for number, field, _ in report(job)] == [(5, "year")]  # spreadsheet row number


@pytest.mark.django_db
def test_unknown_columns_are_reported_once_and_ignored(merchant):
    header = [*HEADER, "auction_house", "notes"]
    rows = [row(f"ZRE212-20000{i}", auction_house="USS Tokyo", notes="x") for i in range(3)]

    job = run_import(merchant, csv_bytes(rows, header=header))

    assert job.created_count == 3 and job.error_count == 0
    assert report(job) == [(1, "auction_house", "Unknown column, ignored."), (1, "notes", "Unknown column, ignored.")]


# --- Chassis numbers ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_chassis_number_repeated_in_the_file_is_an_error_on_the_later_row(merchant):
    rows = [row("ZVW30-5550001"), row("ZVW30-5550002"), row("zvw30-5550001", price_amount="1")]

    job = run_import(merchant, csv_bytes(rows))

    assert (job.created_count, job.error_count) == (2, 1)
    assert report(job) == [(4, "chassis_no", "This chassis number is already in row 2 of this file.")]
    assert Vehicle.objects.get(chassis_no="ZVW30-5550001").price_amount == Decimal("650000")


@pytest.mark.django_db
def test_reuploading_the_same_file_updates_by_chassis_number_instead_of_duplicating(merchant):
    rows = [row(f"ACU30-00{i}1234") for i in range(5)]
    first = run_import(merchant, csv_bytes(rows))
    stock_numbers = dict(Vehicle.objects.values_list("chassis_no", "stock_no"))

    rows[0] = {**rows[0], "chassis_no": rows[0]["chassis_no"].lower(), "price_amount": "590000",
               "mileage_km": "69000"}
    second = run_import(merchant, csv_bytes(rows))

    assert (first.created_count, second.created_count) == (5, 0)
    assert (second.updated_count, second.unchanged_count, second.error_count) == (1, 4, 0)
    assert Vehicle.objects.count() == 5
    assert dict(Vehicle.objects.values_list("chassis_no", "stock_no")) == stock_numbers
    updated = Vehicle.objects.get(chassis_no="ACU30-0001234")
    assert (updated.price_amount, updated.mileage_km) == (Decimal("590000"), 69000)
    change = updated.history.filter(history_type="~").get()
    assert change.history_user == merchant and change.price_amount == Decimal("590000")


@pytest.mark.django_db
def test_columns_left_out_keep_their_values_on_update(merchant):
    run_import(merchant, csv_bytes([row("GP5-1000123", color="Blue", grade="F package")]))
    header = ["make", "model", "chassis_no", "year", "mileage_km", "fuel", "price_amount", "engine_cc"]

    job = run_import(merchant, csv_bytes([row("GP5-1000123", price_amount="700000")], header=header))

    assert job.updated_count == 1
    vehicle = Vehicle.objects.get(chassis_no="GP5-1000123")
    assert (vehicle.color, vehicle.grade, vehicle.price_amount) == ("Blue", "F package", Decimal("700000"))


@pytest.mark.django_db
def test_a_chassis_number_listed_by_another_yard_is_a_row_error(merchant):
    theirs = VehicleFactory(yard=YardFactory(code="YH"), chassis_no="ZWR80-0123456", price_amount=Decimal("1"))

    job = run_import(merchant, csv_bytes([row("zwr80-0123456"), row("ZWR80-0123457")]))

    assert (job.created_count, job.error_count) == (1, 1)
    assert report(job) == [(2, "chassis_no", "This chassis number is already listed by another yard.")]
    theirs.refresh_from_db()
    assert theirs.price_amount == Decimal("1") and theirs.yard.code == "YH"


@pytest.mark.django_db
def test_a_withdrawn_vehicle_does_not_block_listing_its_chassis_again(merchant):
    VehicleFactory(yard=YardFactory(code="YH"), chassis_no="AZR60-0654321", status=Status.WITHDRAWN)

    job = run_import(merchant, csv_bytes([row("AZR60-0654321")]))

    assert job.created_count == 1 and job.error_count == 0


@pytest.mark.django_db
def test_a_sold_vehicle_is_reported_not_updated(merchant):
    sold = VehicleFactory(yard=merchant.yard, chassis_no="MXPA10-2000001", status=Status.SOLD)

    job = run_import(merchant, csv_bytes([row("MXPA10-2000001", price_amount="1")]))

    assert (job.updated_count, job.error_count) == (0, 1)
    assert report(job)[0][:2] == (2, "")
    sold.refresh_from_db()
    assert sold.price_amount == Decimal("1250000")


@pytest.mark.django_db
def test_a_job_runs_once_however_often_it_is_started(merchant):
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes([row("E12-100100")])))

    imports.import_run(job=job)
    again = imports.import_run(job=ImportJob.objects.get(pk=job.pk))

    assert again.status == "done" and again.created_count == 1 and again.processed_rows == 1
    assert Vehicle.objects.count() == 1


@pytest.mark.django_db
def test_each_chunk_is_announced_to_compliance_once_committed(merchant, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    monkeypatch.setattr(import_jobs, "CHUNK_SIZE", 2)
    announced = []
    vehicles_changed.connect(receiver := lambda sender, vehicle_ids, **kwargs: announced.append(vehicle_ids))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = run_import(merchant, csv_bytes([row("GK3-1000001"), row("GK3-1000002"), row("GK3-1000001"),
                                                  row("GK3-1000004")]))
    finally:
        vehicles_changed.disconnect(receiver)

    assert (job.created_count, job.error_count, job.processed_rows) == (3, 1, 4)
    assert [len(ids) for ids in announced] == [2, 1]
    assert sorted(sum(announced, [])) == sorted(Vehicle.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_chunk_the_database_refuses_is_saved_row_by_row(merchant, monkeypatch):
    VehicleFactory(yard=YardFactory(code="YH"), chassis_no="RU1-1200001")
    # As if another yard listed the car between the chunk's check and its insert.
    monkeypatch.setattr(import_jobs, "_existing_by_chassis", lambda chassis: {})

    job = run_import(merchant, csv_bytes([row("RU1-1200000"), row("RU1-1200001"), row("RU1-1200002")]))

    assert (job.created_count, job.error_count) == (2, 1)
    assert report(job) == [(3, "chassis_no", "A vehicle with this chassis number is already listed.")]
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 2


# --- Refusals -------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("data, code", [
    (b"", "empty_file"),
    (b"PK\x03\x04\x14\x00\x06\x00 an xlsx workbook", "not_csv"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not_csv"),
    (b"make,model,year\r\nToyota,Prius,2015\r\n", "missing_columns"),
    (b"make,model,chassis_no,year,mileage_km,fuel,price_amount\r\n", "no_rows"),
    (b"make,model,chassis_no,year,mileage_km,fuel,price_amount,MAKE\r\na,b,c,1,2,3,4,5\r\n", "duplicate_column"),
    (b"make,model,chassis_no,year,mileage_km,fuel,price_amount\r\n\x82\xa0\xff\xfe\xfd", "bad_encoding"),
])
def test_it_refuses_files_it_cannot_import(merchant, data, code):
    with pytest.raises(ApplicationError) as caught:
        imports.import_start(yard=merchant.yard, user=merchant, upload=upload(data))
    assert caught.value.code == code
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_it_refuses_too_many_rows_and_too_large_files(merchant, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_ROWS", 2)
    with pytest.raises(ApplicationError, match="more than 2 rows"):
        imports.import_start(yard=merchant.yard, user=merchant,
                             upload=upload(csv_bytes([row(f"E12-10010{i}") for i in range(3)])))
    monkeypatch.setattr(import_jobs, "MAX_BYTES", 100)
    with pytest.raises(ApplicationError, match="10 MB"):
        imports.import_start(yard=merchant.yard, user=merchant, upload=upload(csv_bytes([row("E12-100100")])))


# --- Permissions: API --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_accepts_an_upload_from_a_merchant_with_202(merchant):
    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(csv_bytes([row("ZVW30-7000001")]))},
                                         format="multipart")

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["total_rows"] == 1 and body["errors"] == []
    assert ImportJob.objects.get(pk=body["id"]).yard == merchant.yard


@pytest.mark.django_db
def test_api_refuses_a_bad_file_with_a_400_naming_the_file(merchant):
    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(b"make,model\r\na,b\r\n")},
                                         format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "missing_columns" and "file" in response.json()["errors"]


@pytest.mark.django_db
def test_api_shows_progress_and_the_report_to_the_owner_only(merchant, api_client):
    job = run_import(merchant, csv_bytes([row("ZVW30-7000002"), row("ZVW30-7000003", mileage_km="-1")]))
    url = f"/api/v1/imports/{job.pk}/"

    owner = client_for(merchant).get(url)
    assert owner.status_code == 200
    body = owner.json()
    assert (body["status"], body["progress"], body["created_count"], body["error_count"]) == ("done", 100, 1, 1)
    assert body["errors"] == [{"row": 3, "field": "mileage_km",
                               "message": "Ensure this value is greater than or equal to 0."}]
    assert client_for(MerchantFactory(yard=YardFactory(code="YH"))).get(url).status_code == 404
    assert client_for(MerchantFactory(username="colleague", yard=merchant.yard)).get(url).status_code == 200
    assert client_for(StaffFactory()).get(url).status_code == 200
    assert client_for(BuyerFactory()).get(url).status_code == 403
    assert api_client.get(url).status_code == 401


@pytest.mark.django_db
def test_api_refuses_uploads_from_buyers_staff_and_anonymous(api_client):
    data = csv_bytes([row("ZVW30-7000004")])
    for client, status in ((client_for(BuyerFactory()), 403), (client_for(StaffFactory()), 403), (api_client, 401)):
        assert client.post("/api/v1/imports/", {"file": upload(data)}, format="multipart").status_code == status
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_api_serves_the_template_which_imports_cleanly(merchant, api_client):
    response = api_client.get("/api/v1/imports/template.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf" + b",".join(name.encode() for name in imports.COLUMNS))
    job = run_import(merchant, content)
    assert (job.created_count, job.error_count) == (2, 0)
    assert Vehicle.objects.get(chassis_no="ZE1-012345").engine_cc is None


# --- Permissions: pages --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_pages_show_the_upload_form_the_format_and_the_report_to_the_owner(client, merchant):
    job = run_import(merchant, csv_bytes([row("ZVW30-8000001"), row("ZVW30-8000002", fuel="steam")]))
    client.force_login(merchant)

    page = client.get(reverse("inventory:import_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and reverse("inventory:import_template") in html
    assert "price_currency" in html and job.file_name in html

    detail = client.get(reverse("inventory:import_detail", args=[job.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "steam" in html and "<td>3</td>" in html
    assert reverse("inventory:import_report", args=[job.pk]) in html and "hx-trigger" not in html

    report_csv = client.get(reverse("inventory:import_report", args=[job.pk]))
    lines = report_csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,field,message" and lines[1].startswith("3,fuel,")


@pytest.mark.django_db
def test_a_running_job_page_polls_with_htmx(client, merchant):
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(csv_bytes([row("E12-100200")])))
    client.force_login(merchant)

    page = client.get(reverse("inventory:import_detail", args=[job.pk]))
    fragment = client.get(reverse("inventory:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 1s"' in page.content.decode() and "<progress" in page.content.decode()
    assert fragment.content.decode().lstrip().startswith('<section id="import-progress"')
    assert "<html" not in fragment.content.decode()


@pytest.mark.django_db
def test_page_upload_creates_a_job_and_redirects_to_it(client, merchant, django_capture_on_commit_callbacks):
    client.force_login(merchant)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("inventory:import_list"), {"file": upload(csv_bytes([row("E12-100300")]))})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("inventory:import_detail", args=[job.pk])
    assert len(callbacks) == 1  # the task is enqueued only once the job is committed


@pytest.mark.django_db
def test_page_upload_shows_a_refusal_as_a_form_error(client, merchant):
    client.force_login(merchant)

    response = client.post(reverse("inventory:import_list"), {"file": upload(b"%PDF-1.7 not a csv")})

    assert response.status_code == 200 and "not a CSV text file" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_pages_hide_other_yards_jobs_and_refuse_buyers_and_anonymous(client, merchant):
    job = run_import(merchant, csv_bytes([row("ZVW30-8000003")]))
    detail = reverse("inventory:import_detail", args=[job.pk])
    report_url = reverse("inventory:import_report", args=[job.pk])

    client.force_login(MerchantFactory(yard=YardFactory(code="YH")))
    assert client.get(detail).status_code == 404 and client.get(report_url).status_code == 404
    assert job.file_name not in client.get(reverse("inventory:import_list")).content.decode()
    client.force_login(BuyerFactory())
    assert client.get(reverse("inventory:import_list")).status_code == 403 and client.get(detail).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(detail).status_code == 200
    assert client.post(reverse("inventory:import_list"), {"file": upload(b"x")}).status_code == 403
    client.logout()
    response = client.get(detail)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


# --- Scale ----------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_10000_row_file_is_imported_completely_and_fast(merchant):
    rows = [row(f"ZVW30-{4000000 + i}", mileage_km=str(1000 + i), price_amount=str(500000 + i))
            for i in range(10_000)]
    data = csv_bytes(rows)

    started = time.monotonic()
    job = run_import(merchant, data)
    seconds = time.monotonic() - started

    assert (job.status, job.processed_rows, job.created_count, job.error_count) == ("done", 10_000, 10_000, 0)
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 10_000
    assert Vehicle.history.filter(yard_id=merchant.yard_id).count() == 10_000
    assert Vehicle.objects.get(chassis_no="ZVW30-4009999").mileage_km == 10_999
    assert len(set(Vehicle.objects.values_list("stock_no", flat=True))) == 10_000
    assert seconds < 60, f"10,000 rows took {seconds:.1f} s"


# --- A real worker --------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_an_uploaded_file_is_imported_by_a_real_celery_worker(celery_worker):
    merchant = MerchantFactory(yard=YardFactory(code="TW"))
    rows = [row(f"NHP10-{6000000 + i}") for i in range(1500)] + [row("NHP10-6000000")]

    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(csv_bytes(rows))}, format="multipart")
    assert response.status_code == 202
    url = f"/api/v1/imports/{response.json()['id']}/"

    body = wait_for(lambda: (b := client_for(merchant).get(url).json())["status"] in ("done", "failed") and b,
                    timeout=90)

    assert (body["status"], body["processed_rows"], body["created_count"], body["error_count"]) == (
        "done", 1501, 1500, 1)
    assert body["errors"] == [{"row": 1502, "field": "chassis_no",
                               "message": "This chassis number is already in row 2 of this file."}]
    assert Vehicle.objects.filter(yard=merchant.yard).count() == 1500
