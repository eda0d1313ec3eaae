import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User, Yard
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
    assert out.getvalue() == ""
    assert not Yard.objects.exists() and not Vehicle.objects.exists()
    assert User.objects.get(username="admin").check_password("changed-by-the-user")
