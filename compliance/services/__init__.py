"""Writes of the compliance app. Each service is keyword-only, runs in a transaction and validates.

Split by subject, each module importing only those before it (no cycles): runs (asking for a
re-screen), rules (publish, end, load the defaults), bulk_sql (every raw SQL statement), upcoming (the
coming changes of future-dated rules), checks (one vehicle, Python evaluator), screening (set-based
SQL passes and previews), notify (merchants, through the notifications app), rescreen (a whole run)
and reviews (officer decisions). Party screening: parties (screen a name or a buyer's parties), party_runs
(re-screen every buyer after a list import, leased), lists (import or replace a sanctions list) and
hit_decisions (officers' decisions on hits).
"""

from .checks import evaluate_facts, facts_for_vehicle, vehicle_check, vehicles_check
from .rescreen import rescreen_execute, rescreen_rules_due
from .reviews import review_decide, reviews_decide_bulk
from .rules import rule_end, rule_publish, rule_set_save, rules_load_defaults
from .runs import rescreen_request
from .screening import rule_change_preview, rule_version_preview
from .upcoming import upcoming_request

__all__ = [
    "evaluate_facts", "facts_for_vehicle", "vehicle_check", "vehicles_check", "rescreen_execute",
    "rescreen_request", "rescreen_rules_due", "review_decide", "reviews_decide_bulk", "rule_end", "rule_publish",
    "rule_set_save", "rules_load_defaults", "rule_change_preview", "rule_version_preview", "upcoming_request",
]
