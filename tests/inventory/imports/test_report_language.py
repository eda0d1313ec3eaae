"""The import report is stored as codes and parameters and read in the reader's language, field labels included."""

import pytest
from django.urls import reverse
from django.utils import translation

from inventory.models import ImportRowError
from tests.inventory.imports.conftest import HEADER, csv_bytes, row, run_import


@pytest.fixture
def job(merchant):
    rows = [row("ZVW30-1000001"), row("ZVW30-1000001"), row("ZVW30-1000002", mileage_km="-5"),
            row("ZVW30-1000003", first_registration="2015-13")]
    for values in rows:
        values["auction_house"] = "USS Tokyo"
    with translation.override("ru"):  # the worker's language must not end up in the report
        return run_import(merchant, csv_bytes(rows, header=[*HEADER, "auction_house"]))


@pytest.mark.django_db
def test_the_report_keeps_the_message_untranslated_with_its_code_and_parameters(job):
    stored = {(e.row, e.field): (e.message, e.code, e.params) for e in ImportRowError.objects.filter(job=job)}
    assert stored[(3, "chassis_no")] == ("This chassis number is already in row %(row)d of this file.",
                                         "duplicate_in_file", {"row": 2})
    assert stored[(4, "mileage_km")][:2] == ("Ensure this value is greater than or equal to %(limit_value)s.",
                                             "min_value")
    assert stored[(1, "auction_house")][1] == "unknown_column"


@pytest.mark.django_db
def test_a_japanese_merchant_reads_the_report_in_japanese(client, merchant, job):
    client.force_login(merchant)
    url = reverse("inventory:import_detail", args=[job.pk])
    english = client.get(url).content.decode()
    assert "This chassis number is already in row 2 of this file." in english and ">Chassis number<" in english
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "この車台番号はこのファイルの 2 行目に既にあります。" in page
    assert ">車台番号<" in page and ">走行距離（km）<" in page  # field labels, not column names
    assert "この値は 0 以上でなければなりません。" in page
    assert "YYYY-MM の形式で入力してください（例: 2020-03）。" in page
    assert "<code>chassis_no</code>" not in page and ">auction_house<" in page  # an unknown column as written


@pytest.mark.django_db
def test_the_report_csv_is_in_the_downloaders_language(client, merchant, job):
    client.force_login(merchant)
    client.cookies["django_language"] = "ja"
    lines = client.get(reverse("inventory:import_report", args=[job.pk])).content.decode("utf-8-sig").splitlines()
    assert lines[0] == "行,列,項目,メッセージ,値"
    assert any(line.startswith("3,chassis_no,車台番号,この車台番号はこのファイルの 2 行目に既にあります。,") for line in lines)
