"""The condition language is validated with messages that say what is wrong and where."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from compliance.engine.conditions import ConditionError, parse
from compliance.models import RuleSet, RuleVersion
from compliance.selectors import latest_versions
from compliance.services import rule_publish, rules_load_defaults


@pytest.mark.parametrize(("condition", "message"), [
    ({"fact": "engine_size", "op": "gt", "value": 1}, "'engine_size' is not a fact"),
    ({"fact": "engine_cc", "op": "bigger", "value": 1}, "'bigger' is not an operator"),
    ({"fact": "engine_cc", "op": "gt", "value": "lots"}, "compared with a number"),
    ({"fact": "engine_cc", "op": "between", "value": [2000, 1000]}, "low value is above the high value"),
    ({"fact": "fuel", "op": "eq", "value": "steam"}, "'steam' is not a fuel"),
    ({"fact": "fuel", "op": "gt", "value": "petrol"}, "fuel cannot be tested with gt"),
    ({"fact": "origin", "op": "eq", "value": "XX"}, "not an ISO 3166"),
    ({"fact": "first_registration", "op": "lt", "value": "2019-02-30"}, "not a real date"),
    ({"fact": "engine_cc", "op": "in", "value": []}, "non-empty list"),
    ({"all": [{"fact": "engine_cc", "op": "gt"}]}, "condition.all[0]: gt needs a value"),
    ({"all": {"fact": "engine_cc"}}, "expected a list"),
    ({"any": [], "all": []}, "must be the only key"),
    ("engine_cc > 1900", "expected an object"),
])
def test_a_bad_condition_is_refused_with_a_clear_message(condition, message):
    with pytest.raises(ConditionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse(condition)


def test_a_good_condition_parses():
    tree = parse({"all": [{"fact": "engine_cc", "op": "gt", "value": "1,900"},
                          {"not": {"fact": "route", "op": "route_contains", "value": ["KZ", "KG"]}}]})
    assert tree.children[0].value == 1900


@pytest.mark.django_db
def test_every_shipped_rule_validates_and_every_u_rule_is_a_review_at_most():
    versions = list(latest_versions())
    assert len(versions) >= 25
    for version in versions:
        version.full_clean()
        if version.confidence == "U":
            assert version.effect != "block", version.rule.code


@pytest.mark.django_db
def test_loading_the_defaults_twice_adds_nothing():
    before = RuleVersion.objects.count()
    assert rules_load_defaults() == 0
    assert RuleVersion.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"confidence": "U", "effect": "block"}, "effect", "may not block"),
    ({"condition": {"fact": "customs_value", "op": "gt", "value": 1}}, "currency", "which currency"),
    ({"effect": "require"}, "requirement", "Name the document"),
    ({"effective_to": dt.date(2019, 1, 1)}, "effective_to", "after the start date"),
    ({"destinations": ["RU", "XX"]}, "destinations", "XX"),
    ({"condition": {"fact": "nope", "op": "eq", "value": 1}}, "condition", "Invalid condition at condition"),
])
def test_publishing_an_invalid_rule_is_refused_per_field(fields, field, message):
    base = {"condition": {"fact": "engine_cc", "op": "gt", "value": 1500}, "effect": "block", "message": "m",
            "citation_source": "s", "effective_from": dt.date(2020, 1, 1), "destinations": ["RU"]}
    with pytest.raises(ValidationError) as error:
        rule_publish(rule_set=RuleSet.objects.get(code="jp-ru-export"), code="TEST-BAD", rescreen=False,
                     **{**base, **fields})
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.django_db
def test_editing_a_rule_adds_a_version_and_keeps_the_old_one():
    rule_set = RuleSet.objects.get(code="jp-ru-export")
    fields = {"condition": {"fact": "engine_cc", "op": "gt", "value": 1500}, "effect": "block", "message": "v1",
              "citation_source": "s", "effective_from": dt.date(2020, 1, 1), "destinations": ["RU"]}
    first = rule_publish(rule_set=rule_set, code="test-new", rescreen=False, **fields)
    second = rule_publish(rule_set=rule_set, code="TEST-NEW", rescreen=False, **{**fields, "message": "v2"})
    assert (first.version, second.version) == (1, 2)
    assert list(RuleVersion.objects.filter(rule__code="TEST-NEW").values_list("message", flat=True)) == ["v2", "v1"]
