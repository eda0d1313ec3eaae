"""Checks on create/change and set-based re-screens when rules change: with a real Celery worker."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from compliance import tasks
from compliance.models import ComplianceCheck, DecisionChange, RescreenRun, RuleSet, VehicleDecision
from compliance.selectors import latest_decisions
from compliance.services import rescreen as rescreen_module
from compliance.services import (
    rescreen_execute,
    rescreen_rules_due,
    review_decide,
    rule_publish,
    vehicles_check,
)
from compliance.services.notify import notify_merchants
from compliance.services.rules import version_fields
from inventory.models import Vehicle
from inventory.signals import vehicles_changed
from notifications.models import Notification
from tests.compliance.conftest import car
from tests.conftest import wait_for
from tests.factories import MerchantFactory, OfficerFactory, VehicleFactory, YardFactory

BAN_OVER_1500 = {"all": [{"fact": "category", "op": "eq", "value": "M1"},
                         {"fact": "engine_cc", "op": "gt", "value": 1500}]}


def publish_ban(officer, **overrides):
    fields = {"condition": BAN_OVER_1500, "effect": "block", "message": "Cars over 1,500 cc are banned.",
              "citation_source": "Test decree 1", "citation_url": "https://example.com/decree",
              "effective_from": timezone.localdate(), "destinations": ["RU"], **overrides}
    return rule_publish(rule_set=RuleSet.objects.get(code="jp-ru-export"), code="JP-RU-ENGINE-1500", user=officer,
                        **fields)


def stock(yard):
    small = VehicleFactory(yard=yard, **car(engine_cc=1400))
    medium = VehicleFactory(yard=yard, **car(engine_cc=1800))
    large = VehicleFactory(yard=yard, **car(engine_cc=2500))
    return small, medium, large


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_listed_vehicle_is_checked_by_a_worker_for_every_destination(celery_worker):
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car(engine_cc=2500))
    vehicles_changed.send(sender=Vehicle, vehicle_ids=[vehicle.pk])

    decisions = wait_for(lambda: len(latest_decisions([vehicle.pk]).get(vehicle.pk, {})) ==
                         len(settings.BROKER_DESTINATIONS) and latest_decisions([vehicle.pk])[vehicle.pk])
    assert decisions["RU"] == "blocked"
    assert decisions["KZ"] == "clear"  # the house policy judges sales (orders), not vehicles
    assert decisions["MN"] == "clear"
    check = ComplianceCheck.objects.get(vehicle_id=vehicle.pk, destination="RU")
    assert check.reason == "vehicle" and check.facts["engine_cc"] == 2500 and check.checked_by is None


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_publishing_a_rule_rescreens_the_stock_and_tells_the_merchant(celery_worker):
    yard = YardFactory(country="JP")
    merchant = MerchantFactory(yard=yard, email="merchant@example.com")
    other_yard_merchant = MerchantFactory(yard=YardFactory(country="JP"))
    small, medium, large = stock(yard)
    vehicles_check(vehicle_ids=[small.pk, medium.pk, large.pk])
    before = latest_decisions([small.pk, medium.pk, large.pk])
    assert [before[v.pk]["RU"] for v in (small, medium, large)] == ["clear", "clear", "blocked"]

    version = publish_ban(OfficerFactory())

    run = wait_for(lambda: RescreenRun.objects.filter(status="done").first(), timeout=60)
    assert run.destinations == ["RU"] and run.origins == ["JP"]
    assert run.total == run.done == 3
    after = latest_decisions([small.pk, medium.pk, large.pk])
    assert [after[v.pk]["RU"] for v in (small, medium, large)] == ["clear", "blocked", "blocked"]
    assert after[medium.pk]["KZ"] == before[medium.pk]["KZ"]  # other destinations untouched
    change = DecisionChange.objects.get(run=run)
    assert (change.vehicle_id, change.old_decision, change.new_decision) == (medium.pk, "clear", "blocked")
    check = ComplianceCheck.objects.get(pk=change.check_record_id)
    assert check.reason == "rescreen"
    assert {"rule": "JP-RU-ENGINE-1500", "rule_version": version.version} .items() <= check.findings[0].items()
    # the large car's findings changed too (a second block), so it has a new check, but no decision change
    assert run.changed == 1
    notification = Notification.objects.get(user=merchant)
    assert notification.payload["count"] == 1 and notification.payload["changes"][0]["vehicle_id"] == medium.pk
    assert notification.emailed_at is not None
    assert not Notification.objects.filter(user=other_yard_merchant).exists()


@pytest.mark.django_db
def test_a_rescreen_is_idempotent_and_set_based():
    yard = YardFactory(country="JP")
    small, medium, large = stock(yard)
    first = RescreenRun.objects.create(reason="test", destinations=["RU", "KE"])
    rescreen_execute(run_id=first.pk)
    checks = ComplianceCheck.objects.count()
    assert checks == 6
    again = RescreenRun.objects.create(reason="again", destinations=["RU", "KE"])
    rescreen_execute(run_id=again.pk)
    again.refresh_from_db()
    assert again.status == "done" and again.done == 6 and again.changed == 0
    assert ComplianceCheck.objects.count() == checks  # nothing changed, nothing recorded
    assert rescreen_execute(run_id=again.pk) is None  # a finished run is never taken twice


@pytest.mark.django_db
def test_the_set_based_path_agrees_with_the_per_vehicle_path():
    yards = [YardFactory(country=country) for country in ("JP", "CN", "DE")]
    variants = [car(engine_cc=cc, fuel=fuel, steering=steering, first_registration=registered)
                for cc in (1500, 1900, 1901) for fuel in ("petrol", "mild_hybrid", "hybrid")
                for steering in ("rhd", "lhd") for registered in (dt.date(2018, 5, 1), dt.date(2024, 1, 1))]
    ids = [VehicleFactory(yard=yards[i % 3], **variant).pk for i, variant in enumerate(variants)]
    vehicles_check(vehicle_ids=ids)
    per_vehicle = latest_decisions(ids)
    VehicleDecision.objects.all().delete()
    run = RescreenRun.objects.create(reason="test", destinations=list(settings.BROKER_DESTINATIONS))
    rescreen_execute(run_id=run.pk)
    assert latest_decisions(ids) == per_vehicle


@pytest.mark.django_db
def test_an_approval_survives_a_rescreen_until_the_rule_asking_for_review_changes():
    yard = YardFactory(country="JP")
    vehicle = VehicleFactory(yard=yard, **car(fuel="mild_hybrid"))
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["RU"])
    decision = VehicleDecision.objects.get(vehicle=vehicle, destination="RU")
    assert decision.decision == "review"
    officer = OfficerFactory()
    review_decide(decision=decision, outcome="approve", reason="Maker confirms a 12 V mild hybrid.", user=officer)
    assert VehicleDecision.objects.get(pk=decision.pk).decision == "clear"

    rescreen_execute(run_id=RescreenRun.objects.create(reason="r", destinations=["RU"]).pk)
    assert VehicleDecision.objects.get(pk=decision.pk).decision == "clear"

    mild = RuleSet.objects.get(code="jp-ru-export").rules.get(code="JP-RU-MILD-HYBRID").current
    rule_publish(rule_set=mild.rule.rule_set, code=mild.rule.code, rescreen=False,
                 **{**version_fields(mild), "message": "Reworded."})
    rescreen_execute(run_id=RescreenRun.objects.create(reason="r", destinations=["RU"]).pk)
    assert VehicleDecision.objects.get(pk=decision.pk).decision == "review"  # a new version asks again


@pytest.mark.django_db
def test_rules_starting_today_trigger_a_rescreen_of_their_scope():
    start = dt.date(2031, 5, 1)
    publish_ban(None, effective_from=start)
    run = rescreen_rules_due(on=start)
    assert run.destinations == ["RU"] and run.origins == ["JP"] and run.as_of == start
    assert rescreen_rules_due(on=dt.date(2031, 5, 2)) is None


@pytest.mark.django_db
def test_a_run_failure_is_recorded(monkeypatch):
    VehicleFactory(yard=YardFactory(country="JP"))
    run = RescreenRun.objects.create(reason="bad", destinations=["RU"])

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(rescreen_module, "_chunk", broken)
    with pytest.raises(RuntimeError):
        rescreen_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "went away" in run.error


@pytest.mark.django_db
def test_merchants_get_one_notification_and_one_email_per_run(mailoutbox):
    yard = YardFactory(country="JP")
    merchant = MerchantFactory(yard=yard, email="yard@example.com")
    small, medium, large = stock(yard)
    vehicles_check(vehicle_ids=[small.pk, medium.pk, large.pk], destinations=["RU"])
    publish_ban(OfficerFactory())  # its own run waits for the commit; run one here
    run = RescreenRun.objects.create(reason="rule published", destinations=["RU"], origins=["JP"])
    rescreen_execute(run_id=run.pk)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["yard@example.com"]
    assert medium.stock_no in mailoutbox[0].body and "clear → blocked" in mailoutbox[0].body
    notify_merchants(run_id=run.pk)  # a retried task sends nothing twice
    assert len(mailoutbox) == 1 and Notification.objects.filter(user=merchant).count() == 1


def test_the_beat_schedule_names_a_real_task():
    assert settings.CELERY_BEAT_SCHEDULE["compliance-rescreen-due-rules"]["task"] == (
        tasks.rescreen_rules_coming_into_force.name)
