"""Photo archives: a ZIP of photos named by chassis or stock number, attached to the yard's cars by a worker.

The archive is kept through Django's storage API under ``imports/`` (never served); each file in it gets
one report row saying whether it was matched to a car (and became a photo), matched nothing, or was refused.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.leases import Leased


def _archive_path(instance, filename):
    # A random name: the original file name is kept in ``file_name`` and never used as a path.
    return f"imports/{instance.yard_id}/{uuid.uuid4().hex}.zip"


class PhotoArchive(Leased):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the CSV import")
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    yard = models.ForeignKey("accounts.Yard", verbose_name=_("yard"), on_delete=models.PROTECT,
                             related_name="photo_archives")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    import_job = models.ForeignKey("inventory.ImportJob", verbose_name=_("CSV import"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="photo_archives",
                                   help_text=_("Uploaded with this CSV: its photos are matched once it is done."))
    file = models.FileField(_("file"), upload_to=_archive_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.PENDING)
    message = models.TextField(_("message"), blank=True)
    total_files = models.PositiveIntegerField(_("files"), default=0)
    processed_files = models.PositiveIntegerField(_("files processed"), default=0)
    matched_count = models.PositiveIntegerField(_("photos added"), default=0)
    duplicate_count = models.PositiveIntegerField(_("photos already there"), default=0)
    unmatched_count = models.PositiveIntegerField(_("files matching no car"), default=0)
    refused_count = models.PositiveIntegerField(_("files refused"), default=0)
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("photo archive")
        indexes = [models.Index(fields=["yard", "-created"], name="photoarchive_yard_created")]

    def __str__(self):
        return f"photo archive {self.pk} {self.file_name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.State.WAITING, self.State.PENDING, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.State.DONE:
            return 100
        if not self.total_files:
            return 0
        return min(100, self.processed_files * 100 // self.total_files)


class PhotoArchiveEntry(models.Model):
    """What became of one file of the archive."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Added")
        DUPLICATE = "duplicate", _("Already added")
        UNMATCHED = "unmatched", _("No matching car")
        REFUSED = "refused", _("Refused")

    archive = models.ForeignKey(PhotoArchive, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(_("file"), max_length=255)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    vehicle = models.ForeignKey("inventory.Vehicle", verbose_name=_("vehicle"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    photo = models.ForeignKey("inventory.VehiclePhoto", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    sha256 = models.CharField(max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["archive", "id"]
        verbose_name = _("photo archive file")
        indexes = [models.Index(fields=["vehicle", "sha256"], name="photoarchiveentry_vehicle_sha")]

    def __str__(self):
        return f"{self.name}: {self.outcome}"
