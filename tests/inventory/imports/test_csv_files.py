"""CSV files: encodings, delimiters, headers, the row-level report, and the files that cannot be imported."""

from decimal import Decimal

import pytest

from core.errors import ApplicationError
from inventory.models import ImportJob, Status, Vehicle
from inventory.services import imports
from inventory.services.imports import csvfile
from inventory.services.imports import jobs as import_jobs
from tests.inventory.imports.conftest import HEADER, csv_bytes, real_vins, report, row, run_import, upload


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


@pytest.mark.django_db
def test_a_chassis_number_repeated_in_the_file_is_an_error_on_the_later_row(merchant):
    rows = [row("ZVW30-5550001"), row("ZVW30-5550002"), row("zvw30-5550001", price_amount="1")]

    job = run_import(merchant, csv_bytes(rows))

    assert (job.created_count, job.error_count) == (2, 1)
    assert report(job) == [(4, "chassis_no", "This chassis number is already in row 2 of this file.")]
    assert Vehicle.objects.get(chassis_no="ZVW30-5550001").price_amount == Decimal("650000")


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
