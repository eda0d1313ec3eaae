"""An officer's decision on a review: kept with who, when and why (append-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_officer
from compliance.engine.evaluator import REVIEW_DECISION
from compliance.engine.reviews import decision_after_review
from compliance.models import OfficerReview, VehicleDecision
from core.errors import ApplicationError

from . import bulk_sql


def _check_decider(*, outcome: str, reason: str, user) -> str:
    if not is_officer(user):
        raise ApplicationError(_("Only compliance officers may decide reviews."), code="permission_denied",
                               status=403)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Write the reason for your decision; it is kept with the record."), field="reason")
    if outcome not in OfficerReview.Outcome.values:
        raise ApplicationError(_("Choose approve or decline."), field="outcome")
    return reason


class BulkDecision(NamedTuple):
    decided: int  # review rows written
    skipped: int  # items no longer waiting with the findings the officer saw (left in the queue)


@transaction.atomic
def reviews_decide_bulk(*, items: Sequence[tuple[int, str]], outcome: str, reason: str, user) -> BulkDecision:
    """Approve or decline many reviews with one written reason. Each item is ``(decision id, findings
    fingerprint)`` as the officer saw it; each decision still gets its own append-only ``OfficerReview``
    (who, when, why), covering that vehicle, destination and rule versions only, exactly as
    ``review_decide``. An item decided meanwhile, or whose findings changed (a new rule version), is
    skipped and stays in the queue. Set-based: one statement whatever the number of items."""
    reason = _check_decider(outcome=outcome, reason=reason, user=user)
    unique = list(dict(items).items())  # one review per decision, whatever the form sent
    decided = bulk_sql.reviews_insert(items=unique, outcome=outcome, reason=reason, user_id=user.pk,
                                      now=timezone.now())
    return BulkDecision(decided, len(unique) - decided)


@transaction.atomic
def review_decide(*, decision: VehicleDecision, outcome: str, reason: str, user) -> OfficerReview:
    """Approve or decline a ``review``. The approval covers this vehicle, destination and the rule
    versions that asked for review; a new rule version asks again."""
    reason = _check_decider(outcome=outcome, reason=reason, user=user)
    current = VehicleDecision.objects.select_for_update().get(pk=decision.pk)
    if current.check_decision != REVIEW_DECISION or current.findings_fingerprint != decision.findings_fingerprint:
        raise ApplicationError(_("This decision changed since you opened it; open it again."), code="stale",
                               status=409)
    review = OfficerReview(vehicle_id=current.vehicle_id, destination=current.destination,
                           check_record_id=current.check_record_id, findings_fingerprint=current.findings_fingerprint,
                           outcome=outcome, reason=reason, decided_by=user)
    review.full_clean()
    review.save()
    current.decision = decision_after_review(current.check_decision, outcome)
    current.review = review
    current.decided_at = timezone.now()
    current.save(update_fields=["decision", "review", "decided_at"])
    return review
