"""CSV stock imports: one job per uploaded file, and the row-level report of what could not be saved.

The uploaded file is kept through Django's storage API under ``imports/`` and never served from a
public path: only its yard's merchants and broker staff can download the report, not the file.
"""

import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.leases import Leased
from inventory.models.vehicles import Vehicle


def _import_path(instance, filename):
    # A random name: the original file name is kept in ``file_name`` and never used as a path.
    return f"imports/{instance.yard_id}/{uuid.uuid4().hex}.csv"


class ImportJob(Leased):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    yard = models.ForeignKey("accounts.Yard", verbose_name=_("yard"), on_delete=models.PROTECT,
                             related_name="import_jobs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("file"), upload_to=_import_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=16, blank=True,
                                help_text=_("Detected from the bytes: utf-8, utf-8-sig (with BOM) or cp932."))
    delimiter = models.CharField(_("delimiter"), max_length=1, default=",")
    status = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.PENDING)
    message = models.TextField(_("message"), blank=True, help_text=_("Why the job failed, if it did."))
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("vehicles created"), default=0)
    updated_count = models.PositiveIntegerField(_("vehicles updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("vehicles unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # the report keeps the first MAX_STORED_ERRORS problems; this counts the ones left out
    errors_not_stored = models.PositiveIntegerField(_("problems not listed"), default=0)
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("CSV import")
        verbose_name_plural = _("CSV imports")
        indexes = [models.Index(fields=["yard", "-created"], name="importjob_yard_created"),
                   models.Index(fields=["lease_expires"], condition=models.Q(status="running"),
                                name="importjob_leased")]

    def __str__(self):
        return f"import {self.pk} {self.file_name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.State.PENDING, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.State.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ImportRowError(models.Model):
    """One problem with one row: ``row`` is the spreadsheet row number (the header is row 1).

    ``field`` is the CSV column; ``message`` is the English text with ``%(name)s`` placeholders (the
    translation catalogue's msgid) and ``params`` fill them, so ``text`` and ``field_label`` are made in the
    reader's language when read (the worker that found the problem does not know it). ``code`` says which
    problem it is, for programs."""

    job = models.ForeignKey(ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="errors")
    row = models.PositiveIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=40, blank=True)
    message = models.TextField(_("message"))
    code = models.CharField(_("code"), max_length=40, blank=True, default="")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True, default="",
                             help_text=_("The cell as the file has it (the start of it)."))

    class Meta:
        ordering = ["job", "row", "id"]
        verbose_name = _("import row error")
        indexes = [models.Index(fields=["job", "row"], name="importrowerror_job_row")]

    def __str__(self):
        return f"row {self.row} {self.field}: {self.message}"

    @property
    def text(self) -> str:
        """The message in the active language, its parameters filled in."""
        text = gettext(self.message) if self.message else ""
        if not self.params:
            return text
        try:
            return text % self.params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: the English one
            try:
                return self.message % self.params
            except (KeyError, TypeError, ValueError):
                return self.message

    @property
    def field_label(self) -> str:
        """The column as people read it ("Price", "価格"), or as the file wrote it when it is no vehicle field."""
        if not self.field or self.code == "unknown_column":
            return self.field
        try:
            label = str(Vehicle._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field
        return label[:1].upper() + label[1:]
