"""The ECB feed: parsed from a stored copy of the real file, stored idempotently, failures recorded and shown."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from core import ecb, rates
from core.models import ExchangeRate, RateFetch
from core.signals import exchange_rate_added

FEED = Path(__file__).resolve().parent.parent / "data" / "ecb_eurofxref-hist-90d_2025-05-09.xml"
pytestmark = pytest.mark.django_db


def test_the_feed_parses_into_dated_rates():
    rows = ecb.parse_feed(FEED.read_bytes())
    assert (dt.date(2025, 5, 9), "USD", Decimal("1.1252")) in rows
    assert (dt.date(2025, 5, 9), "JPY", Decimal("163.36")) in rows
    assert {row[0] for row in rows} == {row[0] for row in rows if row[0] >= dt.date(2025, 2, 7)}
    assert "RUB" not in {row[1] for row in rows}  # the ECB stopped publishing it in 2022


def test_fetching_stores_new_rates_once_and_records_each_attempt(django_capture_on_commit_callbacks):
    ExchangeRate.objects.filter(source="ecb", date__gte=dt.date(2025, 5, 1)).delete()
    received = []
    exchange_rate_added.connect(lambda sender, currency, **kw: received.append(currency), weak=False,
                                dispatch_uid="test-ecb-received")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = ecb.ecb_rates_fetch(FEED.as_uri())
        second = ecb.ecb_rates_fetch(FEED.as_uri())
    finally:
        exchange_rate_added.disconnect(dispatch_uid="test-ecb-received")
    assert first.ok and first.rows_added > 0 and first.newest_date == dt.date(2025, 5, 9)
    assert second.ok and second.rows_added == 0
    assert ExchangeRate.objects.get(source="ecb", currency="USD", date=dt.date(2025, 5, 9)).units_per_eur == Decimal(
        "1.1252")
    assert RateFetch.objects.count() == 2
    assert {"USD", "JPY"} <= set(received)


@pytest.mark.parametrize("content", [b"", b"<html>maintenance</html>", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a "
                                     b"'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><x>&b;</x>"])
def test_a_broken_or_hostile_feed_is_a_recorded_failure_not_a_crash(tmp_path, content):
    path = tmp_path / "feed.xml"
    path.write_bytes(content)
    fetch = ecb.ecb_rates_fetch(path.as_uri())
    assert not fetch.ok and fetch.message
    assert any("last ECB fetch" in warning for warning in rates.rates_warnings())


def test_an_unreachable_feed_is_a_recorded_failure():
    fetch = ecb.ecb_rates_fetch("http://127.0.0.1:1/eurofxref.xml", timeout=2)
    assert not fetch.ok and "URLError" in fetch.message


def test_old_rates_are_a_warning_in_healthz_and_on_the_staff_page(admin_client):
    newest = rates.newest_ecb_date()
    warnings = rates.rates_warnings(today=newest + dt.timedelta(days=14))
    assert any("business days ago" in warning for warning in warnings)
    assert not any("business days ago" in w for w in rates.rates_warnings(today=newest + dt.timedelta(days=1)))
    response = admin_client.get("/admin/core/exchangerate/")
    assert response.status_code == 200


@override_settings(STAFF_RATE_VALID_DAYS=7)
def test_staff_rates_expire_and_leave_the_buyers_currency_list():
    today = dt.date.today()
    ExchangeRate.objects.create(currency="KZT", date=today - dt.timedelta(days=2), units_per_eur=Decimal("585"),
                                source="staff")
    ExchangeRate.objects.create(currency="KGS", date=today - dt.timedelta(days=30), units_per_eur=Decimal("98.5"),
                                source="staff")
    current = rates.current_currencies(today)
    assert "KZT" in current and "KGS" not in current
    assert "USD" in current and "EUR" in current and "JPY" in current
    assert not {"EEK", "LTL", "SIT", "TRL", "RUB"} & set(current)
    assert any("KGS" in warning and "expired" in warning for warning in rates.rates_warnings(today))


def test_business_days_skip_weekends():
    friday = dt.date(2025, 5, 9)
    assert rates.business_days_between(friday, dt.date(2025, 5, 12)) == 1  # Monday
    assert rates.business_days_between(friday, dt.date(2025, 5, 23)) == 10
