"""Import jobs: accept a file, save its valid rows chunk by chunk (set-based), report the rest."""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from core.csv_safe import csv_safe_writer
from core.errors import ApplicationError
from core.leases import (
    LeaseLost,
    LeaseSpec,
    lease_claim,
    lease_release,
    lease_renew,
    leases_expired_count,
    leases_reclaim,
)
from core.outbox import outbox_enqueue, outbox_enqueue_many
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
from inventory.validators import normalize_chassis_no

logger = logging.getLogger(__name__)
MAX_BYTES = 10 * 1024 * 1024
CHUNK_SIZE = 1000
MAX_STORED_ERRORS = 1000  # the report lists the first problems and counts the rest
MAX_VALUE = 200  # characters of a refused cell shown in the report
IMPORT_TASK = "inventory.tasks.import_run"
IMPORT_LEASE = LeaseSpec(
    ImportJob,
    give_up={"message": lambda: _("The import stopped repeatedly (its worker died). The rows reported as saved "
                                  "are saved; upload the file again to import the rest."),
             "finished": timezone.now},
)
TRANSIENT = (OperationalError, InterfaceError)


# --- Saving a chunk ----------------------------------------------------------------------------------

@dataclass
class _Outcome:
    rows: int = 0
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str, RowMessage, str]] = field(default_factory=list)  # row, field, message, cell

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
            self.errors.extend((row.number, name, message, row.raw.get(name, "")[:MAX_VALUE]) for message in messages)


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
    """Progress and the report, committed with the chunk's vehicles (and the checks they owe) under our lease,
    so they always agree and a resumed import starts after the last committed chunk."""
    stored = ImportRowError.objects.filter(job=job).count()  # at most MAX_STORED_ERRORS: an index range
    room = max(MAX_STORED_ERRORS - stored, 0)
    ImportRowError.objects.bulk_create(
        [ImportRowError(job=job, row=row, field=name[:40], message=message.text, params=message.params,
                        code=message.code[:40], value=value) for row, name, message, value in outcome.errors[:room]])
    lease_renew(
        IMPORT_LEASE, job.pk,
        processed_rows=F("processed_rows") + outcome.rows,
        created_count=F("created_count") + len(outcome.created_ids),
        updated_count=F("updated_count") + len(outcome.updated_ids),
        unchanged_count=F("unchanged_count") + outcome.unchanged,
        error_count=F("error_count") + outcome.failed,
        errors_not_stored=F("errors_not_stored") + max(len(outcome.errors) - room, 0),
    )
    ids = outcome.created_ids + outcome.updated_ids
    if ids:
        vehicles_changed.send(sender=Vehicle, vehicle_ids=ids)


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
    """Accept an upload and owe its import to a worker (``inventory.tasks.import_run``, sent once committed)."""
    job = import_job_create(yard=yard, user=user, upload=upload)
    outbox_enqueue(IMPORT_TASK, [job.pk])
    return job


def import_run(*, job: ImportJob) -> ImportJob:
    """Import a job's file. Leased (``core.leases``): a job runs in one worker at a time whoever calls, and
    one whose worker died is resumed after its last committed chunk (no row is saved or counted twice)."""
    if not lease_claim(IMPORT_LEASE, job.pk):
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk, started__isnull=True).update(started=timezone.now())
    job.refresh_from_db()
    # The report is stored untranslated (msgids and parameters) and shown in its reader's language.
    with translation.override(None):
        return _run(job)


