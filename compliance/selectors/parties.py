"""Reads of party screening: the lists in force, hits with their officers' decisions, the queue, a party's
history, and the gate brokerage and shipments ask before an order goes ahead."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from compliance.matching import analyse
from compliance.models import (
    HitDecision,
    PartyLatest,
    PartyRole,
    PartyScreening,
    SanctionList,
    SanctionListVersion,
    ScreeningHit,
    ScreeningRun,
)

OPEN, FALSE_POSITIVE, TRUE_MATCH = "open", HitDecision.Outcome.FALSE_POSITIVE, HitDecision.Outcome.TRUE_MATCH


@dataclass(frozen=True)
class Party:
    """A name screened: a buyer's own name, its consignee or notify party, or an ad-hoc query."""

    role: str
    name: str
    country: str = ""
    kind: str | None = None  # person, organization, vessel; None: any
    birth_date: dt.date | None = None

    @property
    def fingerprint(self) -> str:
        """What an officer's decision on this party stands for: its name (as the matcher reads it), country and
        birth date."""
        key = f"{self.role}|{analyse(self.name).original.casefold()}|{self.country.upper()}"
        if self.birth_date:  # parties without one keep the fingerprints their decisions were made on
            key += f"|{self.birth_date.isoformat()}"
        return hashlib.sha256(key.encode()).hexdigest()


def parties_of(buyer) -> list[Party]:
    """The buyer's parties: its own name, the consignee and the notify party (its first line: the name)."""
    kind = "person" if buyer.kind == "person" else "organization"
    born = getattr(buyer, "birth_date", None) if kind == "person" else None
    parties = [Party(PartyRole.BUYER, buyer.name.strip(), buyer.country, kind, born)]
    if buyer.consignee_name.strip():
        parties.append(Party(PartyRole.CONSIGNEE, buyer.consignee_name.strip(), buyer.country))
    notify = next((line.strip() for line in buyer.notify_party.splitlines() if line.strip()), "")
    if notify:
        parties.append(Party(PartyRole.NOTIFY, notify[:1000], buyer.country))
    return [party for party in parties if party.name]


def parties_stale(buyer) -> list[str]:
    """Roles whose latest screening is missing, or was of another name or country, or against other list
    versions than those in force (none when no list is loaded)."""
    versions = sorted(version.pk for version in current_versions())
    if not versions:
        return []
    latest = {row.role: row.screening for row in PartyLatest.objects.filter(buyer_id=buyer.pk)
              .select_related("screening")}
    stale = []
    for party in parties_of(buyer):
        screening = latest.get(party.role)
        if screening is None or screening.party_fingerprint != party.fingerprint or sorted(
                item.get("version_id") for item in screening.lists) != versions:
            stale.append(party.role)
    return stale


def current_versions() -> list[SanctionListVersion]:
    """The version each list's readers use now."""
    return list(SanctionListVersion.objects.filter(
        pk__in=SanctionList.objects.filter(current__isnull=False).values("current_id"))
        .select_related("sanction_list").order_by("sanction_list__name"))


def sanction_lists() -> list[SanctionList]:
    return list(SanctionList.objects.select_related("current").order_by("name"))


def with_decisions(hits: QuerySet[ScreeningHit]) -> QuerySet[ScreeningHit]:
    """Each hit annotated with the officer's latest decision standing for it (``decision``: an outcome or None;
    ``decision_reason``, ``decision_by``, ``decision_at``: who decided it, when and why).
    A decision stands for the party as screened (its fingerprint) and the entry's content (its hash)."""
    standing = HitDecision.objects.filter(
        buyer_id=OuterRef("screening__buyer_id"), role=OuterRef("screening__role"),
        party_fingerprint=OuterRef("screening__party_fingerprint"), list_name=OuterRef("list_name"),
        entry_ref=OuterRef("entry_ref"), entry_content_hash=OuterRef("entry_content_hash"),
    ).order_by("-decided_at", "-id")
    return hits.annotate(decision=Subquery(standing.values("outcome")[:1]),
                         decision_id=Subquery(standing.values("pk")[:1]),
                         decision_reason=Subquery(standing.values("reason")[:1]),
                         decision_by=Subquery(standing.values("decided_by__username")[:1]),
                         decision_at=Subquery(standing.values("decided_at")[:1]))


def latest_hits() -> QuerySet[ScreeningHit]:
    """Hits of every party's latest screening (older screenings are history)."""
    return ScreeningHit.objects.filter(screening_id__in=PartyLatest.objects.values("screening_id"))


