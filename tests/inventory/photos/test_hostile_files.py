"""Uploads are judged by their content: hostile, damaged, oversized and unsupported files are refused."""

import io
import time
from pathlib import PurePosixPath

import pytest
from PIL import Image

from inventory.models import VehiclePhoto
from inventory.services import photos
from tests.conftest import client_for
from tests.inventory.photos.conftest import (
    jpeg_bytes,
    photos_url,
    png_bytes,
    png_header_only,
    upload,
    webp_bytes,
)


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
