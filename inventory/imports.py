"""CSV stock import: a yard uploads a spreadsheet; a worker lists or updates every valid row.

Column format: one header row with the API's vehicle field names (``COLUMNS``)::

    make*, model*, grade, model_code, chassis_no*, year*, first_registration (YYYY-MM), mileage_km*,
    engine_cc (empty only for electric), fuel*, power_kw, transmission, drive, steering, body_type,
    category, gross_weight_kg, seats, doors, color, length_mm, width_mm, height_mm, auction_grade,
    price_amount*, price_currency (ISO 4217, default JPY), description, status (draft | available)

Columns marked * must be present. Choice values are the API's (``petrol``, ``cvt``, ``rhd``...), in any case.

Files: UTF-8 with or without BOM, or Shift_JIS / CP932 as Excel saves it in Japan, told apart by
decoding the bytes strictly (UTF-8 first); comma, semicolon or tab delimiters; header case and spaces
do not matter; blank lines are skipped; an unknown column is reported once and ignored. Up to 10 MB
and 50,000 rows.

Rows are numbered as in a spreadsheet (the header is row 1). Each row is checked with the model's own
rules (``Vehicle.full_clean``: chassis/VIN, dates, engine size vs electric, currency...), and is saved
whole or reported whole: nothing is half-saved. A chassis number the yard already lists (not withdrawn,
any case) updates that vehicle instead of duplicating it: columns missing from the file leave its
fields alone, an empty cell clears an optional field. A chassis number listed by another yard, or
repeated later in the same file, is an error on that row.

Speed: rows are validated in memory and written set-based per chunk of ``CHUNK_SIZE`` rows (one query
for the chunk's chassis numbers, bulk inserts/updates, bulk history), one transaction per chunk.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import os
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, connection, models, transaction
from django.db.models import F
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import is_broker_staff
from core.errors import ApplicationError
from inventory.models import Status, Vehicle
from inventory.models_imports import ImportJob, ImportRowError
from inventory.services import EDITABLE_FIELDS, MERCHANT_TRANSITIONS, stock_numbers_allocate
from inventory.signals import vehicles_changed
from inventory.validators import normalize_chassis_no

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
CHUNK_SIZE = 1000
COLUMNS = (*EDITABLE_FIELDS, "status")
REQUIRED_COLUMNS = ("make", "model", "chassis_no", "year", "mileage_km", "fuel", "price_amount")
IMPORT_STATUSES = (Status.DRAFT, Status.AVAILABLE)
# Checked once per chunk instead of per row (uniqueness) or not applicable to a row (owner, numbering).
_CLEAN_EXCLUDE = {"stock_no", "yard", "created_by"}
_DELIMITERS = ",;\t"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_BINARY_SIGNATURES = (
    b"PK\x03\x04",  # xlsx, zip
    b"\xd0\xcf\x11\xe0",  # xls
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff",
)

COLUMN_HELP = {
    "make": gettext_lazy("Required. Manufacturer, e.g. Toyota."),
    "model": gettext_lazy("Required. Model name, e.g. Prius."),
    "grade": gettext_lazy("Trim or grade, e.g. S Touring Selection."),
    "model_code": gettext_lazy("Model code from the inspection certificate, e.g. DAA-ZVW30."),
    "chassis_no": gettext_lazy("Required. A 17-character VIN or a Japanese frame number like ZVW30-1234567. "
                               "A chassis number you already list updates that vehicle."),
    "year": gettext_lazy("Required. Year of manufacture, e.g. 2015."),
    "first_registration": gettext_lazy("Year and month, YYYY-MM, e.g. 2015-04."),
    "mileage_km": gettext_lazy("Required. Whole kilometres."),
    "engine_cc": gettext_lazy("Engine size in cc; leave empty only for electric cars."),
    "fuel": gettext_lazy("Required. petrol, diesel, hybrid, mild_hybrid, plugin_hybrid, range_extender, "
                         "electric, lpg, cng or hydrogen."),
    "power_kw": gettext_lazy("Power in kW."),
    "transmission": gettext_lazy("automatic, manual, cvt or other (default automatic)."),
    "drive": gettext_lazy("2wd, 4wd or awd (default 2wd)."),
    "steering": gettext_lazy("rhd or lhd (default rhd)."),
    "body_type": gettext_lazy("sedan, hatchback, wagon, suv, van, minivan, pickup, coupe, convertible, truck, "
                              "bus, motorhome, tractor, forklift, machinery or motorcycle (default sedan)."),
    "category": gettext_lazy("M1, M2, M3, N1, N2, N3, L or special (default M1)."),
    "gross_weight_kg": gettext_lazy("Gross vehicle weight in kg."),
    "seats": gettext_lazy("Number of seats."),
    "doors": gettext_lazy("Number of doors."),
    "color": gettext_lazy("Colour, in any language."),
    "length_mm": gettext_lazy("Length in mm (with width and height, gives the m³ freight is priced by)."),
    "width_mm": gettext_lazy("Width in mm."),
    "height_mm": gettext_lazy("Height in mm."),
    "auction_grade": gettext_lazy("Auction grade, e.g. 4.5 or R."),
    "price_amount": gettext_lazy("Required. Positive price, digits with an optional decimal point, e.g. 650000."),
    "price_currency": gettext_lazy("ISO 4217 code, e.g. JPY, USD, EUR (default JPY)."),
    "description": gettext_lazy("Free text, in any language."),
    "status": gettext_lazy("draft or available (new vehicles default to draft)."),
}

TEMPLATE_ROWS = (
    {"make": "Toyota", "model": "Prius", "grade": "S Touring Selection", "model_code": "DAA-ZVW30",
     "chassis_no": "ZVW30-1234567", "year": "2012", "first_registration": "2012-04", "mileage_km": "68000",
     "engine_cc": "1797", "fuel": "hybrid", "power_kw": "73", "transmission": "cvt", "drive": "2wd",
     "steering": "rhd", "body_type": "hatchback", "category": "M1", "gross_weight_kg": "1725", "seats": "5",
     "doors": "5", "color": "Pearl White", "length_mm": "4480", "width_mm": "1745", "height_mm": "1490",
     "auction_grade": "4.5", "price_amount": "650000", "price_currency": "JPY",
     "description": "One owner, navigation, reversing camera", "status": "available"},
    {"make": "Nissan", "model": "Leaf", "grade": "X", "model_code": "ZAA-ZE1", "chassis_no": "ZE1-012345",
     "year": "2018", "first_registration": "2018-02", "mileage_km": "45000", "engine_cc": "", "fuel": "electric",
     "power_kw": "110", "transmission": "automatic", "drive": "2wd", "steering": "rhd", "body_type": "hatchback",
     "category": "M1", "gross_weight_kg": "1795", "seats": "5", "doors": "5", "color": "Silver",
     "length_mm": "4480", "width_mm": "1790", "height_mm": "1540", "auction_grade": "4", "price_amount": "980000",
     "price_currency": "JPY", "description": "40 kWh battery, 11 of 12 bars", "status": "draft"},
)


# --- Reading the file -------------------------------------------------------------------------------

@dataclass
class ParsedCsv:
    encoding: str
    delimiter: str
    header_row: int
    columns: list[str | None]  # per header cell: a known column, or None (unknown or blank: ignored)
    unknown: list[str]
    records: list[tuple[int, list[str]]]  # (spreadsheet row number, cells), blank lines left out


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field="file")


def csv_decode(data: bytes) -> tuple[str, str]:
    """Text and encoding (``utf-8``, ``utf-8-sig`` or ``cp932``) of an uploaded CSV, judged by its bytes."""
    if not data.strip():
        raise _refuse(_("The file is empty."), "empty_file")
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise _refuse(_("This is not a CSV text file: save the spreadsheet as CSV (UTF-8 or Shift_JIS) "
                        "and upload that."), "not_csv")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp932" and _PRIVATE_USE.search(text):
            continue  # bytes cp932 maps to private-use characters: not text Excel wrote
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        sample = text[:65536]
        controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n\x0c")
        if controls > len(sample) // 100:
            raise _refuse(_("This is not a CSV text file: save the spreadsheet as CSV (UTF-8 or Shift_JIS) "
                            "and upload that."), "not_csv")
        return text, encoding
    raise _refuse(_("The file is neither UTF-8 nor Shift_JIS text: save it as CSV UTF-8 or CSV (Shift_JIS)."),
                  "bad_encoding")


def _normalize_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().lower())


def _first_line(text: str) -> str:
    for line in text[:65536].splitlines():
        if line.strip().strip(_DELIMITERS):
            return line
    return ""


def _delimiter(text: str) -> str:
    """csv.Sniffer's guess, unless the header line disagrees (headers never contain delimiters)."""
    header = _first_line(text)
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    by_header = max(counts, key=counts.get)
    try:
        sample = "\n".join(text[:65536].splitlines()[:20])
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = by_header
    return sniffed if counts.get(sniffed, 0) >= counts[by_header] else by_header


