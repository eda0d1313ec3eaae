"""Papers uploaded to a shipment (export / deregistration certificate, JEVIC or QISJ inspection certificate,
B/L scan): judged by their content (a complete PDF without scripts, or a sound JPEG, PNG or WebP image; a size
limit), kept in private storage."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from inventory.services.images import paper_content_type
from shipments.models import Attachment, Shipment


def _limit() -> int:
    return getattr(settings, "SHIPMENT_PAPER_MAX_BYTES", 10 * 1024 * 1024)


def content_type_of(data: bytes) -> str:
    """The same content check as a T/T receipt's: a complete PDF without scripts, or a sound image."""
    return paper_content_type(data, wrong_format=_("Upload a PDF, JPEG, PNG or WebP file."))


def attachment_upload(*, shipment: Shipment, by, upload, kind: str, vehicle_id: int | None = None) -> Attachment:
    if kind not in Attachment.Kind.values:
        raise ApplicationError(_("Choose what the paper is."), field="kind")
    limit = _limit()
    too_large = _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
    if getattr(upload, "size", 0) and upload.size > limit:
        raise ApplicationError(too_large, field="file", code="file_too_large")
    upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise ApplicationError(_("The file is empty."), field="file", code="file_empty")
    if len(data) > limit:
        raise ApplicationError(too_large, field="file", code="file_too_large")
    content_type = content_type_of(data)
    if vehicle_id is not None and not shipment.orders.filter(lines__vehicle_id=vehicle_id).exists():
        raise ApplicationError(_("That vehicle is not on this shipment."), field="vehicle")
    name = (getattr(upload, "name", "") or "paper").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        attachment = Attachment(shipment=shipment, vehicle_id=vehicle_id, kind=kind, original_name=name,
                                content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                uploaded_by=by if getattr(by, "pk", None) else None)
        attachment.file.save("paper", ContentFile(data), save=False)
        attachment.save()
    return attachment
