"""The engine's plain value sets say what the models say (the engine may not import the models)."""

import pytest

from compliance.choices import VEHICLE_CHOICES
from compliance.engine.facts import CHOICE_FIELDS, FACTS
from compliance.engine.reviews import AFTER_REVIEW, decision_after_review
from compliance.models import DecisionChoice, OfficerReview
from inventory.models import Vehicle


@pytest.mark.parametrize("name", sorted(VEHICLE_CHOICES))
def test_the_engine_choices_equal_the_vehicle_field_choices(name):
    field = Vehicle._meta.get_field(name)
    assert VEHICLE_CHOICES[name] == tuple(value for value, _label in field.choices)
    assert FACTS[name].choices == VEHICLE_CHOICES[name]


def test_every_vehicle_field_with_choices_that_a_rule_can_test_is_known_to_the_engine():
    assert set(CHOICE_FIELDS) == set(VEHICLE_CHOICES)


def test_a_review_outcome_maps_to_a_decision_the_models_know():
    assert set(AFTER_REVIEW) == set(OfficerReview.Outcome.values)
    assert set(AFTER_REVIEW.values()) <= set(DecisionChoice.values)
    assert decision_after_review("review", "approve") == "clear"
    assert decision_after_review("review", "decline") == "blocked"
    assert decision_after_review("review", None) == "review"
    assert decision_after_review("blocked", "approve") == "blocked"  # only a review is decided by an officer