def _run(job: ImportJob) -> ImportJob:
    try:
        with job.file.open("rb") as handle:
            parsed = csv_parse(handle.read())
        user = job.uploaded_by
        ImportJob.objects.filter(pk=job.pk).update(total_rows=len(parsed.records))
        if parsed.unknown and not ImportRowError.objects.filter(job=job, row=parsed.header_row).exists():
            ImportRowError.objects.bulk_create(
                ImportRowError(job=job, row=parsed.header_row, field=name[:40], code="unknown_column",
                               value=name[:MAX_VALUE],
                               message=_("Unknown column, ignored.")) for name in parsed.unknown)
        resume_at = job.processed_rows
        seen = _chassis_seen(parsed.columns, parsed.records[:resume_at])
        for start in range(resume_at, len(parsed.records), CHUNK_SIZE):
            rows = [_parse_row(parsed.columns, number, cells, seen)
                    for number, cells in parsed.records[start:start + CHUNK_SIZE]]
            _chunk_import(job=job, user=user, rows=rows)
    except LeaseLost:
        logger.warning("import %s: lease lost, another worker carries on", job.pk)
    except ApplicationError as exc:
        _finish(job, ImportJob.State.FAILED, exc.message)
    except TRANSIENT:
        _stop(job)
        raise
    except Exception:
        logger.exception("import %s failed", job.pk)
        _finish(job, ImportJob.State.FAILED, _("The import stopped on an unexpected error; the rows already "
                                               "reported as saved are saved."))
        raise
    else:
        _finish(job, ImportJob.State.DONE)
    job.refresh_from_db()
    return job


def _chassis_seen(columns: list[str | None], records: list[tuple[int, list[str]]]) -> dict[str, int]:
    """The chassis numbers of the rows already imported (a resumed job still spots repeats in the file)."""
    if "chassis_no" not in columns:
        return {}
    index = columns.index("chassis_no")
    seen: dict[str, int] = {}
    for number, cells in records:
        chassis = normalize_chassis_no(cells[index].strip()) if index < len(cells) else ""
        if chassis:
            seen.setdefault(chassis, number)
    return seen


def _finish(job: ImportJob, status: str, message: str = "") -> None:
    lease_release(IMPORT_LEASE, job.pk, status=status, message=message, finished=timezone.now())


def _stop(job: ImportJob) -> None:
    """A database hiccup: back to waiting, resumed by the retried task (or failed after too many tries)."""
    try:
        job.refresh_from_db(fields=["attempts"])
        if job.attempts < IMPORT_LEASE.max_attempts:
            lease_release(IMPORT_LEASE, job.pk, status=ImportJob.State.PENDING)
        else:
            _finish(job, ImportJob.State.FAILED, str(IMPORT_LEASE.give_up["message"]()))
    except DatabaseError:  # the database is gone: the lease expires and the sweeper hands the job back
        logger.warning("import %s: could not record the stop", job.pk, exc_info=True)


def imports_leases_sweep() -> int:
    """The sweeper's part: imports whose worker died go back to a worker, resumed (or fail after too many)."""
    return leases_reclaim(IMPORT_LEASE, lambda ids: outbox_enqueue_many(IMPORT_TASK, [[pk] for pk in ids]))


def imports_stuck_count() -> int:
    """Imports past their lease (for /healthz)."""
    return leases_expired_count(IMPORT_LEASE)


# --- The file format, for people ---------------------------------------------------------------------

def import_template_csv() -> str:
    """The header and two example rows, with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_safe_writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([row.get(name, "") for name in COLUMNS] for row in TEMPLATE_ROWS)
    return out.getvalue()


def import_report_csv(job: ImportJob) -> str:
    """The row-level report as CSV in the active language (the downloader's): row, the file's column, the
    field as people read it, the message and the cell as written; with a BOM so that Excel opens it as UTF-8.

    Formula-safe (``core.csv_safe``): a cell a spreadsheet would run (``=``, ``+``, ``-``, ``@``...) is
    neutralised. The problems left out of a long report are counted in a last line.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_safe_writer(out)
    writer.writerow([_("Row"), _("Column"), _("Field"), _("Message"), _("Value")])
    writer.writerows((error.row, error.field, error.field_label, error.text, error.value)
                     for error in job.errors.order_by("row", "id").iterator(chunk_size=2000))
    if job.errors_not_stored:
        writer.writerow(["", "", "", _("… and %(count)d more problems, not listed: fix these rows and upload the "
                                       "file again.") % {"count": job.errors_not_stored}])
    return out.getvalue()