class HitFilters(NamedTuple):
    list_name: str | None = None
    state: str | None = OPEN  # open, false_positive, true_match, or None for all
    country: str | None = None


def hits_queue(filters: HitFilters | None = None) -> QuerySet[ScreeningHit]:
    """The officer's queue: current hits, narrowed by list, decision state and party country; best first."""
    filters = filters or HitFilters()
    hits = with_decisions(latest_hits()).select_related("screening", "screening__buyer", "entry")
    if filters.list_name:
        hits = hits.filter(list_name=filters.list_name)
    if filters.country:
        hits = hits.filter(screening__country=filters.country)
    if filters.state == OPEN:
        hits = hits.filter(decision__isnull=True)
    elif filters.state:
        hits = hits.filter(decision=filters.state)
    return hits.order_by("-score", "screening__created", "id")


def hit_for_decision(pk: int) -> ScreeningHit | None:
    return with_decisions(latest_hits()).select_related("screening").filter(pk=pk).first()


def open_hits(buyer_id: int) -> list[ScreeningHit]:
    """Current hits of a buyer's parties that are undecided or confirmed."""
    hits = with_decisions(latest_hits().filter(screening__buyer_id=buyer_id)).select_related("screening")
    return [hit for hit in hits if hit.decision != FALSE_POSITIVE]


def screening_states(buyer_ids) -> dict[int, tuple[str, int]]:
    """Each buyer's standing in the screening, in two queries: ("hits", n) with n undecided or confirmed hits,
    ("pending", 0) when not screened against the lists in force yet, ("clear", 0) otherwise; {} without lists."""
    if not current_versions():
        return {}
    hits = with_decisions(latest_hits().filter(screening__buyer_id__in=buyer_ids))
    counts: dict[int, int] = {}
    for buyer_id, decision in hits.values_list("screening__buyer_id", "decision"):
        if decision != FALSE_POSITIVE:
            counts[buyer_id] = counts.get(buyer_id, 0) + 1
    screened = set(PartyLatest.objects.filter(buyer_id__in=buyer_ids).values_list("buyer_id", flat=True))
    return {pk: ("hits", counts[pk]) if pk in counts else ("clear", 0) if pk in screened else ("pending", 0)
            for pk in buyer_ids}


def party_history(buyer_id: int) -> list[PartyScreening]:
    """Every screening of a buyer's parties, newest first, with their hits."""
    return list(PartyScreening.objects.filter(buyer_id=buyer_id).prefetch_related("hits")
                .order_by("-created", "-id")[:200])


def hit_decisions(hit: ScreeningHit) -> list[HitDecision]:
    return list(HitDecision.objects.filter(
        buyer_id=hit.screening.buyer_id, role=hit.screening.role, list_name=hit.list_name, entry_ref=hit.entry_ref,
    ).select_related("decided_by").order_by("-decided_at", "-id"))


def screening_runs(limit: int = 10) -> list[ScreeningRun]:
    return list(ScreeningRun.objects.select_related("version", "version__sanction_list")[:limit])


class PartyGate(NamedTuple):
    """Whether a buyer and its parties (buyer, consignee, notify party) may trade, and why not."""

    passed: bool
    reasons: tuple[str, ...] = ()


ROLE_LABELS = dict(PartyRole.choices)


def party_gate(*, buyer) -> PartyGate:
    """The one question brokerage and shipments ask before placing, confirming or shipping an order.

    A party with an undecided or confirmed sanctions hit does not pass; nor does a party not yet screened
    against the lists in force (its screening is owed to a worker and follows within seconds).
    """
    reasons = []
    for hit in open_hits(buyer.pk):
        role = ROLE_LABELS.get(hit.screening.role, hit.screening.role)
        if hit.decision == TRUE_MATCH:
            reasons.append(_("%(role)s %(name)s is a confirmed match of %(list)s entry %(entry)s (%(listed)s).")
                           % {"role": role, "name": hit.screening.name, "list": hit.list_name, "entry": hit.entry_ref,
                              "listed": hit.listed_name})
        else:
            reasons.append(_("%(role)s %(name)s may be %(list)s entry %(entry)s (%(listed)s, score %(score).2f): "
                             "a compliance officer must decide.")
                           % {"role": role, "name": hit.screening.name, "list": hit.list_name, "entry": hit.entry_ref,
                              "listed": hit.listed_name, "score": hit.score})
    for role in parties_stale(buyer):
        reasons.append(_("%(role)s has not been screened against the current sanctions lists yet.")
                       % {"role": ROLE_LABELS.get(role, role)})
    return PartyGate(passed=not reasons, reasons=tuple(reasons))
