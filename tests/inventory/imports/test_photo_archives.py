"""A ZIP of photos named by chassis or stock number: real JPEGs attached by the real worker, hostile ZIPs refused."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core import sweeper
from core.models import Outbox
from demo.photos import draw_car_photo
from inventory.models import PhotoArchive, PhotoArchiveEntry, Vehicle, VehiclePhoto
from inventory.services.imports import photo_archive
from tests.conftest import client_for, wait_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory
from tests.inventory.imports.conftest import csv_bytes, row


def zip_bytes(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def as_upload(data: bytes, name="photos.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.fixture(autouse=True)
def _remove_photo_files():
    yield
    try:
        rows = list(VehiclePhoto.objects.values_list("original", "web", "thumbnail"))
        rows += [(name,) for name in PhotoArchive.objects.values_list("file", flat=True)]
    except Exception:  # no database access in this test
        return
    for names in rows:
        for name in filter(None, names):
            default_storage.delete(name)


@pytest.fixture
def merchant():
    return MerchantFactory(yard=YardFactory(code="TY"))


def outcome(body) -> dict[str, tuple[str, str | None]]:
    return {entry["name"]: (entry["outcome"], entry["stock_no"]) for entry in body["entries"]}


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_zip_of_real_photos_is_matched_by_chassis_and_stock_number_by_the_worker(merchant, celery_worker):
    prius = VehicleFactory(yard=merchant.yard, chassis_no="ZVW30-1234567", stock_no="TY-000123", photo_count=0)
    aqua = VehicleFactory(yard=merchant.yard, chassis_no="NHP10-7654321", stock_no="TY-000124", photo_count=0)
    elsewhere = VehicleFactory(yard=YardFactory(code="YH"), chassis_no="ZSU60-1111111", photo_count=0)
    data = zip_bytes({
        "ZVW30-1234567_2.jpg": draw_car_photo("Toyota", "Prius", "white", 2, body="hatchback"),
        "export/ZVW30-1234567_1.jpg": draw_car_photo("Toyota", "Prius", "white", 1, body="hatchback"),
        "TY-000124-1.JPG": draw_car_photo("Toyota", "Aqua", "blue", 1, body="hatchback"),
        "ZSU60-1111111_1.jpg": draw_car_photo("Toyota", "Harrier", "black", 1, body="suv"),  # another yard's car
        "NHP10-7654321_2.jpg": b"this is not a photo at all",
        "TY-000123-3.txt": b"seller notes",
        "__MACOSX/._ZVW30-1234567_1.jpg": b"resource fork",
    })
    response = client_for(merchant).post("/api/v1/imports/photos/", {"file": as_upload(data)}, format="multipart")
    assert response.status_code == 202, response.content
    assert response.json()["total_files"] == 6  # the __MACOSX fork is not a file anyone meant to upload

    url = f"/api/v1/imports/photos/{response.json()['id']}/"
    body = wait_for(lambda: (b := client_for(merchant).get(url).json())["status"] == "done" and b, timeout=60)
    assert outcome(body) == {
        "ZVW30-1234567_2.jpg": ("matched", "TY-000123"),
        "export/ZVW30-1234567_1.jpg": ("matched", "TY-000123"),
        "TY-000124-1.JPG": ("matched", "TY-000124"),
        "ZSU60-1111111_1.jpg": ("unmatched", None),
        "NHP10-7654321_2.jpg": ("refused", "TY-000124"),
        "TY-000123-3.txt": ("refused", "TY-000123"),
    }
    assert "not a JPEG, PNG or WebP" in next(e["message"] for e in body["entries"] if e["outcome"] == "refused"
                                             and e["name"].endswith(".jpg"))
    assert (body["matched_count"], body["unmatched_count"], body["refused_count"], body["progress"]) == (3, 1, 2, 100)
    photos = list(VehiclePhoto.objects.filter(vehicle=prius).order_by("position"))
    assert [p.state for p in photos] == ["ready", "ready"] and photos[0].is_main  # _1 comes first
    assert photos[0].pk == next(e["photo"] for e in body["entries"] if e["name"] == "export/ZVW30-1234567_1.jpg")
    assert Vehicle.objects.get(pk=prius.pk).photo_count == 2 and Vehicle.objects.get(pk=aqua.pk).photo_count == 1
    assert not VehiclePhoto.objects.filter(vehicle=elsewhere).exists()
    catalog = client_for(BuyerFactory()).get("/api/v1/vehicles/").json()
    assert {v["id"] for v in catalog["results"]} == {prius.pk, aqua.pk}

    again = client_for(merchant).post("/api/v1/imports/photos/", {"file": as_upload(data)}, format="multipart")
    url = f"/api/v1/imports/photos/{again.json()['id']}/"
    body = wait_for(lambda: (b := client_for(merchant).get(url).json())["status"] == "done" and b, timeout=60)
    assert body["duplicate_count"] == 3 and body["matched_count"] == 0
    assert VehiclePhoto.objects.filter(vehicle=prius).count() == 2


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_csv_and_its_photos_uploaded_together_on_the_import_page(merchant, celery_worker, client):
    csv_data = csv_bytes([row("ZVW30-7100001"), row("ZVW30-7100002")])
    photos = zip_bytes({f"ZVW30-71000{n}_1.jpg": draw_car_photo("Toyota", "Prius", "silver", n, body="hatchback")
                        for n in ("01", "02")})
    client.force_login(merchant)
    response = client.post("/stock/imports/", {"file": SimpleUploadedFile("stock.csv", csv_data, "text/csv"),
                                               "photos": as_upload(photos)})
    archive = PhotoArchive.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stock/imports/photos/{archive.pk}/"
    assert archive.import_job is not None
    wait_for(lambda: PhotoArchive.objects.get(pk=archive.pk).status == "done", timeout=60)
    cars = Vehicle.objects.filter(chassis_no__in=["ZVW30-7100001", "ZVW30-7100002"])
    assert [car.photo_count for car in cars] == [1, 1]
    page = client.get(f"/stock/imports/photos/{archive.pk}/").content.decode()
    assert "ZVW30-7100001_1.jpg" in page and "Added to" in page
    catalog = client.get("/stock/catalog/?q=ZVW30-7100001&exportable_to=any")
    assert [v.chassis_no for v in catalog.context["vehicles"]] == ["ZVW30-7100001"]


def bomb() -> bytes:
    return zip_bytes({"ZVW30-1234567_1.jpg": b"\0" * (15 * 1024 * 1024)})  # 15 MB of zeros: ~15 kB packed


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "code"), [
    (bomb(), "zip_bomb"),
    (zip_bytes({"../../etc/ZVW30-1234567_1.jpg": b"x"}), "unsafe_name"),
    (zip_bytes({"/tmp/ZVW30-1234567_1.jpg": b"x"}), "unsafe_name"),
    (zip_bytes({"..\\..\\ZVW30-1234567_1.jpg": b"x"}), "unsafe_name"),
    (zip_bytes({f"{n}.jpg": b"" for n in range(photo_archive.MAX_FILES + 1)}, zipfile.ZIP_STORED), "too_many_files"),
    (b"PK\x03\x04 not really a zip", "not_zip"),
    (zip_bytes({}), "empty"),
])
def test_hostile_archives_are_refused_from_the_directory_before_decompressing(merchant, data, code, monkeypatch):
    def no_decompressing(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_decompressing)
    response = client_for(merchant).post("/api/v1/imports/photos/", {"file": as_upload(data)}, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code and "file" in response.json()["errors"]
    assert not PhotoArchive.objects.exists()


@pytest.mark.django_db
def test_a_bomb_beside_a_csv_refuses_both_naming_the_photos_field(merchant):
    response = client_for(merchant).post("/api/v1/imports/", {
        "file": SimpleUploadedFile("stock.csv", csv_bytes([row("ZVW30-7200001")]), "text/csv"),
        "photos": as_upload(bomb())}, format="multipart")
    assert response.status_code == 400 and "photos" in response.json()["errors"]
    assert not PhotoArchive.objects.exists() and not merchant.yard.import_jobs.exists()


@pytest.mark.django_db
def test_only_the_yard_and_staff_see_an_archive_and_only_merchants_upload(merchant, api_client):
    archive = photo_archive.photo_archive_create(yard=merchant.yard, user=merchant,
                                                 upload=as_upload(zip_bytes({"TY-000001-1.jpg": b"x"})))
    url = f"/api/v1/imports/photos/{archive.pk}/"
    assert client_for(merchant).get(url).status_code == 200
    assert client_for(StaffFactory()).get(url).status_code == 200
    assert client_for(MerchantFactory(yard=YardFactory(code="YH"))).get(url).status_code == 404
    assert client_for(BuyerFactory()).get(url).status_code == 403
    assert api_client.get(url).status_code == 401
    data = zip_bytes({"TY-000001-1.jpg": b"x"})
    assert client_for(StaffFactory(username="s2")).post("/api/v1/imports/photos/", {"file": as_upload(data)},
                                                        format="multipart").status_code == 403


@pytest.mark.django_db
def test_the_import_page_needs_a_csv_or_a_zip(merchant, client):
    client.force_login(merchant)
    response = client.post("/stock/imports/", {"file": "", "photos": ""})
    assert response.status_code == 200
    assert "Choose a CSV file, a ZIP of photos, or both." in response.content.decode()
    assert 'name="photos"' in client.get("/stock/imports/").content.decode()


@pytest.mark.django_db
def test_an_archive_whose_worker_died_midway_is_resumed_by_the_sweeper_with_each_file_once(merchant, monkeypatch):
    prius = VehicleFactory(yard=merchant.yard, chassis_no="ZVW30-1234567", photo_count=0)
    files = {f"ZVW30-1234567_{n}.jpg": draw_car_photo("Toyota", "Prius", "white", n, body="hatchback")
             for n in (1, 2, 3)}
    files["NOPE-0000001_1.jpg"] = files["ZVW30-1234567_1.jpg"]
    archive = photo_archive.photo_archive_create(yard=merchant.yard, user=merchant, upload=as_upload(zip_bytes(files)))

    # the first worker attaches two files, then dies (SIGKILL: nothing after its last commit happens)
    real_attach, attached = photo_archive._attach, []

    def attach_then_die(job, zf, member, vehicle, already):
        if len(attached) == 2:
            raise SystemExit("killed")
        attached.append(member.name)
        return real_attach(job, zf, member, vehicle, already)

    monkeypatch.setattr(photo_archive, "_attach", attach_then_die)
    with pytest.raises(SystemExit):
        photo_archive.photo_archive_run(job=archive)
    monkeypatch.setattr(photo_archive, "_attach", real_attach)
    archive.refresh_from_db()
    # the file matching no car came first, then two photos: three files reported, each in its own transaction
    assert archive.status == "running" and archive.processed_files == 3 and prius.photos.count() == 2

    # its lease runs out; the sweeper hands the archive back to a worker (through the outbox)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inventory_photoarchive SET lease_expires = now() - interval '1 second' WHERE id = %s",
                       [archive.pk])
    assert photo_archive.photo_archives_stuck_count() == 1
    assert sweeper.sweep_all()["photo_archive_leases"] == 1
    assert Outbox.objects.filter(task=photo_archive.ARCHIVE_TASK, args=[archive.pk]).exists()

    archive = photo_archive.photo_archive_run(job=PhotoArchive.objects.get(pk=archive.pk))
    assert (archive.status, archive.attempts, archive.processed_files) == ("done", 2, 4)
    assert (archive.matched_count, archive.unmatched_count, archive.duplicate_count) == (3, 1, 0)
    assert prius.photos.count() == 3  # each photo once
    assert sorted(PhotoArchiveEntry.objects.filter(archive=archive).values_list("name", flat=True)) == sorted(files)