def csv_parse(data: bytes) -> ParsedCsv:
    """Decode, find the delimiter and the header, and split the rows; refuse what cannot be imported."""
    text, encoding = csv_decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    header: tuple[int, list[str]] | None = None
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = (number, cells)
                continue
            records.append((number, cells))
            if len(records) > MAX_ROWS:
                raise _refuse(_("The file has more than %(max)d rows: split it into several files.")
                              % {"max": MAX_ROWS}, "too_many_rows")
    except csv.Error as exc:
        raise _refuse(_("Row %(row)d cannot be read (%(error)s): check the quotes in that row.")
                      % {"row": reader.line_num, "error": exc}, "unreadable_row")
    if header is None:
        raise _refuse(_("The file is empty."), "empty_file")
    columns: list[str | None] = []
    unknown: list[str] = []
    for raw in header[1]:
        name = _normalize_header(raw)
        if name in COLUMNS:
            if name in columns:
                raise _refuse(_("The column %(column)s appears twice in the header.") % {"column": name},
                              "duplicate_column")
            columns.append(name)
        else:
            columns.append(None)
            if name:
                unknown.append(raw.strip())
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _refuse(_("The header row lacks the required columns: %(columns)s. Download the template to see "
                        "the format.") % {"columns": ", ".join(missing)}, "missing_columns")
    if not records:
        raise _refuse(_("The file has a header but no rows."), "no_rows")
    return ParsedCsv(encoding, delimiter, header[0], columns, unknown, records)


