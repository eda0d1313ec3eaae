"""Upcoming decisions: a rule published today that takes effect on a later date is announced at once."""

import datetime as dt

import pytest
from django.utils import timezone

from compliance.models import DecisionChange, RescreenRun, UpcomingDecision
from compliance.selectors import latest_decisions, upcoming_decisions
from compliance.services import rescreen_execute, rescreen_rules_due, vehicles_check
from compliance.services.notify import run_key
from notifications.models import Notification
from tests.compliance.test_rescreen import publish_ban, stock
from tests.conftest import client_for, wait_for
from tests.factories import MerchantFactory, OfficerFactory, YardFactory


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def run_pending(kind: str) -> list[RescreenRun]:
    """What the worker would do after commit: execute the pending runs of a kind, oldest first."""
    runs = list(RescreenRun.objects.filter(status="pending", kind=kind).order_by("id"))
    for run in runs:
        rescreen_execute(run_id=run.pk)
    return runs


@pytest.fixture
def yard():
    return YardFactory(country="JP")


@pytest.fixture
def merchant(yard):
    return MerchantFactory(yard=yard, email="yard@example.com")


@pytest.fixture
def screened(yard):
    """A 1,400 cc, an 1,800 cc and a 2,500 cc car, screened for Russia today (clear, clear, blocked)."""
    vehicles = stock(yard)
    vehicles_check(vehicle_ids=[v.pk for v in vehicles], destinations=["RU"])
    return vehicles


@pytest.fixture
def announced(screened, merchant, mailoutbox):
    """A ban on cars over 1,500 cc to Russia from tomorrow is published and both runs have worked."""
    publish_ban(OfficerFactory(), effective_from=tomorrow())
    [decisions_run] = run_pending("decisions")
    [upcoming_run] = run_pending("upcoming")
    return decisions_run, upcoming_run


@pytest.mark.django_db
def test_publishing_a_rule_from_tomorrow_leaves_todays_decisions_and_stores_only_the_coming_changes(
        screened, announced):
    small, medium, large = screened
    decisions_run, upcoming_run = announced
    assert [latest_decisions(v.pk for v in screened)[v.pk]["RU"] for v in screened] == ["clear", "clear", "blocked"]
    assert decisions_run.changed == 0
    upcoming_run.refresh_from_db()
    assert upcoming_run.status == "done" and upcoming_run.as_of == tomorrow() and upcoming_run.destinations == ["RU"]
    assert upcoming_run.changed == 1
    row = UpcomingDecision.objects.get()
    assert (row.vehicle_id, row.destination, row.current_decision, row.decision, row.effective_on, row.run_id) == (
        medium.pk, "RU", "clear", "blocked", tomorrow(), upcoming_run.pk)


@pytest.mark.django_db
def test_the_merchant_is_told_what_will_be_blocked_and_from_when(screened, merchant, announced, mailoutbox):
    medium = screened[1]
    upcoming_run = announced[1]
    notification = Notification.objects.get(user=merchant)
    assert notification.key == run_key(upcoming_run.pk)
    assert notification.title == f"From {tomorrow().isoformat()}, 1 of your vehicles will be blocked for RU"
    assert medium.stock_no in notification.body and "clear → blocked" in notification.body
    assert notification.payload["from"] == tomorrow().isoformat()
    assert [item["vehicle_id"] for item in notification.payload["changes"]] == [medium.pk]
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == notification.title


@pytest.mark.django_db
def test_recomputing_the_same_coming_change_does_not_tell_the_merchant_twice(screened, merchant, announced,
                                                                             mailoutbox):
    first = UpcomingDecision.objects.get()
    rescreen_execute(run_id=RescreenRun.objects.create(reason="again", destinations=["RU"], origins=["JP"]).pk)
    [again] = run_pending("upcoming")
    assert UpcomingDecision.objects.get().run_id == first.run_id != again.pk
    assert Notification.objects.filter(user=merchant).count() == 1 and len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_days_rescreen_makes_the_decisions_real_and_clears_the_upcoming_rows(screened, announced):
    small, medium, large = screened
    run = rescreen_rules_due(on=tomorrow())
    rescreen_execute(run_id=run.pk)
    assert latest_decisions([medium.pk])[medium.pk]["RU"] == "blocked"
    assert DecisionChange.objects.get(run=run).vehicle_id == medium.pk
    assert not UpcomingDecision.objects.exists()
    assert not RescreenRun.objects.filter(status="pending").exists()  # no later date to announce


