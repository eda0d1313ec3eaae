"""Vehicle photos: who may add, order and delete them; hostile files; metadata removal; private serving."""

import io
import struct
import time
import zlib
from pathlib import PurePosixPath

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.errors import ApplicationError
from inventory.services import photos
from demo.photos import draw_car_photo
from inventory.models import VehiclePhoto
from tests.conftest import client_for, wait_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory

GPS_IFD = 0x8825
ORIENTATION = 0x0112


# --- files -----------------------------------------------------------------------------------------


def jpeg_bytes(size=(800, 600), color=(200, 30, 30), exif=None, quality=90) -> bytes:
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=quality, **kwargs)
    return buffer.getvalue()


def png_bytes(size=(640, 480), mode="RGB", color=(20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def webp_bytes(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 160, 60)).save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 4096))
            + _png_chunk(b"IEND", b""))


def upload(data: bytes, name="car.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def exif_with_gps_and_orientation(orientation=6) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    exif[GPS_IFD] = {1: "N", 2: (36.0, 41.0, 50.0), 3: "E", 4: (137.0, 12.0, 40.0)}
    return exif


def two_tone_jpeg(size=(4000, 3000), exif=None) -> bytes:
    """Left half red, right half blue: after a 90-degree turn clockwise, top is red and bottom blue."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88, exif=exif if exif is not None else b"")
    return buffer.getvalue()


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _remove_photo_files():
    """Photo files go to the shared test media root; remove the ones this test made."""
    yield
    try:
        rows = list(VehiclePhoto.objects.values_list("original", "web", "thumbnail"))
    except Exception:  # no database access in this test
        return
    for names in rows:
        for name in names:
            if name:
                default_storage.delete(name)


@pytest.fixture
def yard():
    return YardFactory()


@pytest.fixture
def merchant(yard):
    return MerchantFactory(yard=yard)


@pytest.fixture
def vehicle(yard):
    return VehicleFactory(yard=yard, status="available")


def add_ready_photo(vehicle, user=None, data=None) -> VehiclePhoto:
    photo = photos.photo_add(vehicle=vehicle, user=user, upload=upload(data or jpeg_bytes()), enqueue=False)
    return photos.photo_process(photo)


def photos_url(vehicle) -> str:
    return f"/api/v1/vehicles/{vehicle.pk}/photos/"


# --- who may change photos -------------------------------------------------------------------------


@pytest.mark.django_db
class TestUploadPermissions:
    def test_the_owning_yards_merchant_adds_a_photo(self, merchant, vehicle, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            response = client_for(merchant).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                 format="multipart")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) >= {"id", "url", "thumbnail_url", "state"}
        assert body["state"] == "processing"
        assert body["url"] == reverse("inventory:photo", args=[body["id"], "web"])
        assert body["thumbnail_url"] == reverse("inventory:photo", args=[body["id"], "thumb"])
        assert len(callbacks) == 1  # the processing task is queued after commit, not before

    def test_broker_staff_add_a_photo_to_any_yards_vehicle(self, vehicle):
        response = client_for(StaffFactory()).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                   format="multipart")
        assert response.status_code == 201

    def test_it_rejects_other_merchants_vehicle_as_not_found(self, vehicle):
        other = MerchantFactory(yard=YardFactory())
        response = client_for(other).post(photos_url(vehicle), {"image": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 404
        assert not VehiclePhoto.objects.exists()

    def test_a_buyer_cannot_add_photos(self, vehicle):
        response = client_for(BuyerFactory()).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                   format="multipart")
        assert response.status_code in (403, 404)
        assert not VehiclePhoto.objects.exists()

    def test_anonymous_callers_must_sign_in(self, api_client, vehicle):
        response = api_client.post(photos_url(vehicle), {"image": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 401
        assert not VehiclePhoto.objects.exists()

    def test_a_missing_image_field_is_a_clear_400(self, merchant, vehicle):
        response = client_for(merchant).post(photos_url(vehicle), {"file": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 400
        assert "image" in response.json()["errors"]


@pytest.mark.django_db
class TestDeleteAndOrderPermissions:
    @pytest.fixture
    def photo(self, vehicle, merchant):
        return add_ready_photo(vehicle, merchant)

    def detail_url(self, photo):
        return f"/api/v1/vehicles/{photo.vehicle_id}/photos/{photo.pk}/"

    def order_url(self, vehicle):
        return f"/api/v1/vehicles/{vehicle.pk}/photos/order/"

    def test_the_owner_deletes_a_photo_and_its_files(self, merchant, photo, django_capture_on_commit_callbacks):
        names = [photo.original.name, photo.web.name, photo.thumbnail.name]
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(merchant).delete(self.detail_url(photo))
        assert response.status_code == 204
        assert not VehiclePhoto.objects.filter(pk=photo.pk).exists()
        assert not any(default_storage.exists(name) for name in names)

    @pytest.mark.parametrize("who", ["other_merchant", "buyer"])
    def test_others_cannot_delete_or_order(self, who, photo, vehicle):
        user = MerchantFactory(yard=YardFactory()) if who == "other_merchant" else BuyerFactory()
        client = client_for(user)
        assert client.delete(self.detail_url(photo)).status_code == 404
        response = client.post(self.order_url(vehicle), {"ids": [photo.pk]}, format="json")
        assert response.status_code == 404
        assert VehiclePhoto.objects.filter(pk=photo.pk).exists()

    def test_anonymous_cannot_delete_or_order(self, api_client, photo, vehicle):
        assert api_client.delete(self.detail_url(photo)).status_code == 401
        assert api_client.post(self.order_url(vehicle), {"ids": [photo.pk]}, format="json").status_code == 401

    def test_a_photo_of_another_vehicle_is_not_found(self, merchant, photo, yard):
        other_vehicle = VehicleFactory(yard=yard)
        response = client_for(merchant).delete(f"/api/v1/vehicles/{other_vehicle.pk}/photos/{photo.pk}/")
        assert response.status_code == 404

    def test_the_owner_orders_photos_and_chooses_the_main_one(self, merchant, vehicle, photo):
        second, third = add_ready_photo(vehicle, merchant), add_ready_photo(vehicle, merchant)
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [third.pk, second.pk, photo.pk],
                                                                      "main": second.pk}, format="json")
        assert response.status_code == 200, response.content
        result = response.json()["photos"]
        assert [p["id"] for p in result] == [second.pk, third.pk, photo.pk]  # main first, then by position
        assert [p["is_main"] for p in result] == [True, False, False]
        assert VehiclePhoto.objects.get(pk=third.pk).position == 0

    def test_ordering_with_a_foreign_photo_is_refused(self, merchant, vehicle, photo):
        foreign = add_ready_photo(VehicleFactory(yard=YardFactory()))
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [foreign.pk, photo.pk]}, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "unknown_photo"

    def test_ordering_with_duplicates_is_refused(self, merchant, vehicle, photo):
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [photo.pk, photo.pk]}, format="json")
        assert response.status_code == 400

    def test_the_owner_lists_photos_with_their_state(self, merchant, vehicle, photo):
        response = client_for(merchant).get(photos_url(vehicle))
        assert response.status_code == 200
        assert response.json()[0]["state"] == "ready"
        assert client_for(BuyerFactory()).get(photos_url(vehicle)).status_code == 404


# --- hostile and broken files ----------------------------------------------------------------------


@pytest.mark.django_db
class TestPhotoAttacks:
    def post(self, merchant, vehicle, data, name="car.jpg", content_type="image/jpeg"):
        return client_for(merchant).post(photos_url(vehicle), {"image": upload(data, name, content_type)},
                                         format="multipart")

    def assert_refused(self, response, code):
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == code
        assert body["errors"]["image"]
        assert not VehiclePhoto.objects.exists()

    def test_it_refuses_a_file_that_is_not_an_image(self, merchant, vehicle):
        self.assert_refused(self.post(merchant, vehicle, b"just some text, not a photo\n" * 20), "image_format")

    def test_it_refuses_a_text_file_named_like_a_jpeg(self, merchant, vehicle):
        response = self.post(merchant, vehicle, b"#!/bin/sh\necho owned\n", name="photo.jpg")
        self.assert_refused(response, "image_format")

    def test_it_refuses_an_html_file_named_like_a_jpeg(self, merchant, vehicle):
        response = self.post(merchant, vehicle, b"<html><script>alert(1)</script></html>", name="x.jpg")
        self.assert_refused(response, "image_format")

    def test_it_refuses_a_truncated_jpeg(self, merchant, vehicle):
        data = jpeg_bytes((1600, 1200), color=(90, 120, 150))
        noisy = io.BytesIO()
        Image.effect_noise((1600, 1200), 60).convert("RGB").save(noisy, "JPEG", quality=90)
        data = noisy.getvalue()
        self.assert_refused(self.post(merchant, vehicle, data[: len(data) // 2]), "image_damaged")

    def test_it_refuses_a_truncated_png(self, merchant, vehicle):
        data = png_bytes()
        self.assert_refused(self.post(merchant, vehicle, data[:-20], name="a.png"), "image_damaged")

    def test_it_refuses_a_decompression_bomb_without_decoding_it(self, merchant, vehicle):
        bomb = png_header_only(50000, 50000)
        assert len(bomb) < 1000
        started = time.monotonic()
        response = self.post(merchant, vehicle, bomb, name="bomb.png", content_type="image/png")
        assert time.monotonic() - started < 2  # decoding 2.5 gigapixels would take far longer (and 7.5 GB)
        self.assert_refused(response, "image_too_large")

    def test_it_refuses_images_just_over_40_megapixels(self, merchant, vehicle):
        response = self.post(merchant, vehicle, png_header_only(8000, 5001), name="big.png")
        self.assert_refused(response, "image_too_large")

    def test_it_refuses_svg(self, merchant, vehicle):
        svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
        response = self.post(merchant, vehicle, svg, name="car.svg", content_type="image/svg+xml")
        self.assert_refused(response, "image_format")
        assert "SVG" in response.json()["detail"]

    def test_it_refuses_svg_named_like_a_jpeg(self, merchant, vehicle):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        self.assert_refused(self.post(merchant, vehicle, svg), "image_format")

    def test_it_refuses_files_over_20_mb(self, merchant, vehicle):
        data = jpeg_bytes() + b"\0" * (20 * 1024 * 1024)
        response = self.post(merchant, vehicle, data)
        self.assert_refused(response, "file_too_large")
        assert "20 MB" in response.json()["detail"]

    def test_it_refuses_gif_and_bmp(self, merchant, vehicle):
        for kind in ("GIF", "BMP"):
            buffer = io.BytesIO()
            Image.new("RGB", (50, 50)).save(buffer, kind)
            self.assert_refused(self.post(merchant, vehicle, buffer.getvalue(), name="x.jpg"), "image_format")

    def test_it_refuses_an_empty_file(self, merchant, vehicle):
        response = self.post(merchant, vehicle, b"")
        assert response.status_code == 400
        assert response.json()["errors"]["image"]
        assert not VehiclePhoto.objects.exists()

    def test_a_png_named_jpg_is_judged_by_content_and_kept_as_png(self, merchant, vehicle):
        response = self.post(merchant, vehicle, png_bytes(), name="photo.jpg", content_type="image/jpeg")
        assert response.status_code == 201
        photo = VehiclePhoto.objects.get()
        assert photo.original.name.endswith(".png")
        assert not PurePosixPath(photo.original.name).name.startswith("photo")  # the client's name is never used

    def test_webp_is_accepted(self, merchant, vehicle):
        assert self.post(merchant, vehicle, webp_bytes(), name="x.webp", content_type="image/webp").status_code == 201

    def test_a_vehicle_has_at_most_the_photo_limit(self, merchant, vehicle, monkeypatch):
        monkeypatch.setattr(photos, "MAX_PHOTOS_PER_VEHICLE", 2)
        for _ in range(2):
            assert self.post(merchant, vehicle, jpeg_bytes()).status_code == 201
        response = self.post(merchant, vehicle, jpeg_bytes())
        assert response.status_code == 400
        assert response.json()["code"] == "too_many_photos"
        assert VehiclePhoto.objects.count() == 2


# --- the services ----------------------------------------------------------------------------------


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


# --- metadata removal with a real worker -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_real_worker_removes_gps_and_applies_the_orientation(celery_worker):
    yard = YardFactory()
    merchant = MerchantFactory(yard=yard)
    vehicle = VehicleFactory(yard=yard, status="available")
    data = two_tone_jpeg((4000, 3000), exif=exif_with_gps_and_orientation(6))
    with Image.open(io.BytesIO(data)) as original:  # the test file really carries GPS and orientation
        assert original.getexif().get_ifd(GPS_IFD)
        assert original.getexif()[ORIENTATION] == 6

    response = client_for(merchant).post(photos_url(vehicle), {"image": upload(data)}, format="multipart")
    assert response.status_code == 201, response.content
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

    served = client_for(BuyerFactory()).get(response.json()["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"PhoneMaker" not in b"".join(served.streaming_content)


# --- serving ---------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestServing:
    def get(self, client, photo, size="web"):
        return client.get(reverse("inventory:photo", args=[photo.pk, size]))

    def test_anyone_sees_photos_of_public_stock_with_safe_headers(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        response = self.get(client, photo)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        thumb = self.get(client, photo, "thumb")
        assert thumb.status_code == 200

    def test_a_drafts_photo_is_hidden_from_everyone_but_its_yard_and_staff(self, client, yard, merchant):
        draft = VehicleFactory(yard=yard, status="draft")
        photo = add_ready_photo(draft)
        assert self.get(client, photo).status_code == 404
        for outsider in (BuyerFactory(), MerchantFactory(yard=YardFactory())):
            client.force_login(outsider)
            assert self.get(client, photo).status_code == 404
        for insider in (merchant, StaffFactory()):
            client.force_login(insider)
            response = self.get(client, photo)
            assert response.status_code == 200
            assert "private" in response["Cache-Control"]

    def test_the_original_is_never_served(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        for size in ("original", "orig", "../original", "full"):
            assert client.get(f"/stock/photos/{photo.pk}/{size}/").status_code == 404

    def test_a_photo_still_processing_is_not_found(self, client, vehicle):
        photo = photos.photo_add(vehicle=vehicle, user=None, upload=upload(jpeg_bytes()), enqueue=False)
        assert self.get(client, photo).status_code == 404

    def test_an_unknown_photo_is_not_found(self, client):
        assert client.get(reverse("inventory:photo", args=[987654, "web"])).status_code == 404

    def test_a_repeat_request_with_the_etag_gets_304(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        etag = self.get(client, photo)["ETag"]
        again = client.get(reverse("inventory:photo", args=[photo.pk, "web"]), headers={"if-none-match": etag})
        assert again.status_code == 304


# --- the merchant's photo manager (pages) ---------------------------------------------------------


@pytest.mark.django_db
class TestPhotoManagerPages:
    htmx = {"HX-Request": "true"}

    def test_the_partial_offers_camera_multiple_files_and_the_accepted_types(self, client, merchant, vehicle):
        client.force_login(merchant)
        response = client.get(reverse("inventory:photo_manager", args=[vehicle.pk]), headers=self.htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'capture="environment"' in html and "multiple" in html
        assert 'accept="image/jpeg,image/png,image/webp"' in html
        assert "js/photos.js" in html

    def test_uploading_several_files_keeps_the_good_ones_and_explains_the_bad(self, client, merchant, vehicle):
        client.force_login(merchant)
        files = [upload(jpeg_bytes(), "front.jpg"), upload(b"not an image", "notes.jpg"),
                 upload(png_bytes(), "side.png")]
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]), {"images": files},
                               headers=self.htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert VehiclePhoto.objects.filter(vehicle=vehicle).count() == 2
        assert "notes.jpg" in html and "not a JPEG, PNG or WebP" in html
        assert "every 2s" in html  # photos processing: the grid polls until they are ready
        assert html.count("hx-trigger=") == 1

    def test_the_grid_stops_polling_when_every_photo_is_ready(self, client, merchant, vehicle):
        add_ready_photo(vehicle)
        client.force_login(merchant)
        html = client.get(reverse("inventory:photo_manager", args=[vehicle.pk]), headers=self.htmx).content.decode()
        assert "every 2s" not in html
        assert "Main photo" in html

    def test_a_plain_form_post_redirects_back_to_the_edit_page(self, client, merchant, vehicle):
        client.force_login(merchant)
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]),
                               {"images": [upload(jpeg_bytes())]})
        assert response.status_code == 302
        assert response["Location"] == reverse("inventory:vehicle_edit", args=[vehicle.pk])

    def test_move_set_main_and_delete(self, client, merchant, vehicle):
        a, b, c = (add_ready_photo(vehicle) for _ in range(3))
        client.force_login(merchant)
        client.post(reverse("inventory:photo_move", args=[vehicle.pk, c.pk]), {"direction": "left"}, headers=self.htmx)
        assert [p.pk for p in photos.photos_in_order(vehicle.pk)] == [a.pk, c.pk, b.pk]
        client.post(reverse("inventory:photo_set_main", args=[vehicle.pk, b.pk]), headers=self.htmx)
        assert photos.photos_in_order(vehicle.pk)[0].pk == b.pk
        response = client.post(reverse("inventory:photo_delete", args=[vehicle.pk, b.pk]), headers=self.htmx)
        assert response.status_code == 200
        assert [p.pk for p in photos.photos_in_order(vehicle.pk)] == [a.pk, c.pk]
        assert VehiclePhoto.objects.get(pk=a.pk).is_main

    @pytest.mark.parametrize("who", ["other_merchant", "buyer"])
    def test_others_get_404_on_every_manager_page(self, client, vehicle, who):
        photo = add_ready_photo(vehicle)
        client.force_login(MerchantFactory(yard=YardFactory()) if who == "other_merchant" else BuyerFactory())
        urls = [
            ("get", reverse("inventory:photo_manager", args=[vehicle.pk])),
            ("post", reverse("inventory:photo_upload", args=[vehicle.pk])),
            ("post", reverse("inventory:photo_set_main", args=[vehicle.pk, photo.pk])),
            ("post", reverse("inventory:photo_move", args=[vehicle.pk, photo.pk])),
            ("post", reverse("inventory:photo_delete", args=[vehicle.pk, photo.pk])),
        ]
        for method, url in urls:
            assert getattr(client, method)(url, headers=self.htmx).status_code == 404, url
        assert VehiclePhoto.objects.filter(pk=photo.pk).exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, vehicle):
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]))
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.django_db
def test_the_api_schema_documents_the_photo_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/vehicles/{id}/photos/" in text
    assert "/api/v1/vehicles/{id}/photos/order/" in text
