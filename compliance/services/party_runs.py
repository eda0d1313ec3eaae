"""Re-screening every buyer's parties after a list import: a leased run, chunk by chunk of buyer ids, each
chunk committed with its progress (``core.leases``, as rule re-screens do).

When the import knows what changed (a previous version existed), each party already screened under its
current name is compared only with the added and changed entries (held in memory, pre-filtered with
rapidfuzz), and keeps its earlier hits on entries that did not change; otherwise, and for parties never
screened, the full trigram screening runs.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from accounts.models import BuyerCompany
from compliance.matching import analyse
from compliance.models import PartyLatest, SanctionListVersion, SanctionName, ScreeningHit, ScreeningRun
from compliance.selectors.parties import current_versions, parties_of
from compliance.signals import party_flagged
from core.leases import (
    LeaseLost,
    LeaseSpec,
    lease_claim,
    lease_release,
    lease_renew,
    leases_expired_count,
    leases_reclaim,
)
from core.outbox import outbox_enqueue, outbox_enqueue_many

from .parties import HitData, buyers_with_open_hits, candidate_of, screen_party, screenings_record

SCREENING_RUN_TASK = "compliance.tasks.screen_parties"
SCREENING_LEASE = LeaseSpec(
    ScreeningRun,
    give_up={"error": lambda: str(_("The re-screen stopped repeatedly (its worker died); start it again.")),
             "finished": timezone.now},
)
PREFILTER_CUTOFF = 55
logger = logging.getLogger(__name__)


@transaction.atomic
def screening_run_request(*, version: SanctionListVersion | None, delta: bool) -> ScreeningRun:
    """Record a pending re-screen of every buyer's parties and owe it to a worker."""
    run = ScreeningRun.objects.create(version=version, delta=delta)
    outbox_enqueue(SCREENING_RUN_TASK, [run.pk])
    return run


def screening_runs_enqueue(run_ids: list[int]) -> None:
    outbox_enqueue_many(SCREENING_RUN_TASK, [[pk] for pk in run_ids])


class DeltaPool:
    """The added and changed entries of one version, as candidates, with a fast pre-filter by folded key."""

    def __init__(self, version: SanctionListVersion):
        self.version = version
        self.list_name = version.sanction_list.name
        self.touched = set(version.delta.get("added", [])) | set(version.delta.get("changed", []))
        self.gone = set(version.delta.get("changed", [])) | set(version.delta.get("removed", []))
        rows = list(SanctionName.objects.filter(version=version, entry__entry_ref__in=self.touched)
                    .select_related("entry")) if self.touched else []
        self.keys = [row.key for row in rows]
        self.candidates = [candidate_of(row, self.list_name) for row in rows]

    def pool(self, name: str):
        if not self.keys:
            return []
        found = process.extract(analyse(name).key, self.keys, scorer=fuzz.token_set_ratio,
                                score_cutoff=PREFILTER_CUTOFF, limit=40)
        return [self.candidates[index] for _key, _score, index in found]

    def kept(self, hit: ScreeningHit) -> bool:
        """An earlier hit still stands: another list's, or an entry of this list that did not change."""
        return hit.list_name != self.list_name or hit.entry_ref not in self.gone


def _carried(hit: ScreeningHit) -> HitData:
    return HitData(entry_id=hit.entry_id, list_name=hit.list_name, entry_ref=hit.entry_ref,
                   entry_content_hash=hit.entry_content_hash, listed_name=hit.listed_name,
                   matched_name=hit.matched_name, score=hit.score, programs=tuple(hit.programs),
                   explanation=tuple(hit.explanation))


def screening_run_execute(*, run_id: int) -> ScreeningRun | None:
    """Do one run (the task): leased, resumable from its last committed chunk."""
    if not lease_claim(SCREENING_LEASE, run_id):
        return None
    ScreeningRun.objects.filter(pk=run_id, started__isnull=True).update(started=timezone.now())
    run = ScreeningRun.objects.select_related("version", "version__sanction_list").get(pk=run_id)
    try:
        _execute(run)
    except LeaseLost:
        logger.warning("party re-screen %s: lease lost, another worker carries on", run.pk)
        return None
    except Exception as exc:
        resumable = isinstance(exc, (OperationalError, InterfaceError)) and run.attempts < SCREENING_LEASE.max_attempts
        try:
            lease_release(SCREENING_LEASE, run.pk, status=ScreeningRun.Status.PENDING if resumable
                          else ScreeningRun.Status.FAILED, **({} if resumable else {
                              "error": str(exc)[:2000], "finished": timezone.now()}))
        except DatabaseError:
            logger.warning("party re-screen %s: could not record the stop", run.pk, exc_info=True)
        raise
    lease_release(SCREENING_LEASE, run.pk, status=ScreeningRun.Status.DONE, finished=timezone.now())
    run.refresh_from_db()
    return run


def _execute(run: ScreeningRun) -> None:
    versions = current_versions()
    delta = DeltaPool(run.version) if run.delta and run.version and run.version.delta else None
    if "high" in run.position:
        high = run.position["high"]
    else:
        high = BuyerCompany.objects.aggregate(high=Max("pk"))["high"] or 0
        run.position = {"high": high, "next_id": 0}
        ScreeningRun.objects.filter(pk=run.pk).update(total=BuyerCompany.objects.filter(pk__lte=high).count(),
                                                      position=run.position)
    chunk_size = getattr(settings, "SCREENING_CHUNK_BUYERS", 500)
    while True:
        buyers = list(BuyerCompany.objects.filter(pk__gt=run.position.get("next_id", 0), pk__lte=high)
                      .order_by("pk")[:chunk_size])
        if not buyers:
            return
        with transaction.atomic():
            flagged = _chunk(run, buyers, versions, delta)
            run.position = {"high": high, "next_id": buyers[-1].pk}
            lease_renew(SCREENING_LEASE, run.pk, done=F("done") + len(buyers), flagged=F("flagged") + flagged,
                        position=run.position)


def _chunk(run, buyers, versions, delta: DeltaPool | None) -> int:
    latest = {}
    if delta is not None:
        rows = PartyLatest.objects.filter(buyer_id__in=[buyer.pk for buyer in buyers]).select_related("screening")
        latest = {(row.buyer_id, row.role): row.screening for row in rows}
        earlier = ScreeningHit.objects.filter(screening_id__in=[screening.pk for screening in latest.values()])
        hits_by_screening: dict[int, list[ScreeningHit]] = {}
        for hit in earlier:
            hits_by_screening.setdefault(hit.screening_id, []).append(hit)
    items = []
    for buyer in buyers:
        for party in parties_of(buyer):
            screening = latest.get((buyer.pk, party.role))
            if delta is not None and screening is not None and screening.party_fingerprint == party.fingerprint:
                kept = [_carried(hit) for hit in hits_by_screening.get(screening.pk, []) if delta.kept(hit)]
                fresh = screen_party(party, versions, pool=delta.pool(party.name))
                hits = sorted(kept + fresh, key=lambda hit: -hit.score)
            else:
                hits = screen_party(party, versions)
            items.append((buyer.pk, party, hits))
    screenings = screenings_record(items, versions, run=run)
    flagged = sorted(buyers_with_open_hits([screening.pk for screening in screenings if screening.hit_count]))
    if flagged:
        transaction.on_commit(lambda: [party_flagged.send(sender=ScreeningRun, buyer_id=pk) for pk in flagged])
    return len(flagged)


def screening_leases_sweep() -> int:
    return leases_reclaim(SCREENING_LEASE, screening_runs_enqueue)


def screening_runs_stuck_count() -> int:
    return leases_expired_count(SCREENING_LEASE)
