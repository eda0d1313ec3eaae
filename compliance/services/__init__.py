"""Writes of the compliance app. Each service is keyword-only, runs in a transaction and validates.

Split by subject: rules (publish, end, load the defaults), checks (one vehicle, Python evaluator),
rescreen (set-based SQL), upcoming (the coming changes of future-dated rules), reviews (officer decisions)
and notify (merchants).
"""

from .checks import evaluate_facts, facts_for_vehicle, vehicle_check, vehicles_check
from .rescreen import rescreen_execute, rescreen_request, rescreen_rules_due
from .reviews import review_decide
from .rules import rule_end, rule_publish, rule_set_save, rules_load_defaults
from .screening import rule_change_preview
from .upcoming import upcoming_request

__all__ = [
    "evaluate_facts", "facts_for_vehicle", "vehicle_check", "vehicles_check", "rescreen_execute",
    "rescreen_request", "rescreen_rules_due", "review_decide", "rule_end", "rule_publish", "rule_set_save",
    "rules_load_defaults", "rule_change_preview", "upcoming_request",
]
