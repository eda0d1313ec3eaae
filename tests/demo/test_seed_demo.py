import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User, Yard
from core.models import ExchangeRate
from demo.management.commands.seed_demo import STAFF_RATES
from inventory.models import Vehicle

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_seed_demo_is_idempotent_and_creates_the_contracted_users():
    call_command("seed_demo", "--no-photos")
    counts = (User.objects.count(), Yard.objects.count(), Vehicle.objects.count())
    call_command("seed_demo", "--no-photos")
    assert (User.objects.count(), Yard.objects.count(), Vehicle.objects.count()) == counts
    assert counts[2] >= 200
    users = {u.username: u for u in User.objects.all()}
    assert {"admin", "officer", "merchant1", "merchant2", "buyer1", "buyer2"} <= set(users)
    assert users["merchant1"].yard != users["merchant2"].yard
    assert users["buyer1"].buyer.country == "RU" and users["buyer1"].buyer.city == "Vladivostok"
    assert users["buyer2"].buyer.country == "KZ" and users["buyer2"].buyer.city == "Almaty"
    assert users["buyer1"].check_password("demo-password")
    assert sorted(Yard.objects.values_list("city", flat=True)) == ["Horgos", "Toyama", "Yokohama"]


def test_seed_demo_refuses_to_run_with_debug_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--no-photos")
    assert not User.objects.filter(username="admin").exists()


@override_settings(DEBUG=True)
def test_seed_demo_if_empty_leaves_a_database_that_has_the_demo_admin_alone():
    """What `make run` calls on every start: the demo data is loaded on the first run only."""
    User.objects.create_user("admin", password="changed-by-the-user")
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--no-photos", stdout=out)
    assert "Loading" not in out.getvalue()
    assert not Yard.objects.exists() and not Vehicle.objects.exists()
    assert User.objects.get(username="admin").check_password("changed-by-the-user")


@override_settings(DEBUG=True)
def test_a_demo_started_again_after_its_staff_rates_expired_gets_todays_and_keeps_the_old(settings):
    """Weeks after the first `make run`, RUB and KZT would have no current rate and no quote could be priced."""
    User.objects.create_user("admin", password="demo-password")
    today = dt.date.today()
    old = ExchangeRate.objects.create(currency="RUB", date=today - dt.timedelta(days=30), source="staff",
                                      units_per_eur=Decimal("90"), valid_until=today - dt.timedelta(days=23))
    ExchangeRate.objects.create(currency="KZT", date=today - dt.timedelta(days=1), source="staff",
                                units_per_eur=Decimal("590"), valid_until=today + dt.timedelta(days=6))
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--no-photos", stdout=out)
    renewed = ExchangeRate.objects.filter(source="staff", date=today)
    assert "RUB" in out.getvalue() and "KZT" not in out.getvalue()
    assert set(renewed.values_list("currency", flat=True)) == set(STAFF_RATES) - {"KZT"}  # KZT's is still current
    assert renewed.get(currency="RUB").valid_until == today + dt.timedelta(days=settings.STAFF_RATE_VALID_DAYS)
    assert ExchangeRate.objects.filter(pk=old.pk).exists()  # the expired rate is history, kept
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--no-photos", stdout=out)
    assert out.getvalue() == ""  # all current: nothing to do
