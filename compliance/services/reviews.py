"""An officer's decision on a review: kept with who, when and why (append-only)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_officer
from compliance.engine.evaluator import REVIEW_DECISION
from compliance.engine.reviews import decision_after_review
from compliance.models import OfficerReview, VehicleDecision
from core.errors import ApplicationError


@transaction.atomic
def review_decide(*, decision: VehicleDecision, outcome: str, reason: str, user) -> OfficerReview:
    """Approve or decline a ``review``. The approval covers this vehicle, destination and the rule
    versions that asked for review; a new rule version asks again."""
    if not is_officer(user):
        raise ApplicationError(_("Only compliance officers may decide reviews."), code="permission_denied",
                               status=403)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Write the reason for your decision; it is kept with the record."), field="reason")
    if outcome not in OfficerReview.Outcome.values:
        raise ApplicationError(_("Choose approve or decline."), field="outcome")
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