# --- Turning cells into values -----------------------------------------------------------------------

_FIELDS = {name: Vehicle._meta.get_field(name) for name in EDITABLE_FIELDS}
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$")
_WHOLE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_NUMBER_NOISE = str.maketrans("", "", ", _\u00a0")


def _choice_map(model_field) -> dict[str, str]:
    mapping = {}
    for value, label in model_field.choices:
        mapping[str(label).lower()] = value
        mapping[str(value).lower()] = value
    return mapping


_CHOICES = {name: _choice_map(model_field) for name, model_field in _FIELDS.items() if model_field.choices}
_SKIP = object()


def _cell_value(name: str, raw: str):
    """The Python value of one cell, or ``_SKIP`` for an empty cell that keeps the default/current value."""
    value = raw.strip()
    model_field = _FIELDS[name]
    if value == "":
        if model_field.null:
            return None
        if model_field.has_default():
            return _SKIP
        return ""
    if name == "first_registration":
        match = _YEAR_MONTH.match(value)
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), 1)
        except (AttributeError, ValueError):
            raise ValidationError(_("Use YYYY-MM, e.g. 2020-03."), code="invalid")
    if name in _CHOICES:
        return _CHOICES[name].get(value.lower(), value)
    if name == "price_currency":
        return value.upper()
    if isinstance(model_field, models.IntegerField):
        compact = value.translate(_NUMBER_NOISE)
        if _WHOLE.match(compact):
            return int(compact.split(".")[0])
        return model_field.to_python(value)  # raises the field's own message
    if isinstance(model_field, models.DecimalField):
        return model_field.to_python(value.translate(_NUMBER_NOISE))
    return value


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)
    status: str | None = None
    chassis: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    parse_errors: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(str(message))

    def reset(self) -> None:
        """Back to the errors found in the cells alone (a chunk may be tried twice)."""
        self.errors = {name: list(messages) for name, messages in self.parse_errors.items()}


def _parse_row(columns: list[str | None], number: int, cells: list[str], seen: dict[str, int]) -> _Row:
    row = _Row(number)
    if any(cell.strip() for cell in cells[len(columns):]):
        row.add_error("", _("This row has more cells than the header: check the delimiter and the quotes."))
    for name, raw in zip(columns, cells, strict=False):
        if name is None:
            continue
        if name == "status":
            status = raw.strip().lower()
            if status in IMPORT_STATUSES:
                row.status = status
            elif status:
                row.add_error("status", _("Use draft or available."))
            continue
        try:
            value = _cell_value(name, raw)
        except ValidationError as exc:
            for message in exc.messages:
                row.add_error(name, message)
            continue
        if value is not _SKIP:
            row.values[name] = value
    row.chassis = normalize_chassis_no(row.values.get("chassis_no") or "")
    if row.chassis:
        if row.chassis in seen:
            row.add_error("chassis_no", _("This chassis number is already in row %(row)d of this file.")
                          % {"row": seen[row.chassis]})
        else:
            seen[row.chassis] = number
    row.parse_errors = {name: list(messages) for name, messages in row.errors.items()}
    return row


