"""JSON lines in, JSON lines out: each line a body of POST /api/v1/compliance/evaluate/."""

import json
import sys

from django.core.management.base import BaseCommand
from rest_framework.exceptions import ValidationError

from compliance.engine.evaluator import RuleSpec, evaluate
from compliance.selectors import rule_specs
from compliance.serializers import EvaluateRequestSerializer, validated
from core.rates import rate_table


class Command(BaseCommand):
    help = "Evaluate JSON lines from stdin (bodies of POST /api/v1/compliance/evaluate/); one JSON line out each."

    def handle(self, *args, **options):
        rules: list[RuleSpec] = rule_specs()
        rates_by_date: dict = {}
        out = self.stdout
        for line in sys.stdin:
            try:
                body = json.loads(line)
                if not isinstance(body, dict):
                    raise ValueError("each line must be a JSON object")
                facts = validated(EvaluateRequestSerializer(data=body)).to_facts()
                if facts.as_of not in rates_by_date:
                    rates_by_date[facts.as_of] = rate_table(facts.as_of)
                result = evaluate(facts, rules, rates_by_date[facts.as_of]).as_json()
            except ValidationError as exc:
                field, messages = next(iter(exc.detail.items()))
                result = {"error": f"{field}: {messages[0]}", "errors": exc.detail}
            except ValueError as exc:  # JSONDecodeError is a ValueError
                result = {"error": f"not valid JSON: {exc}" if isinstance(exc, json.JSONDecodeError) else str(exc)}
            out.write(json.dumps(result, default=str, ensure_ascii=False))