@pytest.mark.django_db
def test_past_dates_are_never_shown(screened, announced):
    medium = screened[1]
    assert upcoming_decisions([medium.pk]) == {medium.pk: {"RU": ("blocked", tomorrow())}}
    assert upcoming_decisions([medium.pk], today=tomorrow() + dt.timedelta(days=1)) == {}


@pytest.mark.django_db
def test_moving_the_start_date_moves_the_coming_change(screened, announced):
    medium = screened[1]
    later = tomorrow() + dt.timedelta(days=7)
    publish_ban(OfficerFactory(), effective_from=later)
    run_pending("decisions")
    run_pending("upcoming")
    assert list(UpcomingDecision.objects.values_list("vehicle_id", "effective_on")) == [(medium.pk, later)]


@pytest.mark.django_db
def test_a_changed_vehicle_gets_its_coming_change_recomputed(screened, announced):
    medium = screened[1]
    medium.engine_cc = 1400
    medium.save()
    vehicles_check(vehicle_ids=[medium.pk], destinations=["RU"])
    [run] = run_pending("upcoming")
    assert run.vehicle_ids == [medium.pk]
    assert not UpcomingDecision.objects.exists()


@pytest.mark.django_db
def test_the_upcoming_decisions_of_a_page_take_one_query(screened, announced, django_assert_num_queries):
    with django_assert_num_queries(1):
        upcoming = upcoming_decisions([v.pk for v in screened])
    assert set(upcoming) == {screened[1].pk}


@pytest.mark.django_db
def test_the_catalog_and_the_vehicle_page_show_the_upcoming_badge(client, screened, announced):
    small, medium, large = screened
    badge = f"→ ✕ from {tomorrow().isoformat()}"
    catalog = client.get("/stock/catalog/").content.decode()
    assert catalog.count(badge) == 1
    assert badge in client.get(f"/stock/catalog/{medium.pk}/").content.decode()
    assert badge not in client.get(f"/stock/catalog/{small.pk}/").content.decode()


@pytest.mark.django_db
def test_the_api_keeps_compliance_and_adds_compliance_upcoming(screened, merchant, announced):
    small, medium, large = screened
    client = client_for(merchant)
    listed = {item["id"]: item for item in client.get("/api/v1/vehicles/").json()["results"]}
    assert listed[medium.pk]["compliance"]["RU"] == "clear"
    assert listed[medium.pk]["compliance_upcoming"] == {"RU": {"decision": "blocked", "from": tomorrow().isoformat()}}
    assert listed[small.pk]["compliance_upcoming"] == {} and listed[large.pk]["compliance_upcoming"] == {}
    one = client.get(f"/api/v1/vehicles/{medium.pk}/").json()
    assert one["compliance_upcoming"]["RU"]["decision"] == "blocked"


@pytest.mark.django_db
def test_the_rule_page_shows_how_many_vehicles_the_coming_change_affects(client, announced):
    client.force_login(OfficerFactory())
    page = client.get("/compliance/rules/JP-RU-ENGINE-1500/").content.decode()
    assert "Coming changes" in page and "1 vehicle decision will change" in page


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_worker_announces_a_rule_from_tomorrow_within_moments_of_publishing(celery_worker):
    yard = YardFactory(country="JP")
    merchant = MerchantFactory(yard=yard, email="merchant@example.com")
    small, medium, large = stock(yard)
    vehicles_check(vehicle_ids=[small.pk, medium.pk, large.pk], destinations=["RU"])

    publish_ban(OfficerFactory(), effective_from=tomorrow())

    upcoming = wait_for(lambda: RescreenRun.objects.filter(kind="upcoming", status="done").first(), timeout=60)
    assert upcoming.as_of == tomorrow() and upcoming.changed == 1
    assert upcoming_decisions([small.pk, medium.pk, large.pk]) == {medium.pk: {"RU": ("blocked", tomorrow())}}
    assert latest_decisions([medium.pk])[medium.pk]["RU"] == "clear"  # not in force yet
    notification = Notification.objects.get(user=merchant)
    assert notification.title.startswith(f"From {tomorrow().isoformat()}, 1 of your vehicles will be blocked")
    assert notification.emailed_at is not None


@pytest.mark.django_db
def test_the_merchant_reads_the_coming_change_on_the_notifications_page(client, screened, merchant, announced):
    client.force_login(merchant)
    page = client.get("/compliance/notifications/").content.decode()
    assert f"From {tomorrow().isoformat()}, 1 of your vehicles will be blocked for RU" in page
    assert f"/stock/catalog/{screened[1].pk}/" in page and f"from {tomorrow().isoformat()}" in page
