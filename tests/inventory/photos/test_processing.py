"""Photo services and processing: the main photo, ordering, idempotent processing, metadata removal by a real worker."""

import io
from pathlib import PurePosixPath

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from core.errors import ApplicationError
from demo.photos import draw_car_photo
from inventory.models import VehiclePhoto
from inventory.services import photos
from tests.conftest import client_for, wait_for
from tests.factories import BuyerFactory, MerchantFactory, VehicleFactory, YardFactory
from tests.inventory.photos.conftest import (
    GPS_IFD,
    ORIENTATION,
    add_ready_photo,
    exif_with_gps_and_orientation,
    jpeg_bytes,
    photos_url,
    png_bytes,
    two_tone_jpeg,
    upload,
)


@pytest.mark.django_db
class TestPhotoServices:
    def test_the_first_photo_becomes_main_and_later_ones_do_not(self, vehicle, merchant):
        first = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
        second = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
        assert first.is_main and not second.is_main
        assert (first.position, second.position) == (0, 1)
        assert first.uploaded_by == merchant

    def test_deleting_the_main_photo_makes_the_next_one_main(self, vehicle):
        first, second = add_ready_photo(vehicle), add_ready_photo(vehicle)
        photos.photo_delete(photo=first)
        second.refresh_from_db()
        assert second.is_main

    def test_set_main_moves_the_mark(self, vehicle):
        first, second = add_ready_photo(vehicle), add_ready_photo(vehicle)
        photos.photo_set_main(photo=second)
        first.refresh_from_db()
        second.refresh_from_db()
        assert second.is_main and not first.is_main

    def test_processing_is_idempotent(self, vehicle):
        photo = add_ready_photo(vehicle)
        names = (photo.web.name, photo.thumbnail.name)
        again = photos.photo_process(VehiclePhoto.objects.get(pk=photo.pk))
        assert (again.web.name, again.thumbnail.name) == names
        assert VehiclePhoto.objects.get(pk=photo.pk).state == "ready"

    def test_an_unreadable_original_fails_and_hands_main_on(self, vehicle):
        broken = photos.photo_add(vehicle=vehicle, user=None, upload=upload(jpeg_bytes()), enqueue=False)
        good = add_ready_photo(vehicle)
        with default_storage.open(broken.original.name, "wb") as handle:
            handle.write(b"garbage that is no longer a JPEG")
        result = photos.photo_process(VehiclePhoto.objects.get(pk=broken.pk))
        assert result.state == "failed"
        good.refresh_from_db()
        assert good.is_main
        with pytest.raises(ApplicationError):
            photos.photo_set_main(photo=VehiclePhoto.objects.get(pk=broken.pk))

    def test_a_photo_the_worker_gave_up_on_is_marked_failed(self, vehicle):
        photo = photos.photo_add(vehicle=vehicle, user=None, upload=upload(jpeg_bytes()), enqueue=False)
        photos.photo_mark_failed(photo_id=photo.pk, reason="storage unreachable")
        assert VehiclePhoto.objects.get(pk=photo.pk).state == "failed"

    def test_a_photo_is_processed_once_even_if_asked_twice(self, vehicle):
        photo = photos.photo_add(vehicle=vehicle, user=None, upload=upload(jpeg_bytes()), enqueue=False)
        stale = VehiclePhoto.objects.get(pk=photo.pk)
        photos.photo_process(photo)
        result = photos.photo_process(stale)  # a second worker with the row as it was before the first finished
        assert result.web.name == VehiclePhoto.objects.get(pk=photo.pk).web.name
        original = PurePosixPath(photo.original.name)
        stem = original.name.removesuffix("-original.jpg")
        files = [name for name in default_storage.listdir(original.parent.as_posix())[1] if name.startswith(stem)]
        assert len(files) == 3  # original, web, thumbnail: the second run's files were removed again

    def test_the_web_version_is_at_most_1920_and_the_thumbnail_480(self, vehicle):
        photo = add_ready_photo(vehicle, data=png_bytes((3000, 2000)))
        with photo.web.open("rb") as handle, Image.open(handle) as web:
            assert web.format == "JPEG"
            assert web.size == (1920, 1280)
        with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
            assert thumb.size == (480, 320)
        assert (photo.width, photo.height) == (1920, 1280)

    def test_small_photos_are_not_enlarged(self, vehicle):
        photo = add_ready_photo(vehicle, data=jpeg_bytes((640, 480)))
        assert (photo.width, photo.height) == (640, 480)

    def test_transparent_png_is_flattened_onto_white(self, vehicle):
        photo = add_ready_photo(vehicle, data=png_bytes((200, 100), mode="RGBA", color=(0, 0, 0, 0)))
        with photo.web.open("rb") as handle, Image.open(handle) as web:
            assert web.mode == "RGB"
            assert min(web.getpixel((100, 50))) > 245

    def test_reorder_keeps_unlisted_photos_after_the_listed_ones(self, vehicle):
        a, b, c = (add_ready_photo(vehicle) for _ in range(3))
        photos.photo_reorder(vehicle=vehicle, ordered_ids=[c.pk])
        positions = dict(VehiclePhoto.objects.values_list("pk", "position"))
        assert positions == {c.pk: 0, a.pk: 1, b.pk: 2}

    def test_demo_photos_are_jpegs_that_vary_by_seed(self, vehicle):
        one = draw_car_photo("Toyota", "Harrier", "pearl white", 1)
        two = draw_car_photo("Toyota", "Harrier", "pearl white", 2)
        assert one != two and one == draw_car_photo("Toyota", "Harrier", "pearl white", 1)
        with Image.open(io.BytesIO(one)) as image:
            assert image.format == "JPEG" and min(image.size) >= 480
        photo = add_ready_photo(vehicle, data=one)
        assert photo.state == "ready"


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_real_worker_removes_gps_and_applies_the_orientation(celery_worker, monkeypatch):
    """When storing the rendered files fails during the upload, the 201 says "processing" with no URLs
    (never a URL that does not serve yet) and a real worker makes them."""
    yard = YardFactory()
    merchant = MerchantFactory(yard=yard)
    vehicle = VehicleFactory(yard=yard, status="available")
    data = two_tone_jpeg((4000, 3000), exif=exif_with_gps_and_orientation(6))
    with Image.open(io.BytesIO(data)) as original:  # the test file really carries GPS and orientation
        assert original.getexif().get_ifd(GPS_IFD)
        assert original.getexif()[ORIENTATION] == 6

    monkeypatch.setattr(photos, "_store_rendered", lambda *args: None)  # the storage failed at that moment
    response = client_for(merchant).post(photos_url(vehicle), {"image": upload(data)}, format="multipart")
    assert response.status_code == 201, response.content
    assert (response.json()["state"], response.json()["url"], response.json()["thumbnail_url"]) == (
        "processing", None, None)
    photo_id = response.json()["id"]
    photo = wait_for(lambda: VehiclePhoto.objects.filter(pk=photo_id, state="ready").first(), timeout=60)

    with photo.web.open("rb") as handle:
        web_bytes = handle.read()
    with Image.open(io.BytesIO(web_bytes)) as web:
        assert web.size == (1440, 1920)  # turned upright (portrait) and at most 1920 on the longest side
        assert not web.getexif()
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(web.info)
        top, bottom = web.getpixel((720, 200)), web.getpixel((720, 1700))
        assert top[0] > 150 and top[2] < 100  # red on top ...
        assert bottom[2] > 150 and bottom[0] < 100  # ... blue below: the orientation was applied
    assert b"Exif" not in web_bytes and b"PhoneMaker" not in web_bytes
    with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert max(thumb.size) == 480 and not thumb.getexif()

    served = client_for(BuyerFactory()).get(client_for(merchant).get(photos_url(vehicle)).json()[0]["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"PhoneMaker" not in b"".join(served.streaming_content)
