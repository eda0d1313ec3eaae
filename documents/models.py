"""Papers (invoices, contracts, packing lists...) as PDF files, and the gap-free number series they take.

A ``Document`` belongs to any row of an upper app (an order, a shipment) through contenttypes, so this app
imports none of them. Rows are never deleted (a database trigger refuses DELETE and TRUNCATE, migration
0002) and a paper's identity never changes: regenerating one makes a new row with the same number and the
next version, and the old row and its file stay.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.leases import Leased
from documents.storage import private_storage


class NumberSeries(models.Model):
    """The last number handed out for one prefix in one year (``PI-2026-000123``): taken with one
    ``UPDATE … RETURNING`` in the transaction that creates the paper, so numbers are never shared or skipped."""

    prefix = models.CharField(_("prefix"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        ordering = ["prefix", "-year"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="numberseries_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


def _document_path(instance, filename):
    # the number and version name the file; the content hash keeps a re-render from ever overwriting one
    return f"documents/{instance.created:%Y/%m}/{instance.number}-v{instance.version}-{instance.sha256[:12]}.pdf"


class Document(Leased):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    content_type = models.ForeignKey(ContentType, verbose_name=_("owner type"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    number = models.CharField(_("number"), max_length=32)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_document_path, max_length=255,
                            blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True, help_text=_("Why the last rendering failed, if it did."))
    retry_at = models.DateTimeField(_("next try"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    rendered = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["number", "version"], name="document_number_version")]
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind", "-version"], name="document_owner_kind"),
            models.Index(fields=["created"], condition=models.Q(status="pending"), name="document_pending"),
            models.Index(fields=["number", "-version"], condition=models.Q(status="failed"),
                         name="document_failed"),
        ]

    def __str__(self):
        return f"{self.number} v{self.version} ({self.status})"

    @property
    def filename(self) -> str:
        """What a browser saves it as: the number, and the version when there are several."""
        return f"{self.number}.pdf" if self.version == 1 else f"{self.number}-v{self.version}.pdf"