# --- Saving a chunk ----------------------------------------------------------------------------------

@dataclass
class _Outcome:
    rows: int = 0
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)

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
            self.errors.append((row.number, name, " ".join(messages)))


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
        for name, messages in exc.message_dict.items():
            name = "" if name == "__all__" else name
            if name not in row.errors:  # a cell that could not be read already says why
                for message in messages:
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
            row.add_error("chassis_no", _("This chassis number is already listed by another yard."))
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
            row.add_error("", _("A sold or shipped vehicle can no longer be edited."))
        if row.status and row.status != current.status and row.status not in MERCHANT_TRANSITIONS.get(
                current.status, ()):
            row.add_error("status", _("A %(old)s vehicle cannot be set to %(new)s.")
                          % {"old": current.status, "new": row.status})
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
        _vehicles_insert(creates)
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


_COPY_FIELDS = [f for f in Vehicle._meta.concrete_fields if not f.primary_key]
# Values psycopg adapts as they are (str, int, Decimal, date, datetime, None); others go through Django.
_PLAIN_FIELDS = {f.attname for f in _COPY_FIELDS
                 if isinstance(f, models.CharField | models.TextField | models.IntegerField | models.DecimalField
                               | models.DateField | models.ForeignKey)}


def _vehicles_insert(vehicles: list[Vehicle]) -> None:
    """Insert new vehicles with COPY, as bulk_create would (pk set on each), about 5x faster.

    bulk_create spends most of an import building and parsing one INSERT with ~36,000 parameters per
    chunk; COPY streams the rows. Ids are drawn from the table's sequence first. The row trigger fills
    the search vector and the EUR price, constraints and indexes apply as to any insert.
    """
    table = Vehicle._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [Vehicle._meta.pk, *_COPY_FIELDS])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, Vehicle._meta.pk.column, len(vehicles)])
        ids = [row[0] for row in cursor.fetchall()]
        # The raw psycopg cursor: wrap its errors so that a refused row is Django's IntegrityError.
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk, vehicle in zip(ids, vehicles, strict=True):
                values = [pk]
                for model_field in _COPY_FIELDS:
                    value = model_field.pre_save(vehicle, True)
                    if model_field.attname not in _PLAIN_FIELDS:
                        value = model_field.get_db_prep_save(value, connection)
                    values.append(value)
                copy.write_row(values)
                vehicle.pk = pk
                vehicle._state.adding = False
                vehicle._state.db = connection.alias


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
        [ImportRowError(job=job, row=row, field=name[:40], message=message) for row, name, message in outcome.errors])
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
    from inventory.tasks import import_run as import_run_task

    import_run_task.delay(job_id)


def import_run(*, job: ImportJob) -> ImportJob:
    """Import a pending job's file. Claimed by a conditional UPDATE, so a job runs once whoever calls."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.State.PENDING).update(
        status=ImportJob.State.RUNNING, started=timezone.now())
    job.refresh_from_db()
    if not claimed:
        return job
    try:
        with job.file.open("rb") as handle:
            parsed = csv_parse(handle.read())
        user = job.uploaded_by
        ImportJob.objects.filter(pk=job.pk).update(total_rows=len(parsed.records))
        if parsed.unknown:
            ImportRowError.objects.bulk_create(
                ImportRowError(job=job, row=parsed.header_row, field=name[:40],
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


# --- Reads -------------------------------------------------------------------------------------------

def import_jobs_visible_to(user) -> models.QuerySet[ImportJob]:
    """A merchant's own yard's jobs; broker staff see every yard's."""
    queryset = ImportJob.objects.select_related("yard", "uploaded_by")
    if is_broker_staff(user):
        return queryset
    if user.is_authenticated and user.is_active and user.is_merchant:
        return queryset.filter(yard_id=user.yard_id)
    return queryset.none()


def import_template_csv() -> str:
    """The header and two example rows, with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def import_report_csv(job: ImportJob) -> str:
    """The row-level report (row, field, message) as CSV, with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "field", "message"])
    writer.writerows(job.errors.order_by("row", "id").values_list("row", "field", "message").iterator())
    return out.getvalue()
