import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.storage import private_storage


def _attachment_path(instance, filename):
    # private storage, never served directly: a random name; the original is kept in a field
    return f"shipment-papers/{instance.shipment_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A paper uploaded to a shipment (checked by content: PDF, JPEG or PNG), served only through an access check."""

    class Kind(models.TextChoices):
        EXPORT_CERTIFICATE = "export_certificate", _("Export / deregistration certificate")
        INSPECTION = "inspection", _("Inspection certificate (JEVIC, QISJ)")
        BL_SCAN = "bl_scan", _("Bill of lading (scan)")
        OTHER = "other", _("Other")

    shipment = models.ForeignKey("shipments.Shipment", on_delete=models.PROTECT, related_name="attachments")
    vehicle = models.ForeignKey("inventory.Vehicle", verbose_name=_("vehicle"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipment", "created", "id"]
        verbose_name = _("shipment paper")

    def __str__(self):
        return f"{self.shipment_id}: {self.original_name}"
