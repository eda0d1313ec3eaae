"""The CSV file: columns, encodings, delimiters, and turning cells into vehicle values."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import parse_year_month
from core.errors import ApplicationError
from inventory.models import Status, Vehicle
from inventory.services.vehicles import EDITABLE_FIELDS
from inventory.validators import normalize_chassis_no

MAX_ROWS = 50_000
MAX_COLUMNS = 200  # the format has 28; a header far wider is not a stock file (and would flood the report)
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


def _check_width(header: list[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise _refuse(_("The header row has %(count)d columns; a stock file has at most %(max)d. Download the "
                        "template to see the format.") % {"count": len(header), "max": MAX_COLUMNS},
                      "too_many_columns")


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
                _check_width(cells)
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
        try:
            return parse_year_month(value)
        except ValueError:
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


class RowMessage(NamedTuple):
    """One problem as stored: the English message (the catalogue's msgid) and its parameters, so that it is
    shown in the reader's language, not the worker's (``ImportRowError.text``)."""

    text: str
    params: dict
    code: str = ""


def _json_params(params) -> dict:
    return {str(key): value if isinstance(value, int | float | str | bool | type(None)) else str(value)
            for key, value in (params or {}).items()}


def validation_messages(exc: ValidationError) -> list[tuple[str, RowMessage]]:
    """(field, message) pairs of a ValidationError, each message kept as its msgid and parameters."""
    if hasattr(exc, "error_dict"):
        return [(name, message) for name, errors in exc.error_dict.items()
                for error in errors for _name, message in validation_messages(error)]
    return [("", RowMessage(str(error.message), _json_params(error.params), error.code or ""))
            for error in exc.error_list]


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)
    status: str | None = None
    chassis: str = ""
    raw: dict[str, str] = field(default_factory=dict)  # the cells as written, for the report
    errors: dict[str, list[RowMessage]] = field(default_factory=dict)
    parse_errors: dict[str, list[RowMessage]] = field(default_factory=dict)

    def add_error(self, name: str, message, params: dict | None = None, code: str = "") -> None:
        """``message`` is the untranslated text (``import_run`` works with translation off) or a RowMessage."""
        if not isinstance(message, RowMessage):
            message = RowMessage(str(message), _json_params(params), code)
        self.errors.setdefault(name, []).append(message)

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
        row.raw[name] = raw
        if name == "status":
            status = raw.strip().lower()
            if status in IMPORT_STATUSES:
                row.status = status
            elif status:
                row.add_error("status", _("Use draft or available."), code="invalid_status")
            continue
        try:
            value = _cell_value(name, raw)
        except ValidationError as exc:
            for _field, message in validation_messages(exc):
                row.add_error(name, message)
            continue
        if value is not _SKIP:
            row.values[name] = value
    row.chassis = normalize_chassis_no(row.values.get("chassis_no") or "")
    if row.chassis:
        if row.chassis in seen:
            row.add_error("chassis_no", _("This chassis number is already in row %(row)d of this file."),
                          {"row": seen[row.chassis]}, "duplicate_in_file")
        else:
            seen[row.chassis] = number
    row.parse_errors = {name: list(messages) for name, messages in row.errors.items()}
    return row


