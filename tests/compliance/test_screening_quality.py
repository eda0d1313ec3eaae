"""Measured quality on the labelled set (tests/compliance/make_labelled.py made it from the real OFAC and UN
lists): recall at least 0.95 and at most 5 % of innocent names flagged, at the default threshold 0.70."""

import json

import pytest

from tests.compliance.screening_eval import LABELLED, evaluate

pytestmark = pytest.mark.django_db


def test_the_labelled_set_is_big_enough_and_mixed():
    items = json.loads(LABELLED.read_text())
    listed = [item for item in items if item["label"] == "listed"]
    innocent = [item for item in items if item["label"] == "innocent"]
    assert len(listed) >= 150 and len(innocent) >= 150
    assert {"cyrillic", "reordered", "transliteration", "typo", "initial", "legal_form"} <= {i["how"] for i in listed}
    assert {"same_surname", "same_company_word"} <= {item["how"] for item in innocent}


def test_recall_and_false_positive_rate_on_the_labelled_set():
    figures = evaluate()
    print(json.dumps({"bench": "screening_quality", **figures.as_json()}))
    assert figures.recall >= 0.95, [item["name"] for item in figures.missed]
    assert figures.fp_rate <= 0.05, [(item["name"], name) for item, name, _s in figures.flagged_innocents]
