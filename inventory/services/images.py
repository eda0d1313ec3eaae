"""Photo files, plain image work (Pillow, no database): judging an upload by its content, and rendering.

An upload is judged by its content, never its name or content type: Pillow must recognise it as JPEG,
PNG or WebP. Its size in bytes and in pixels is checked from the header alone, before a single pixel
is decoded, so a decompression bomb is refused without being decoded. Rendering applies the EXIF
orientation, drops every piece of metadata (EXIF with its GPS position, XMP, ICC, comments) and makes
a web-size version and a thumbnail.
"""

from __future__ import annotations

import io
import warnings

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.errors import ApplicationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
WEB_LONGEST_SIDE = 1920
THUMB_LONGEST_SIDE = 480
JPEG_QUALITY = 82
THUMB_QUALITY = 78
# Pillow's own guard, process-wide: a warning above this many pixels, an error above twice as many.
# Both are turned into refusals below; our explicit check on the header's size comes first anyway.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow format name -> file extension of the stored original. MPO is how Pillow names the JPEGs
# many phone cameras write (a JPEG with an extra preview picture).
ACCEPTED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
_DECODERS = ["JPEG", "PNG", "WEBP"]  # the only decoders an upload ever reaches
DECODE_ERRORS = (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError, ZeroDivisionError,
                 Image.DecompressionBombError, MemoryError)


def refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field="image")


def _as_file(upload) -> File:
    if isinstance(upload, bytes | bytearray):
        return ContentFile(bytes(upload), name="upload")
    return upload


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in text[:1024]


def _open_header(fileobj) -> Image.Image:
    """Open an image reading its header only: Pillow parses no pixel data until ``load()``."""
    fileobj.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fileobj, formats=_DECODERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refuse(_("The image is larger than %(mp)d megapixels.") % {"mp": MAX_PIXELS // 1_000_000},
                          "image_too_large")
        except UnidentifiedImageError:
            raise refuse(_("This file is not a JPEG, PNG or WebP image."), "image_format")
        except DECODE_ERRORS:
            raise refuse(_("The image file is damaged or incomplete."), "image_damaged")
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise refuse(_("The image is larger than %(mp)d megapixels.") % {"mp": MAX_PIXELS // 1_000_000},
                      "image_too_large")
    if width < 1 or height < 1:
        raise refuse(_("The image file is damaged or incomplete."), "image_damaged")
    return image


def image_read(upload) -> bytes:
    """The upload's bytes, refusing (before reading) anything over the size limit."""
    upload = _as_file(upload)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise refuse(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
                      "file_too_large")
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise refuse(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
                      "file_too_large")
    return data


def image_inspect(data: bytes) -> str:
    """Check an upload by its content; return its Pillow format name or raise ApplicationError (field "image").

    Order matters: the byte size (``image_read``) and the header's pixel count are checked before any
    pixel is decoded.
    """
    if not data:
        raise refuse(_("The file is empty."), "image_empty")
    if _looks_like_svg(data[:2048]):
        raise refuse(_("SVG images are not accepted: upload a JPEG, PNG or WebP photo."), "image_format")

    image = _open_header(io.BytesIO(data))
    image_format = image.format
    try:
        if image_format not in ACCEPTED_FORMATS:
            raise refuse(_("This file is not a JPEG, PNG or WebP image."), "image_format")
        try:
            image.verify()  # structure and checksums (PNG chunk CRCs) without decoding pixels
        except DECODE_ERRORS:
            raise refuse(_("The image file is damaged or incomplete."), "image_damaged")
    finally:
        image.close()

    # A truncated JPEG or WebP only shows when decoded. The size is now known to be bounded; a JPEG
    # is decoded at 1/8 scale (cheap) since only the completeness of its data matters here.
    image = _open_header(io.BytesIO(data))
    try:
        image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except DECODE_ERRORS:
        raise refuse(_("The image file is damaged or incomplete."), "image_damaged")
    finally:
        image.close()
    return image_format


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB when the image carries another colour profile (the profile itself is dropped)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels only: transparency goes onto white, 16-bit and palette images are converted."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("P", "PA", "LA", "RGBA", "La", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _encode_jpeg(image: Image.Image, quality: int) -> bytes:
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a new image carries no info (EXIF, XMP, ICC, comments) from the source
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def image_render(data: bytes) -> tuple[bytes, bytes, tuple[int, int]]:
    """Web version and thumbnail (JPEG, no metadata, upright) of an image; returns (web, thumb, web size)."""
    image = _open_header(io.BytesIO(data))
    with image:
        # Orientation-independent target: the longest side, so draft() may decode a JPEG at 1/2..1/8 scale.
        image.draft(None, _fit(image.size, WEB_LONGEST_SIDE))
        image.load()
        upright = ImageOps.exif_transpose(image)
    upright = _flatten(_to_srgb(upright))
    web = upright.resize(_fit(upright.size, WEB_LONGEST_SIDE), Image.Resampling.LANCZOS) \
        if max(upright.size) > WEB_LONGEST_SIDE else upright
    thumb = web.resize(_fit(web.size, THUMB_LONGEST_SIDE), Image.Resampling.LANCZOS) \
        if max(web.size) > THUMB_LONGEST_SIDE else web
    return _encode_jpeg(web, JPEG_QUALITY), _encode_jpeg(thumb, THUMB_QUALITY), web.size


IMAGE_CONTENT_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def paper_content_type(data: bytes, *, wrong_format: str, field: str = "file") -> str:
    """A scanned or exported paper (T/T receipt, B/L, export certificate) judged by its content: a complete PDF
    without scripts, or an image that ``image_inspect`` accepts. Returns its content type; ``wrong_format`` is
    the message for anything else."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise ApplicationError(_("The PDF is damaged or incomplete."), field=field, code="file_damaged")
        if b"/JavaScript" in data or b"/JS " in data or b"/Launch" in data:
            raise ApplicationError(_("PDFs with scripts are not accepted."), field=field, code="file_format")
        return "application/pdf"
    try:
        image_format = image_inspect(data)
    except ApplicationError as exc:
        code = "file_damaged" if exc.code == "image_damaged" else "file_format"
        message = exc.message if code == "file_damaged" else wrong_format
        raise ApplicationError(message, field=field, code=code) from None
    return IMAGE_CONTENT_TYPES[image_format]

