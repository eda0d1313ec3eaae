"""Import jobs: accept a file, save its valid rows chunk by chunk (set-based), report the rest."""

from __future__ import annotations

import csv
import io
import logging
import os
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from inventory import tasks
from inventory.models import ImportJob, ImportRowError, Status, Vehicle
from inventory.services.bulk_sql import stock_numbers_allocate, vehicles_copy_insert
from inventory.services.imports.csvfile import (
    _CLEAN_EXCLUDE,
    COLUMNS,
    TEMPLATE_ROWS,
    RowMessage,
    _parse_row,
    _refuse,
    _Row,
    csv_parse,
    validation_messages,
)
from inventory.services.vehicles import MERCHANT_TRANSITIONS
from inventory.signals import vehicles_changed

logger = logging.getLogger(__name__)
MAX_BYTES = 10 * 1024 * 1024
CHUNK_SIZE = 1000


# --- Saving a chunk ----------------------------------------------------------------------------------

@dataclass
class _Outcome:
    rows: int = 0
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str, RowMessage]] = field(default_factory=list)

    def merge(self, other: _Outcome) -> None:
        self.rows += other.rows
        self.created_ids += other.created_ids
        self.updated_ids += other.updated_ids
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.errors += other.errors

    def fail(self, row: _Row) -> None:
        self.failed += 1
        for name, messages in row.errors.items():
            self.errors.extend((row.number, name, message) for message in messages)


def _existing_by_chassis(chassis: set[str]) -> dict[str, Vehicle]:
    """The listed (not withdrawn) vehicles with these chassis numbers, locked, in one query."""
    if not chassis:
        return {}
    queryset = (Vehicle.objects.annotate(chassis_upper=Upper("chassis_no"))
                .filter(chassis_upper__in=chassis).exclude(status=Status.WITHDRAWN)
                .order_by("pk").select_for_update())
    return {vehicle.chassis_upper: vehicle for vehicle in queryset}


def _validate(vehicle: Vehicle, row: _Row) -> None:
    try:
        vehicle.full_clean(exclude=_CLEAN_EXCLUDE | set(row.errors), validate_unique=False,
                           validate_constraints=False)
    except ValidationError as exc:
        already = set(row.errors)  # a cell that could not be read already says why
        for name, message in validation_messages(exc):
            name = "" if name == "__all__" else name
            if name not in already:
                row.add_error(name, message)


def _chunk_save(*, job: ImportJob, user, rows: list[_Row]) -> _Outcome:
    outcome = _Outcome(rows=len(rows))
    existing = _existing_by_chassis({row.chassis for row in rows if row.chassis})
    creates: list[Vehicle] = []
    updates: list[Vehicle] = []
    changed_fields: set[str] = set()
    for row in rows:
        row.reset()
        current = existing.get(row.chassis)
        if current is not None and current.yard_id != job.yard_id:
            row.add_error("chassis_no", _("This chassis number is already listed by another yard."),
                          code="listed_by_another_yard")
            current = None
        if current is None:
            vehicle = Vehicle(yard_id=job.yard_id, created_by=user, status=row.status or Status.DRAFT,
                              **row.values)
            _validate(vehicle, row)
            if row.errors:
                outcome.fail(row)
            else:
                creates.append(vehicle)
            continue
        if current.status in (Status.SOLD, Status.SHIPPED):
            row.add_error("", _("A sold or shipped vehicle can no longer be edited."), code="sold")
        if row.status and row.status != current.status and row.status not in MERCHANT_TRANSITIONS.get(
                current.status, ()):
            row.add_error("status", _("A %(old)s vehicle cannot be set to %(new)s."),
                          {"old": current.status, "new": row.status}, "status_transition")
        before = {name: getattr(current, name) for name in COLUMNS}
        for name, value in row.values.items():
            setattr(current, name, value)
        if row.status:
            current.status = row.status
        _validate(current, row)
        if row.errors:
            outcome.fail(row)
            continue
        changed = {name for name in COLUMNS if getattr(current, name) != before[name]}
        if changed:
            changed_fields |= changed
            updates.append(current)
        else:
            outcome.unchanged += 1
    reason = f"CSV import {job.pk}"
    if creates:
        for vehicle, stock_no in zip(creates, stock_numbers_allocate(yard=job.yard, count=len(creates)),
                                     strict=True):
            vehicle.stock_no = stock_no
        vehicles_copy_insert(creates)
        Vehicle.history.bulk_history_create(creates, default_user=user, default_change_reason=reason)
        outcome.created_ids = [vehicle.pk for vehicle in creates]
    if updates:
        now = timezone.now()
        for vehicle in updates:
            vehicle.updated = now
        Vehicle.objects.bulk_update(updates, sorted(changed_fields | {"updated"}), batch_size=500)
        Vehicle.history.bulk_history_create(updates, update=True, default_user=user, default_change_reason=reason)
        outcome.updated_ids = [vehicle.pk for vehicle in updates]
    return outcome


def _database_error_message(exc: Exception) -> tuple[str, str]:
    if "uniq_active_chassis_no" in str(exc):
        return "chassis_no", _("A vehicle with this chassis number is already listed.")
    return "", _("This row could not be saved; please check its values.")


