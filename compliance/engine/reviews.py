"""What an officer's review does to a decision: the one home of that rule, for Python and for SQL.

A ``review`` decision the officer approved counts as ``clear``, one they declined as ``blocked``; every
other decision stands. The per-vehicle path, the set-based re-screen and the upcoming decisions all
apply it, so the SQL is generated from the same table.
"""

from .evaluator import BLOCKED, CLEAR, REVIEW_DECISION

APPROVE, DECLINE = "approve", "decline"
AFTER_REVIEW = {APPROVE: CLEAR, DECLINE: BLOCKED}


def decision_after_review(decision: str, outcome: str | None) -> str:
    """The decision that stands once the officer's ``outcome`` (or None: no review) is applied."""
    if decision == REVIEW_DECISION and outcome in AFTER_REVIEW:
        return AFTER_REVIEW[outcome]
    return decision


def decision_after_review_sql(decision: str, outcome: str) -> str:
    """The same as a SQL ``CASE`` over two column expressions (constants only: nothing to bind)."""
    whens = " ".join(f"WHEN {decision} = '{REVIEW_DECISION}' AND {outcome} = '{key}' THEN '{result}'"
                     for key, result in AFTER_REVIEW.items())
    return f"CASE {whens} ELSE {decision} END"
