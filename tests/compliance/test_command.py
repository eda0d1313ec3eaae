"""manage.py compliance_evaluate: JSON lines in, JSON lines out, a bad line does not stop the rest."""

import io
import json

import pytest
from django.core.management import call_command

from tests.compliance.test_api import HARRIER


@pytest.mark.django_db
def test_each_line_gets_its_answer_in_order_and_bad_lines_an_error(monkeypatch):
    lines = [
        json.dumps(HARRIER),
        "{not json",
        json.dumps({**HARRIER, "origin": "XX"}),
        json.dumps({**HARRIER, "vehicle": {**HARRIER["vehicle"], "engine_cc": -1}}),
        json.dumps([1, 2]),
        json.dumps({**HARRIER, "destination": "MN", "route": ["MN"]}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = io.StringIO()
    call_command("compliance_evaluate", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 6
    assert results[0]["decision"] == "blocked"
    assert "error" in results[1] and "JSON" in results[1]["error"]
    assert results[2]["error"].startswith("origin")
    assert results[3]["error"].startswith("vehicle.engine_cc")
    assert "error" in results[4]
    assert results[5]["decision"] == "clear" and results[5]["as_of"] == "2024-02-01"
