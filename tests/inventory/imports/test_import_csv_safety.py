"""What the import writes back is formula-safe, its report is bounded, and an absurdly wide file is refused."""

import csv
import io

import pytest
from django.urls import reverse

from core.csv_safe import csv_safe_cell
from inventory.models import ImportJob, Vehicle
from inventory.services import imports
from tests.conftest import client_for
from tests.inventory.imports.conftest import HEADER, csv_bytes, row, run_import, upload

HYPERLINK = '=HYPERLINK("http://evil.example/x","click")'


def report_rows(client, job) -> list[list[str]]:
    response = client.get(reverse("inventory:import_report", args=[job.pk]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+31 6 1234", "'+31 6 1234"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Toyota", "Toyota"), ("", ""), (3, 3), ("5-door", "5-door"),
])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(cell, written):
    assert csv_safe_cell(cell) == written


@pytest.mark.django_db
def test_a_formula_in_the_header_and_a_negative_price_come_back_as_text(client, merchant):
    job = run_import(merchant, csv_bytes([row("ZVW30-5100001", price_amount="-5", color="=2+5")],
                                         header=[*HEADER, "junk"], header_names=[*HEADER, HYPERLINK]))
    assert (job.created_count, job.error_count) == (0, 1)
    assert job.errors.get(field="price_amount").text == "Ensure this value is greater than or equal to 0.01."

    client.force_login(merchant)
    lines = report_rows(client, job)

    assert lines[0] == ["Row", "Column", "Field", "Message", "Value"]
    assert ["1", "'" + HYPERLINK[:40], "'" + HYPERLINK[:40], "Unknown column, ignored.", "'" + HYPERLINK] in lines
    assert ["2", "price_amount", "Price", "Ensure this value is greater than or equal to 0.01.", "'-5"] in lines
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


@pytest.mark.django_db
def test_the_template_is_written_through_the_same_helper(client):
    content = client.get(reverse("inventory:import_template")).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0] == list(imports.COLUMNS) and len(lines) == 3


@pytest.mark.django_db
def test_a_header_wider_than_200_columns_is_refused_with_one_error_and_nothing_saved(merchant):
    header = HEADER + [f"x{i}" for i in range(250)]
    data = csv_bytes([row("ZVW30-5100002")], header=header)
    response = client_for(merchant).post("/api/v1/imports/", {"file": upload(data)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "too_many_columns" and "267 columns" in str(body)
    assert not ImportJob.objects.exists() and not Vehicle.objects.exists()


@pytest.mark.django_db
def test_the_report_keeps_the_first_thousand_problems_and_counts_the_rest(client, merchant):
    rows = [row(f"ZVW30-{5200000 + i}", mileage_km="-1", year="1700") for i in range(600)]
    job = run_import(merchant, csv_bytes(rows))  # two problems per row: 1,200

    assert (job.error_count, job.errors.count(), job.errors_not_stored) == (600, 1000, 200)
    body = client_for(merchant).get(f"/api/v1/imports/{job.pk}/").json()
    assert len(body["errors"]) == 1000 and body["errors_not_stored"] == 200
    client.force_login(merchant)
    lines = report_rows(client, job)
    assert len(lines) == 1 + 1000 + 1 and "200 more problems" in lines[-1][3]
    page = client.get(reverse("inventory:import_detail", args=[job.pk])).content.decode()
    assert "200 more problems" in page