def _chunk_import(*, job: ImportJob, user, rows: list[_Row]) -> _Outcome:
    """Save a chunk set-based; if the database refuses it (a concurrent listing), retry row by row."""
    try:
        with transaction.atomic():
            outcome = _chunk_save(job=job, user=user, rows=rows)
            _chunk_record(job, outcome)
        return outcome
    except (IntegrityError, DataError):
        logger.info("import %s: chunk refused by the database, saving row by row", job.pk, exc_info=True)
    outcome = _Outcome()
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    outcome.merge(_chunk_save(job=job, user=user, rows=[row]))
            except (IntegrityError, DataError) as exc:
                row.reset()
                name, message = _database_error_message(exc)
                row.add_error(name, message)
                outcome.rows += 1
                outcome.fail(row)
        _chunk_record(job, outcome)
    return outcome


def _chunk_record(job: ImportJob, outcome: _Outcome) -> None:
    """Progress and the report, committed with the chunk's vehicles so they always agree."""
    ImportRowError.objects.bulk_create(
        [ImportRowError(job=job, row=row, field=name[:40], message=message.text, params=message.params,
                        code=message.code[:40]) for row, name, message in outcome.errors])
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=F("processed_rows") + outcome.rows,
        created_count=F("created_count") + len(outcome.created_ids),
        updated_count=F("updated_count") + len(outcome.updated_ids),
        unchanged_count=F("unchanged_count") + outcome.unchanged,
        error_count=F("error_count") + outcome.failed,
    )
    ids = outcome.created_ids + outcome.updated_ids
    if ids:
        transaction.on_commit(lambda: vehicles_changed.send(sender=Vehicle, vehicle_ids=ids))


# --- Services ----------------------------------------------------------------------------------------

def import_job_create(*, yard, user, upload) -> ImportJob:
    """Check an uploaded file (CSV text by content, size, rows, header) and keep it as a pending job."""
    if yard is None:
        raise ApplicationError(_("Only a yard merchant can import stock (into their own yard)."),
                               code="not_merchant", status=403)
    if upload is None:
        raise _refuse(_("Choose a CSV file to upload."), "required")
    if (getattr(upload, "size", None) or 0) > MAX_BYTES:
        raise _refuse(_("The file is larger than 10 MB: split it into several files."), "too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(_("The file is larger than 10 MB: split it into several files."), "too_large")
    parsed = csv_parse(data)
    file_name = get_valid_filename(os.path.basename(getattr(upload, "name", "") or "")) or "import.csv"
    job = ImportJob(yard=yard, uploaded_by=user if getattr(user, "pk", None) else None, file_name=file_name[:255],
                    encoding=parsed.encoding, delimiter=parsed.delimiter, total_rows=len(parsed.records))
    job.file.save("import.csv", ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def import_start(*, yard, user, upload) -> ImportJob:
    """Accept an upload and have a worker import it (``inventory.tasks.import_run``) once committed."""
    job = import_job_create(yard=yard, user=user, upload=upload)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    tasks.import_run.delay(job_id)


def import_run(*, job: ImportJob) -> ImportJob:
    """Import a pending job's file. Claimed by a conditional UPDATE, so a job runs once whoever calls."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.State.PENDING).update(
        status=ImportJob.State.RUNNING, started=timezone.now())
    job.refresh_from_db()
    if not claimed:
        return job
    # The report is stored untranslated (msgids and parameters) and shown in its reader's language.
    with translation.override(None):
        return _run(job)


def _run(job: ImportJob) -> ImportJob:
    try:
        with job.file.open("rb") as handle:
            parsed = csv_parse(handle.read())
        user = job.uploaded_by
        ImportJob.objects.filter(pk=job.pk).update(total_rows=len(parsed.records))
        if parsed.unknown:
            ImportRowError.objects.bulk_create(
                ImportRowError(job=job, row=parsed.header_row, field=name[:40], code="unknown_column",
                               message=_("Unknown column, ignored.")) for name in parsed.unknown)
        seen: dict[str, int] = {}
        for start in range(0, len(parsed.records), CHUNK_SIZE):
            rows = [_parse_row(parsed.columns, number, cells, seen)
                    for number, cells in parsed.records[start:start + CHUNK_SIZE]]
            _chunk_import(job=job, user=user, rows=rows)
    except ApplicationError as exc:
        _finish(job, ImportJob.State.FAILED, exc.message)
    except Exception:
        logger.exception("import %s failed", job.pk)
        _finish(job, ImportJob.State.FAILED, _("The import stopped on an unexpected error; the rows already "
                                               "reported as saved are saved."))
        raise
    else:
        _finish(job, ImportJob.State.DONE)
    return job


def _finish(job: ImportJob, status: str, message: str = "") -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=status, message=message, finished=timezone.now())
    job.refresh_from_db()


# --- The file format, for people ---------------------------------------------------------------------

def import_template_csv() -> str:
    """The header and two example rows, with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def import_report_csv(job: ImportJob) -> str:
    """The row-level report as CSV in the active language (the downloader's): row, the file's column, the
    field as people read it and the message; with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Row"), _("Column"), _("Field"), _("Message")])
    writer.writerows((error.row, error.field, error.field_label, error.text)
                     for error in job.errors.order_by("row", "id").iterator(chunk_size=2000))
    return out.getvalue()

