"""Re-screening the whole stock in SQL when rules change: chunked, idempotent, with progress.

Per chunk of vehicle ids and per destination: the fired rule ids go into a temporary table, the
distinct combinations get their decision from the evaluator's ``decide``, then one statement
records a check for every vehicle whose findings changed, moves the latest-decision index and
notes each changed decision (merchants are told at the end). Running it twice changes nothing.

An ``upcoming`` run does the same screening as of a future date but writes only ``UpcomingDecision``
rows for the vehicles whose decision will change then (services/upcoming.py); a ``decisions`` run
clears the upcoming rows its decisions have made real and recomputes the later dates.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from compliance.choices import VEHICLE_SCOPE
from compliance.models import RescreenRun
from compliance.selectors import latest_versions, rule_specs, yard_countries
from compliance.signals import decisions_changed
from core.leases import LeaseLost, lease_claim, lease_release, lease_renew, leases_expired_count, leases_reclaim
from core.rates import rate_table

from . import bulk_sql
from .notify import notify_merchants
from .rules import affected_destinations
from .runs import RESCREEN_LEASE, rescreen_request, rescreen_runs_enqueue
from .screening import build_pass, hits_case, outcome
from .upcoming import upcoming_after_rescreen

__all__ = ["rescreen_execute", "rescreen_leases_sweep", "rescreen_request", "rescreen_rules_due",
           "rescreens_stuck_count"]

TRANSIENT = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)


def rescreen_rules_due(*, on: dt.date | None = None) -> RescreenRun | None:
    """Rules that start or end today change decisions with nobody editing them: re-screen their scope."""
    on = on or timezone.localdate()
    due = [version for version in latest_versions(VEHICLE_SCOPE)
           if version.effective_from == on or version.effective_to == on]
    destinations = affected_destinations(*due) if due else []
    if not destinations:
        return None
    origins = set()
    for version in due:
        if not version.rule.rule_set.origin_countries:
            origins = set()
            break
        origins.update(version.rule.rule_set.origin_countries)
    codes = ", ".join(sorted(version.rule.code for version in due))
    return rescreen_request(reason=f"Rules in force or ended on {on.isoformat()}: {codes}", destinations=destinations,
                            origins=sorted(origins), as_of=on)


def rescreen_execute(*, run_id: int) -> RescreenRun | None:
    """Do one run (the task). The run is leased (``core.leases``): two workers never share it, and a run whose
    worker died is resumed by the next one from its last committed chunk."""
    if not lease_claim(RESCREEN_LEASE, run_id):
        return None
    RescreenRun.objects.filter(pk=run_id, started__isnull=True).update(started=timezone.now())
    run = RescreenRun.objects.get(pk=run_id)
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    try:
        # an upcoming run that waited past its date has nothing to announce: that day's re-screen decides
        if not upcoming or run.as_of > timezone.localdate():
            _execute(run)
        if not upcoming and not run.position.get("upcoming"):
            with transaction.atomic():
                run.position = {**run.position, "upcoming": True}
                lease_renew(RESCREEN_LEASE, run.pk, position=run.position)
                upcoming_after_rescreen(run=run)
        lease_renew(RESCREEN_LEASE, run.pk)
        notify_merchants(run_id=run.pk)
        if not upcoming:
            decisions_changed.send(sender=RescreenRun, run_id=run.pk)
    except LeaseLost:
        logger.warning("re-screen %s: lease lost, another worker carries on", run.pk)
        return None
    except Exception as exc:
        _stop(run, exc)
        raise
    # "done" means decisions, records and notifications are all in place
    lease_release(RESCREEN_LEASE, run.pk, status=RescreenRun.Status.DONE, finished=timezone.now())
    run.refresh_from_db()
    return run


def _stop(run: RescreenRun, exc: Exception) -> None:
    """A database hiccup leaves the run to be resumed (the task is retried); anything else fails it."""
    resumable = isinstance(exc, TRANSIENT) and run.attempts < RESCREEN_LEASE.max_attempts
    try:
        if resumable:
            lease_release(RESCREEN_LEASE, run.pk, status=RescreenRun.Status.PENDING)
        else:
            lease_release(RESCREEN_LEASE, run.pk, status=RescreenRun.Status.FAILED, error=str(exc)[:2000],
                          finished=timezone.now())
    except DatabaseError:  # the database is gone: the lease expires and the sweeper hands the run back
        logger.warning("re-screen %s: could not record the stop", run.pk, exc_info=True)


def _execute(run: RescreenRun) -> None:
    """Every chunk of every destination, from ``run.position`` on; each chunk commits with its progress."""
    as_of = run.as_of or timezone.localdate()
    specs, rates = rule_specs(VEHICLE_SCOPE), rate_table(as_of)
    countries = yard_countries(run.origins)
    scope_sql, scope_params = bulk_sql.run_scope(run, countries)
    count, low, high = bulk_sql.scope_bounds(scope_sql, scope_params)
    if "high" in run.position:  # resumed: the ids counted at the start (later vehicles have their own checks)
        high = run.position["high"]
    elif count:
        run.position = {"high": high}
        RescreenRun.objects.filter(pk=run.pk).update(total=count * len(run.destinations), position=run.position)
    else:
        RescreenRun.objects.filter(pk=run.pk).update(total=0)
    if not count:
        return
    resume_at = run.position.get("destination", 0)
    fingerprints = {}
    for index, destination in enumerate(run.destinations):
        passes = [build_pass(specs, origin=origin, destination=destination, as_of=as_of, rates=rates)
                  for origin in countries]
        fingerprints.update({f"{item.origin}>{destination}": _rules_fingerprint(item, as_of, rates)
                             for item in passes})
        if index < resume_at:
            continue
        first = max(low, run.position.get("next_id", low)) if index == resume_at else low
        outcomes: dict = {}
        for start in range(first, high + 1, settings.RESCREEN_CHUNK_IDS):
            stop = min(start + settings.RESCREEN_CHUNK_IDS, high + 1)
            with transaction.atomic():  # the chunk and its progress commit together, under our lease
                done, changed = _chunk(run, destination, passes, outcomes, as_of, rates, scope_sql, scope_params,
                                       start, stop)
                run.position = {"destination": index, "next_id": stop, "high": high}
                lease_renew(RESCREEN_LEASE, run.pk, done=F("done") + done, changed=F("changed") + changed,
                            position=run.position)
    RescreenRun.objects.filter(pk=run.pk).update(rules_fingerprints=fingerprints)


def _rules_fingerprint(item, as_of, rates) -> str:
    return outcome(item, [], "EUR", as_of, rates).rules_version


def _chunk(run, destination, passes, outcomes, as_of, rates, scope_sql, scope_params, start, stop):
    """One chunk of vehicle ids for one destination (bulk_sql.chunk_apply); each distinct combination of
    fired rules is decided once per run by the evaluator's own ``decide``."""
    case_sql, case_params = hits_case(passes)
    by_origin = {item.origin: item for item in passes}

    def decide(origin, hits, currency):
        key = (origin, tuple(hits), currency)
        if key not in outcomes:
            outcomes[key] = outcome(by_origin[origin], hits, currency, as_of, rates)
        return outcomes[key]

    return bulk_sql.chunk_apply(run=run, destination=destination, as_of=as_of, case_sql=case_sql,
                                case_params=case_params, scope_sql=scope_sql, scope_params=scope_params,
                                start=start, stop=stop, decide=decide)


def rescreen_leases_sweep() -> int:
    """The sweeper's part: runs whose worker died go back to a worker (resumed), or fail after too many tries."""
    return leases_reclaim(RESCREEN_LEASE, rescreen_runs_enqueue)


def rescreens_stuck_count() -> int:
    """Runs past their lease (for /healthz)."""
    return leases_expired_count(RESCREEN_LEASE)
