"""A worker dies mid re-screen: the run is handed back and resumed from its last committed chunk."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from compliance.models import ComplianceCheck, RescreenRun, VehicleDecision
from compliance.services import rescreen as rescreen_module
from compliance.services import rescreen_execute
from core.models import Outbox
from tests.compliance.conftest import car
from tests.factories import VehicleFactory, YardFactory


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the service may catch it (the real kill is tests/core/test_faults_*)."""


@pytest.mark.django_db
@override_settings(RESCREEN_CHUNK_IDS=3)
def test_a_resumed_rescreen_screens_every_pair_once(monkeypatch):
    yard = YardFactory(country="JP")
    vehicles = [VehicleFactory(yard=yard, **car(engine_cc=1000 + 200 * i)) for i in range(12)]
    run = RescreenRun.objects.create(reason="rule changed", destinations=["RU", "KZ"])

    saved = rescreen_module._chunk
    calls = []

    def dies_after_five_chunks(*args):
        if len(calls) == 5:
            raise WorkerKilled
        calls.append(args[1])
        return saved(*args)

    monkeypatch.setattr(rescreen_module, "_chunk", dies_after_five_chunks)
    with pytest.raises(WorkerKilled):
        rescreen_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "running" and run.total == 24 and 0 < run.done < 24
    assert run.position["destination"] == 1  # four chunks of RU committed, then one of KZ

    RescreenRun.objects.filter(pk=run.pk).update(lease_expires=timezone.now() - dt.timedelta(seconds=1))
    assert rescreen_module.rescreen_leases_sweep() == 1
    assert Outbox.objects.filter(task="compliance.tasks.rescreen", args=[run.pk]).exists()
    monkeypatch.setattr(rescreen_module, "_chunk", saved)
    run = rescreen_execute(run_id=run.pk)

    assert (run.status, run.attempts, run.total, run.done) == ("done", 2, 24, 24)
    ids = [vehicle.pk for vehicle in vehicles]
    assert VehicleDecision.objects.filter(vehicle_id__in=ids, destination__in=["RU", "KZ"]).count() == 24
    assert ComplianceCheck.objects.filter(vehicle_id__in=ids).count() == 24  # none twice
    assert set(run.rules_fingerprints) == {"JP>RU", "JP>KZ"}


@pytest.mark.django_db
def test_a_run_screens_the_vehicles_it_counted_not_those_listed_while_it_runs(monkeypatch):
    yard = YardFactory(country="JP")
    for i in range(3):
        VehicleFactory(yard=yard, **car(engine_cc=1000 + i))
    run = RescreenRun.objects.create(reason="rule changed", destinations=["RU"])
    saved = rescreen_module._chunk

    def a_car_is_listed_meanwhile(*args):
        VehicleFactory(yard=yard, **car())  # a higher id, checked on its own when listed
        return saved(*args)

    monkeypatch.setattr(rescreen_module, "_chunk", a_car_is_listed_meanwhile)
    run = rescreen_execute(run_id=run.pk)
    assert (run.status, run.total, run.done) == ("done", 3, 3)
