"""Photo tests: image files built in memory (hostile ones too), and a public car of one yard with its merchant."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inventory.models import VehiclePhoto
from inventory.services import photos
from tests.factories import MerchantFactory, VehicleFactory, YardFactory

GPS_IFD = 0x8825


ORIENTATION = 0x0112


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
