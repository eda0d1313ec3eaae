"""The review queue an officer works down: counts, filters, pages, and one decision for many items."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compliance.models import OfficerReview, RuleSet, VehicleDecision
from compliance.services import reviews_decide_bulk, vehicles_check
from core.errors import ApplicationError
from tests.browser_form import as_post, check, choose, fill, form_data, offered
from tests.compliance.conftest import car
from tests.factories import MerchantFactory, OfficerFactory, VehicleFactory, YardFactory

URL = "/compliance/reviews/"


@pytest.fixture(autouse=True)
def _house_policy_judges_vehicles(db):
    """The queue's mechanics are tested with the house policy as a vehicle rule set (it is a sale rule set in
    the shipped defaults: orders carry its review), so that every car waits for KZ and KG."""
    RuleSet.objects.filter(code="house-reexport").update(scope="vehicle")


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


@pytest.fixture
def queue():
    """Toyama: 3 cars, Yokohama: 2 cars, each waiting for KZ and KG (house policy); one Toyama mild hybrid also
    waits for RU (JP-RU-MILD-HYBRID). 11 items."""
    toyama = YardFactory(country="JP", name="Toyama Export Yard")
    yokohama = YardFactory(country="JP", name="Yokohama Motors")
    cars = [VehicleFactory(yard=toyama, **car()) for _ in range(3)] + [VehicleFactory(yard=yokohama, **car())
                                                                       for _ in range(2)]
    hybrid = cars[0]
    vehicles_check(vehicle_ids=[v.pk for v in cars], destinations=["KZ", "KG"])
    hybrid.fuel = "mild_hybrid"
    hybrid.save()
    vehicles_check(vehicle_ids=[hybrid.pk], destinations=["RU"])
    assert VehicleDecision.objects.filter(decision="review").count() == 11
    return {"toyama": toyama, "yokohama": yokohama, "cars": cars, "hybrid": hybrid}


@pytest.mark.django_db
def test_the_queue_counts_items_per_destination_and_rule(client, officer, queue):
    response = client.get(URL)
    counts = response.context["counts"]
    assert counts.total == 11
    assert dict(counts.by_destination) == {"KZ": 5, "KG": 5, "RU": 1}
    assert dict(counts.by_rule) == {"HOUSE-REEXPORT-REVIEW": 10, "JP-RU-MILD-HYBRID": 1}
    assert dict((name, n) for _pk, name, n in counts.by_yard) == {"Toyama Export Yard": 7, "Yokohama Motors": 4}
    page = response.content.decode()
    assert "<strong>11</strong> items wait for a decision" in page
    assert 'data-count="10">HOUSE-REEXPORT-REVIEW' in page and 'data-count="5">KZ' in page


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ("destination=KZ", 5), ("destination=RU", 1), ("rule=JP-RU-MILD-HYBRID", 1), ("rule=HOUSE-REEXPORT-REVIEW", 10),
    ("destination=KG&rule=HOUSE-REEXPORT-REVIEW", 5),
])
def test_each_filter_narrows_the_queue(client, officer, queue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.context["counts"].total == expected
    assert len(response.context["page"].object_list) == expected


@pytest.mark.django_db
def test_the_yard_filter_and_its_facets(client, officer, queue):
    response = client.get(URL, {"yard": queue["yokohama"].pk, "destination": "", "rule": "", "age": ""})
    items = response.context["page"].object_list
    assert len(items) == 4 and {item.vehicle.yard_id for item in items} == {queue["yokohama"].pk}
    # the destination breakdown follows the yard filter; the yard breakdown ignores its own filter
    counts = response.context["counts"]
    assert dict(counts.by_destination) == {"KZ": 2, "KG": 2}
    assert {name for _pk, name, _n in counts.by_yard} == {"Toyama Export Yard", "Yokohama Motors"}


@pytest.mark.django_db
def test_the_age_filter_keeps_items_waiting_longer(client, officer, queue):
    old = VehicleDecision.objects.filter(decision="review", destination="KG")
    old.update(decided_at=timezone.now() - dt.timedelta(days=10))
    assert client.get(URL, {"age": "7"}).context["counts"].total == 5
    assert client.get(URL, {"age": "30"}).context["counts"].total == 0
    assert "Nothing matches these filters." in client.get(URL, {"age": "30"}).content.decode()


@pytest.mark.django_db
def test_an_unknown_filter_value_is_a_form_error_not_a_500(client, officer, queue):
    response = client.get(URL, {"destination": "ZZ", "yard": "abc", "age": "5"})
    assert response.status_code == 200
    assert set(response.context["filter_form"].errors) == {"destination", "yard", "age"}


@pytest.mark.django_db
def test_the_queue_is_paged_and_pages_keep_the_filters(client, officer):
    yard = YardFactory(country="JP")
    vehicles = [VehicleFactory(yard=yard, **car()) for _ in range(60)]
    vehicles_check(vehicle_ids=[v.pk for v in vehicles], destinations=["KZ"])
    with CaptureQueriesContext(connection) as queries:
        first = client.get(URL, {"destination": "KZ"})
    assert len(queries) < 25  # no query per item
    assert len(first.context["page"].object_list) == 50
    assert "?destination=KZ&amp;page=2" in first.content.decode()
    second = client.get(URL, {"destination": "KZ", "page": "2"})
    assert len(second.context["page"].object_list) == 10
    shown = {item.pk for item in first.context["page"]} | {item.pk for item in second.context["page"]}
    assert len(shown) == 60


@pytest.mark.django_db
def test_a_bulk_decision_on_the_checked_items_as_the_browser_sends_it(client, officer, queue):
    page = client.get(URL, {"destination": "KZ"}).content.decode()
    data = form_data(page, "bulk-form")
    assert set(data) == {"csrfmiddlewaretoken", "scope", "outcome", "reason", "matching", "items"}
    chosen = offered(page, "bulk-form", "items")[:3]
    check(data, "items", chosen)
    choose(data, "outcome", "approve")
    fill(data, "reason", "Buyers are end users in Almaty; contracts carry the clause.")
    response = client.post(f"{URL}?destination=KZ", as_post(data))
    assert response.status_code == 302 and response.url == f"{URL}?destination=KZ"

    reviews = list(OfficerReview.objects.order_by("id"))
    assert len(reviews) == 3
    assert {(r.outcome, r.decided_by_id, r.destination) for r in reviews} == {("approve", officer.pk, "KZ")}
    assert {r.reason for r in reviews} == {"Buyers are end users in Almaty; contracts carry the clause."}
    decided = VehicleDecision.objects.filter(pk__in=[int(value.split(":")[0]) for value in chosen])
    assert {(d.decision, d.review_id is not None) for d in decided} == {("clear", True)}
    for review in reviews:  # each row covers exactly the findings the officer saw
        decision = VehicleDecision.objects.get(review=review)
        assert review.findings_fingerprint == decision.findings_fingerprint
        assert review.check_record_id == decision.check_record_id
    after = client.get(response.url)
    assert after.context["counts"].total == 2 and "3 decisions recorded." in after.content.decode()


@pytest.mark.django_db
def test_a_bulk_decline_of_every_filtered_item(client, officer, queue):
    page = client.get(URL, {"rule": "HOUSE-REEXPORT-REVIEW", "yard": queue["toyama"].pk}).content.decode()
    data = form_data(page, "bulk-form")
    choose(data, "scope", "filtered")
    choose(data, "outcome", "decline")
    fill(data, "reason", "Buyer's company is a known re-exporter.")
    response = client.post(f"{URL}?rule=HOUSE-REEXPORT-REVIEW&yard={queue['toyama'].pk}", as_post(data))
    assert response.status_code == 302
    assert OfficerReview.objects.count() == 6
    assert VehicleDecision.objects.filter(decision="blocked").count() == 6
    remaining = client.get(URL).context["counts"]
    assert dict(remaining.by_destination) == {"KZ": 2, "KG": 2, "RU": 1}


@pytest.mark.django_db
def test_every_filtered_item_is_refused_when_the_queue_changed_meanwhile(client, officer, queue):
    page = client.get(URL, {"destination": "KG"}).content.decode()
    data = form_data(page, "bulk-form")
    choose(data, "scope", "filtered")
    choose(data, "outcome", "approve")
    fill(data, "reason", "All checked against the buyer list.")
    vehicles_check(vehicle_ids=[VehicleFactory(yard=queue["toyama"], **car()).pk], destinations=["KG"])  # a 6th
    response = client.post(f"{URL}?destination=KG", as_post(data))
    assert response.status_code == 200
    assert "The queue changed since you loaded it: 6 items match" in response.content.decode()
    assert not OfficerReview.objects.exists()


@pytest.mark.django_db
def test_a_checked_item_whose_findings_changed_is_skipped(client, officer, queue):
    page = client.get(URL, {"destination": "RU"}).content.decode()
    data = form_data(page, "bulk-form")
    check(data, "items", offered(page, "bulk-form", "items"))
    choose(data, "outcome", "approve")
    fill(data, "reason", "Maker letter: 12 V mild hybrid.")
    VehicleDecision.objects.filter(destination="RU").update(findings_fingerprint="f" * 64)  # a new rule version
    response = client.post(f"{URL}?destination=RU", as_post(data), follow=True)
    assert "1 item had changed or was already decided" in response.content.decode()
    assert not OfficerReview.objects.exists()


@pytest.mark.django_db
def test_a_bulk_decision_needs_a_reason_and_items(client, officer, queue):
    page = client.get(URL).content.decode()
    data = form_data(page, "bulk-form")
    choose(data, "outcome", "approve")
    response = client.post(URL, as_post(data))
    errors = response.context["bulk_form"].errors
    assert "reason" in errors and "items" in errors
    assert not OfficerReview.objects.exists()


@pytest.mark.django_db
def test_a_non_officer_cannot_decide_in_bulk(client, queue):
    items = list(VehicleDecision.objects.filter(decision="review").values_list("pk", "findings_fingerprint"))
    merchant = MerchantFactory(yard=queue["toyama"])
    client.force_login(merchant)
    response = client.post(URL, {"scope": "filtered", "outcome": "approve", "reason": "I approve my own cars.",
                                 "matching": "", "items": []})
    assert response.status_code == 403
    with pytest.raises(ApplicationError) as refused:
        reviews_decide_bulk(items=items, outcome="approve", reason="I approve my own cars.", user=merchant)
    assert refused.value.status == 403
    assert not OfficerReview.objects.exists()
    assert VehicleDecision.objects.filter(decision="review").count() == 11


@pytest.mark.django_db
def test_a_bulk_decision_is_one_statement_whatever_the_count(officer):
    yard = YardFactory(country="JP")
    vehicles = [VehicleFactory(yard=yard, **car()) for _ in range(40)]
    vehicles_check(vehicle_ids=[v.pk for v in vehicles], destinations=["KZ", "KG", "AE"])
    items = list(VehicleDecision.objects.filter(decision="review").values_list("pk", "findings_fingerprint"))
    with CaptureQueriesContext(connection) as queries:
        result = reviews_decide_bulk(items=items + items[:5], outcome="approve", reason="Cleared in bulk.",
                                     user=officer)
    assert (result.decided, result.skipped) == (120, 0)
    assert len(queries) <= 4  # savepoint, the statement, release
    assert OfficerReview.objects.count() == 120
    assert not VehicleDecision.objects.filter(decision="review").exists()
