"""Rules about the sale, not the car (the house policy on sales to KZ, KG, AM, GE, AE, TR) stay out of the catalog:
vehicle checks, badges and exportable_to use vehicle-scope rule sets only; orders carry the sale's review."""

import pytest

from compliance.models import RuleSet
from compliance.selectors import latest_decisions, rule_specs
from compliance.services import vehicles_check
from tests.brokerage.test_order_states import place

pytestmark = pytest.mark.django_db


def test_the_house_policy_is_a_sale_scope_rule_set(rules):
    assert RuleSet.objects.get(code="house-reexport").scope == "sale"
    assert not any(spec.rule_set == "house-reexport" for spec in rule_specs("vehicle"))
    assert any(spec.rule_set == "house-reexport" for spec in rule_specs())


def test_the_catalog_decision_for_kazakhstan_has_no_house_policy_review(car, rules):
    vehicles_check(vehicle_ids=[car.pk], destinations=["KZ", "KG"])
    assert latest_decisions([car.pk])[car.pk] == {"KZ": "clear", "KG": "clear"}


def test_the_order_carries_the_review_instead(buyer2, car, rules):
    order = place(buyer2, car, destination_port="KZALA")
    assert order.review_state == "pending"
    assert {"HOUSE-REEXPORT-REVIEW", "HOUSE-NO-REEXPORT-CLAUSE"} <= {f["rule"] for f in order.review_findings}


def test_catalog_exportable_to_keeps_house_policy_cars(client, car, rules):
    vehicles_check(vehicle_ids=[car.pk], destinations=["KZ"])
    ids = [item["id"] for item in client.get("/api/v1/vehicles/", {"exportable_to": "KZ"}).json()["results"]]
    assert car.pk in ids
