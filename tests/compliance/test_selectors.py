"""What the catalog reads: the latest decisions per vehicle and destination, and the exportable filter."""

import pytest

from compliance.selectors import exclude_blocked_for, latest_decisions, rules_in_force_count
from compliance.services import vehicles_check
from inventory.models import Vehicle
from tests.compliance.conftest import car
from tests.factories import VehicleFactory, YardFactory


@pytest.mark.django_db
def test_latest_decisions_come_in_one_query(django_assert_num_queries):
    yard = YardFactory(country="JP")
    small, large = VehicleFactory(yard=yard, **car()), VehicleFactory(yard=yard, **car(engine_cc=2500))
    vehicles_check(vehicle_ids=[small.pk, large.pk], destinations=["RU", "MN"])
    with django_assert_num_queries(1):
        decisions = latest_decisions([small.pk, large.pk, 999999])
    assert decisions == {small.pk: {"MN": "clear", "RU": "clear"}, large.pk: {"MN": "clear", "RU": "blocked"}}
    assert latest_decisions([]) == {}


@pytest.mark.django_db
def test_exclude_blocked_for_leaves_out_only_blocked_vehicles():
    yard = YardFactory(country="JP")
    small, large = VehicleFactory(yard=yard, **car()), VehicleFactory(yard=yard, **car(engine_cc=2500))
    unchecked = VehicleFactory(yard=yard)
    vehicles_check(vehicle_ids=[small.pk, large.pk], destinations=["RU"])
    ids = set(exclude_blocked_for(Vehicle.objects.all(), "RU").values_list("pk", flat=True))
    assert ids == {small.pk, unchecked.pk}
    assert set(exclude_blocked_for(Vehicle.objects.all(), "MN").values_list("pk", flat=True)) == {
        small.pk, large.pk, unchecked.pk}
    assert "NOT EXISTS" in str(exclude_blocked_for(Vehicle.objects.all(), "RU").query)


@pytest.mark.django_db
def test_rules_in_force_today_are_counted():
    assert rules_in_force_count() >= 20
