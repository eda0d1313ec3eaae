"""Screening parties against the lists in force: candidates from an in-process index of the listed names'
folded parts (``compliance.matching.NameIndex``, rebuilt when a list's current version changes: never a
scan of every entry), scored and explained by ``compliance.matching``, every screening stored with its hits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from accounts.models import BuyerCompany
from compliance.matching import ALGORITHM, Candidate, Match, NameIndex, Query, analyse, best_matches
from compliance.models import (
    PartyLatest,
    PartyRole,
    PartyScreening,
    SanctionList,
    SanctionListVersion,
    SanctionName,
    ScreeningHit,
)
from compliance.selectors.parties import FALSE_POSITIVE, Party, current_versions, parties_of, with_decisions
from compliance.signals import party_flagged
from core.outbox import outbox_enqueue

SCREEN_BUYER_TASK = "compliance.tasks.screen_buyer"
CANDIDATE_LIMIT = 30


def threshold() -> float:
    return float(getattr(settings, "SCREENING_THRESHOLD", 0.70))


@dataclass(frozen=True)
class HitData:
    entry_id: int
    list_name: str
    entry_ref: str
    entry_content_hash: str
    listed_name: str
    matched_name: str
    score: float
    programs: tuple[str, ...]
    explanation: tuple[dict, ...]


@dataclass(frozen=True)
class Listed:
    """What a hit needs to know about an entry (the candidate's payload)."""

    entry_id: int
    list_name: str
    entry_ref: str
    content_hash: str
    primary_name: str
    programs: tuple[str, ...]


def candidate_of(row: SanctionName, list_name: str) -> Candidate:
    entry = row.entry
    return Candidate(entry_ref=entry.entry_ref, kind=entry.kind, name=row.name, is_alias=row.is_alias,
                     low_quality=row.low_quality, countries=tuple(entry.countries),
                     birth_dates=tuple(entry.birth_dates),
                     payload=Listed(entry.pk, list_name, entry.entry_ref, entry.content_hash, entry.primary_name,
                                    tuple(entry.programs)))


class LoadedLists:
    """The names of the list versions in force with their index, loaded once per process per set of versions."""

    def __init__(self, versions: Sequence[SanctionListVersion]):
        list_names = {version.pk: version.sanction_list.name for version in versions}
        rows = (SanctionName.objects.filter(version_id__in=list_names).select_related("entry")
                .only("name", "key", "is_alias", "low_quality", "version_id", "entry__entry_ref", "entry__kind",
                      "entry__countries", "entry__birth_dates", "entry__content_hash", "entry__primary_name",
                      "entry__programs").order_by("pk"))
        self.candidates = [candidate_of(row, list_names[row.version_id]) for row in rows.iterator(chunk_size=5000)]
        self.index = NameIndex([analyse(candidate.name).key for candidate in self.candidates])


_loaded: dict[tuple[int, ...], LoadedLists] = {}


def loaded_lists(versions: Sequence[SanctionListVersion]) -> LoadedLists:
    key = tuple(sorted(version.pk for version in versions))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = LoadedLists(versions)
    return _loaded[key]


def candidates(name: str, versions: Sequence[SanctionListVersion]) -> list[Candidate]:
    """Listed names sharing parts (within a few typos) with the query, from the index of the lists in force."""
    if not versions:
        return []
    loaded = loaded_lists(versions)
    return [loaded.candidates[position] for position in loaded.index.search(analyse(name), limit=CANDIDATE_LIMIT)]


def hit_of(match: Match) -> HitData:
    listed: Listed = match.candidate.payload
    return HitData(entry_id=listed.entry_id, list_name=listed.list_name, entry_ref=listed.entry_ref,
                   entry_content_hash=listed.content_hash, listed_name=listed.primary_name,
                   matched_name=match.candidate.name, score=match.score, programs=listed.programs,
                   explanation=tuple(step.as_json() for step in match.steps)
                   + ({"key": "score", "params": {"score": match.score, "name_score": match.name_score,
                                                  "threshold": threshold()}},))


def query_of(party: Party) -> Query:
    return Query(name=party.name, kind=party.kind, country=party.country or None, birth_date=party.birth_date)


def screen_party(party: Party, versions: Sequence[SanctionListVersion], *,
                 pool: Iterable[Candidate] | None = None) -> list[HitData]:
    """Hits of one party, best first: against the trigram candidates, or against ``pool`` when given."""
    found = candidates(party.name, versions) if pool is None else pool
    return [hit_of(match) for match in best_matches(query_of(party), found, threshold=threshold())]


def screenings_record(items: Sequence[tuple[int | None, Party, Sequence[HitData]]],
                      versions: Sequence[SanctionListVersion], *, run=None, user=None) -> list[PartyScreening]:
    """Store screenings (hits or not) and their hits in bulk; a buyer's party becomes its latest screening."""
    lists = [{"list": version.sanction_list.name, "version": version.version, "version_id": version.pk}
             for version in versions]
    now = dt.datetime.now(dt.UTC)
    screenings = PartyScreening.objects.bulk_create([
        PartyScreening(buyer_id=buyer_id, role=party.role, name=party.name[:1000], country=party.country or "",
                       birth_date=party.birth_date, kind=party.kind or "", party_fingerprint=party.fingerprint,
                       lists=lists, algorithm=ALGORITHM, threshold=threshold(), hit_count=len(hits), run=run,
                       requested_by=user if getattr(user, "is_authenticated", False) else None, created=now)
        for buyer_id, party, hits in items])
    ScreeningHit.objects.bulk_create([
        ScreeningHit(screening=screening, entry_id=hit.entry_id, list_name=hit.list_name, entry_ref=hit.entry_ref,
                     entry_content_hash=hit.entry_content_hash, listed_name=hit.listed_name[:500],
                     matched_name=hit.matched_name[:500], score=hit.score, programs=list(hit.programs),
                     explanation=list(hit.explanation))
        for screening, (_b, _p, hits) in zip(screenings, items, strict=True) for hit in hits])
    latest = [PartyLatest(buyer_id=screening.buyer_id, role=screening.role, screening=screening)
              for screening in screenings if screening.buyer_id and screening.role != PartyRole.QUERY]
    if latest:
        PartyLatest.objects.bulk_create(latest, update_conflicts=True, unique_fields=["buyer", "role"],
                                        update_fields=["screening"])
    return screenings


def name_screen(*, name: str, country: str = "", kind: str | None = None, birth_date: dt.date | None = None,
                user=None) -> tuple[PartyScreening, list[ScreeningHit], list[SanctionListVersion]]:
    """An ad-hoc screening (the API): stored like any other, its hits best first."""
    versions = current_versions()
    party = Party(PartyRole.QUERY, name, country, kind, birth_date)
    with transaction.atomic():
        screening, = screenings_record([(None, party, screen_party(party, versions))], versions, user=user)
    return screening, list(screening.hits.order_by("-score", "id")), versions


def buyer_screen(*, buyer_id: int, run=None) -> list[PartyScreening]:
    """Screen a buyer's parties now (the task after a buyer is created or changed); tells brokerage
    (``party_flagged``) when a party is left with an open hit."""
    buyer = BuyerCompany.objects.filter(pk=buyer_id).first()
    if buyer is None:
        return []
    versions = current_versions()
    parties = parties_of(buyer)
    items = [(buyer.pk, party, screen_party(party, versions)) for party in parties]
    with transaction.atomic():
        screenings = screenings_record(items, versions, run=run)
        PartyLatest.objects.filter(buyer_id=buyer.pk).exclude(role__in=[party.role for party in parties]).delete()
        if buyer_has_open_hits(buyer.pk):
            transaction.on_commit(lambda: party_flagged.send(sender=PartyScreening, buyer_id=buyer.pk))
    return screenings


def buyers_with_open_hits(screening_ids: list[int]) -> set[int]:
    """Buyers of these screenings left with a hit no standing false-positive decision covers (one query)."""
    if not screening_ids:
        return set()
    hits = with_decisions(ScreeningHit.objects.filter(screening_id__in=screening_ids))
    return set(hits.filter(Q(decision__isnull=True) | ~Q(decision=FALSE_POSITIVE))
               .values_list("screening__buyer_id", flat=True).distinct()) - {None}


def buyer_has_open_hits(buyer_id: int) -> bool:
    hits = with_decisions(ScreeningHit.objects.filter(
        screening_id__in=PartyLatest.objects.filter(buyer_id=buyer_id).values("screening_id")))
    return hits.exclude(decision=FALSE_POSITIVE).exists() or hits.filter(decision__isnull=True).exists()


def buyer_screen_enqueue(*, buyer_id: int) -> None:
    """Owe a worker the screening of this buyer's parties, in the caller's transaction (``core.outbox``).
    Nothing is owed while no list is loaded (the first import re-screens every buyer)."""
    if SanctionList.objects.filter(current__isnull=False).exists():
        outbox_enqueue(SCREEN_BUYER_TASK, [buyer_id])
