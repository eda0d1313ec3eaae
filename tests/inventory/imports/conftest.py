"""CSV import tests: files built in memory, the worker's path without the queue, and a Toyama merchant."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import ImportJob
from inventory.services import imports
from tests.factories import MerchantFactory, YardFactory

DATA = Path(__file__).resolve().parents[3] / "data"


HEADER = ["make", "model", "grade", "model_code", "chassis_no", "year", "first_registration", "mileage_km",
          "engine_cc", "fuel", "transmission", "body_type", "color", "price_amount", "price_currency",
          "description", "status"]


def real_vins(count: int) -> list[dict]:
    with open(DATA / "vin_samples.csv", newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["check_digit_valid"] == "True"]
    return rows[:count]


def row(chassis: str, **overrides) -> dict:
    values = {"make": "Toyota", "model": "Prius", "grade": "S", "model_code": "DAA-ZVW30", "chassis_no": chassis,
              "year": "2015", "first_registration": "2015-04", "mileage_km": "68000", "engine_cc": "1797",
              "fuel": "hybrid", "transmission": "cvt", "body_type": "hatchback", "color": "White",
              "price_amount": "650000", "price_currency": "JPY", "description": "", "status": "available"}
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], *, header=HEADER, encoding="utf-8", delimiter=",", header_names=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header_names or header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def upload(data: bytes, name: str = "stock.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def run_import(merchant, data: bytes) -> ImportJob:
    """The worker's path without the queue: create the job as the upload does, then run it."""
    job = imports.import_job_create(yard=merchant.yard, user=merchant, upload=upload(data))
    return imports.import_run(job=job)


def report(job: ImportJob) -> list[tuple[int, str, str]]:
    """(row, column, message in the active language) of the job's report."""
    return [(error.row, error.field, error.text) for error in job.errors.all()]


@pytest.fixture
def merchant():
    return MerchantFactory(yard=YardFactory(code="TY"))
