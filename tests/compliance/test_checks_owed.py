"""Every listed car gets its decisions: the check is owed in the listing's transaction, sent again until done."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from compliance.models import ComplianceCheck, VehicleDecision
from compliance.services import checks, vehicles_check
from core import health
from core.models import Outbox
from inventory.models import Vehicle
from tests.catalog.test_vehicle_api import NEW_CAR
from tests.conftest import client_for
from tests.factories import MerchantFactory, VehicleFactory, YardFactory


def make_old(vehicle, minutes=5):
    Vehicle.objects.filter(pk=vehicle.pk).update(updated=timezone.now() - dt.timedelta(minutes=minutes))


@pytest.mark.django_db
def test_listing_a_car_owes_its_checks_in_the_same_transaction(django_capture_on_commit_callbacks):
    merchant = MerchantFactory(yard=YardFactory(country="JP"))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(merchant).post("/api/v1/vehicles/", NEW_CAR, format="json")
    assert response.status_code == 201
    vehicle_id = Vehicle.objects.get().pk
    assert list(Outbox.objects.values_list("task", "args")) == [("compliance.tasks.check_vehicles", [[vehicle_id]])]
    assert len(callbacks) == 1  # sent once committed (or by the sweeper if the broker is down)


@pytest.mark.django_db
def test_a_refused_listing_owes_nothing():
    merchant = MerchantFactory(yard=YardFactory(country="JP"))
    response = client_for(merchant).post("/api/v1/vehicles/", {**NEW_CAR, "year": 1700}, format="json")
    assert response.status_code == 400 and not Outbox.objects.exists()


@pytest.mark.django_db
def test_a_check_delivered_twice_records_one_check():
    vehicle = VehicleFactory(yard=YardFactory(country="JP"))
    assert vehicles_check(vehicle_ids=[vehicle.pk], only_stale=True) == len(settings.BROKER_DESTINATIONS)
    assert vehicles_check(vehicle_ids=[vehicle.pk], only_stale=True) == 0
    assert ComplianceCheck.objects.filter(vehicle_id=vehicle.pk).count() == len(settings.BROKER_DESTINATIONS)


@pytest.mark.django_db
def test_a_change_that_raced_a_check_is_checked_again_and_a_change_of_no_fact_is_only_confirmed():
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), engine_cc=1500)
    vehicles_check(vehicle_ids=[vehicle.pk])
    VehicleDecision.objects.filter(vehicle=vehicle).update(decided_at=timezone.now() - dt.timedelta(hours=1))
    Vehicle.objects.filter(pk=vehicle.pk).update(description="New tyres")
    make_old(vehicle, minutes=10)  # changed after its decisions were made
    assert checks.vehicles_unchecked_count() == 1
    assert vehicles_check(vehicle_ids=[vehicle.pk], only_stale=True) == 0  # no fact changed: confirmed
    assert checks.vehicles_unchecked_count() == 0

    Vehicle.objects.filter(pk=vehicle.pk).update(engine_cc=2500)  # as if the check had read the old row
    assert vehicles_check(vehicle_ids=[vehicle.pk], only_stale=True) == len(settings.BROKER_DESTINATIONS)
    assert VehicleDecision.objects.get(vehicle=vehicle, destination="RU").check_record.facts["engine_cc"] == 2500


@pytest.mark.django_db
def test_the_sweeper_owes_a_check_to_a_car_left_unchecked_and_healthz_counts_it(client):
    cache.delete(checks.CHECKED_THROUGH_KEY)
    checked, forgotten, withdrawn, fresh = (VehicleFactory(yard=YardFactory(country="JP")) for _ in range(4))
    vehicles_check(vehicle_ids=[checked.pk])
    for vehicle in (checked, forgotten, withdrawn):
        make_old(vehicle)
    Vehicle.objects.filter(pk=withdrawn.pk).update(status="withdrawn")

    assert checks.vehicles_unchecked_count() == 1  # not the checked, the withdrawn, nor the one just listed
    assert health.backlog()["vehicles_unchecked"] == 1

    assert checks.vehicles_unchecked_sweep() == 1
    assert list(Outbox.objects.values_list("args", flat=True)) == [[[forgotten.pk]]]
    # it stays in the window until decided; the window starts no later than the forgotten car
    assert cache.get(checks.CHECKED_THROUGH_KEY) <= Vehicle.objects.get(pk=forgotten.pk).updated
    vehicles_check(vehicle_ids=[forgotten.pk], only_stale=True)
    assert checks.vehicles_unchecked_sweep() == 0 and checks.vehicles_unchecked_count() == 0
    assert cache.get(checks.CHECKED_THROUGH_KEY) > Vehicle.objects.get(pk=forgotten.pk).updated
