"""Officers' decisions on screening hits: each its own append-only record (who, when, why)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from compliance.models import HitDecision, PartyScreening, ScreeningHit
from compliance.selectors.parties import hit_for_decision
from compliance.signals import party_flagged
from core.errors import ApplicationError


@transaction.atomic
def hit_decide(*, hit: ScreeningHit, outcome: str, reason: str, user) -> HitDecision:
    """A false positive stands for this party (its name and country as screened) and this entry's content
    until either changes; a true match blocks the buyer (``party_gate``) and tells brokerage."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError(_("Write the reason for your decision (it is kept with the record)."),
                               code="reason_required", field="reason")
    if outcome not in HitDecision.Outcome.values:
        raise ApplicationError(_("Choose false positive or true match."), code="invalid", field="outcome")
    current = hit_for_decision(hit.pk)
    if current is None:
        raise ApplicationError(_("This hit belongs to an older screening; decide on the party's latest one."),
                               code="stale_hit")
    screening = hit.screening
    decision = HitDecision(hit=hit, buyer_id=screening.buyer_id, role=screening.role,
                           party_fingerprint=screening.party_fingerprint, list_name=hit.list_name,
                           entry_ref=hit.entry_ref, entry_content_hash=hit.entry_content_hash, outcome=outcome,
                           reason=reason[:4000], decided_by=user)
    decision.full_clean(exclude=["hit", "buyer", "decided_by"])
    decision.save()
    if outcome == HitDecision.Outcome.TRUE_MATCH and screening.buyer_id:
        buyer_id = screening.buyer_id
        transaction.on_commit(lambda: party_flagged.send(sender=PartyScreening, buyer_id=buyer_id))
    return decision
