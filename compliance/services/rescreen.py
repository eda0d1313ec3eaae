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
import json
import logging

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from compliance.engine.facts import VEHICLE_FIELDS
from compliance.models import RescreenRun
from compliance.signals import decisions_changed
from core.rates import rate_table

from .screening import build_pass, hits_case, origin_countries, outcome

log = logging.getLogger(__name__)
CHUNK_IDS = 50_000


def rescreen_request(*, reason: str, destinations: list[str], origins: list[str] | None = None,
                     vehicle_ids: list[int] | None = None, user=None, as_of: dt.date | None = None,
                     kind: str = RescreenRun.Kind.DECISIONS) -> RescreenRun:
    """Record a pending run and start it on a worker once the transaction commits."""
    run = RescreenRun.objects.create(reason=reason[:300], kind=kind, destinations=list(destinations),
                                     origins=list(origins or []), vehicle_ids=vehicle_ids, as_of=as_of,
                                     triggered_by=user if user is not None and user.is_authenticated else None)
    from compliance.tasks import rescreen

    transaction.on_commit(lambda: rescreen.delay(run.pk))
    return run


def rescreen_rules_due(*, on: dt.date | None = None) -> RescreenRun | None:
    """Rules that start or end today change decisions with nobody editing them: re-screen their scope."""
    from compliance.selectors import latest_versions

    from .rules import affected_destinations

    on = on or timezone.localdate()
    due = [version for version in latest_versions() if version.effective_from == on or version.effective_to == on]
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
    """Do one run (the task). A run is claimed with a conditional UPDATE, so two workers never share it."""
    claimed = RescreenRun.objects.filter(pk=run_id, status=RescreenRun.Status.PENDING).update(
        status=RescreenRun.Status.RUNNING, started=timezone.now())
    if not claimed:
        return None
    run = RescreenRun.objects.get(pk=run_id)
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    try:
        # an upcoming run that waited past its date has nothing to announce: that day's re-screen decides
        if not upcoming or run.as_of > timezone.localdate():
            _execute(run)
        if not upcoming:
            from .upcoming import upcoming_after_rescreen

            upcoming_after_rescreen(run=run)
    except Exception as exc:
        RescreenRun.objects.filter(pk=run.pk).update(status=RescreenRun.Status.FAILED, error=str(exc)[:2000],
                                                     finished=timezone.now())
        raise
    from .notify import notify_merchants

    notify_merchants(run_id=run.pk)
    if not upcoming:
        decisions_changed.send(sender=RescreenRun, run_id=run.pk)
    # "done" means decisions, records and notifications are all in place
    RescreenRun.objects.filter(pk=run.pk).update(status=RescreenRun.Status.DONE, finished=timezone.now())
    run.refresh_from_db()
    return run


def _execute(run: RescreenRun) -> None:
    from compliance.selectors import rule_specs

    as_of = run.as_of or timezone.localdate()
    specs, rates = rule_specs(), rate_table(as_of)
    countries = origin_countries(run.origins)
    scope_sql, scope_params = run_scope(run, countries)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(v.id), max(v.id) FROM inventory_vehicle v "
                       f"JOIN accounts_yard y ON y.id = v.yard_id WHERE {scope_sql}", scope_params)
        count, low, high = cursor.fetchone()
    RescreenRun.objects.filter(pk=run.pk).update(total=count * len(run.destinations))
    if not count:
        return
    fingerprints = {}
    for destination in run.destinations:
        passes = [build_pass(specs, origin=origin, destination=destination, as_of=as_of, rates=rates)
                  for origin in countries]
        fingerprints.update({f"{item.origin}>{destination}": _rules_fingerprint(item, as_of, rates)
                             for item in passes})
        outcomes: dict = {}
        for start in range(low, high + 1, CHUNK_IDS):
            done, changed = _chunk(run, destination, passes, outcomes, as_of, rates, scope_sql, scope_params,
                                   start, start + CHUNK_IDS)
            RescreenRun.objects.filter(pk=run.pk).update(done=F("done") + done, changed=F("changed") + changed)
    RescreenRun.objects.filter(pk=run.pk).update(rules_fingerprints=fingerprints)


def run_scope(run: RescreenRun, countries: list[str], *, withdrawn: bool = False) -> tuple[str, list]:
    """The run's vehicles as a WHERE over ``inventory_vehicle v JOIN accounts_yard y``."""
    sql, params = ([] if withdrawn else ["v.status <> 'withdrawn'"]) + ["y.country = ANY(%s)"], [countries]
    if run.vehicle_ids is not None:
        sql.append("v.id = ANY(%s::bigint[])")
        params.append(list(run.vehicle_ids))
    return " AND ".join(sql), params


def _rules_fingerprint(item, as_of, rates) -> str:
    return outcome(item, [], "EUR", as_of, rates).rules_version


def _facts_json_sql() -> str:
    pairs = [f"'{name}', v.{name}" for name in VEHICLE_FIELDS]
    return ("jsonb_build_object('origin', c.origin, 'destination', %(dest)s::text, 'route', jsonb_build_array("
            "%(dest)s::text), 'as_of', %(as_of)s::date, " + ", ".join(pairs) +
            ", 'customs_value', jsonb_build_object('amount', v.price_amount::text, 'currency', v.price_currency),"
            " 'vehicle_id', v.id)")


_APPLY = """
WITH cur AS (
    SELECT h.vehicle_id, h.origin, o.decision, o.findings, o.requirements, o.rules_fp, o.findings_fp
    FROM tmp_hits h
    JOIN tmp_outcome o ON o.origin = h.origin AND o.hits = h.hits AND o.price_currency = h.price_currency
    LEFT JOIN compliance_vehicledecision d ON d.vehicle_id = h.vehicle_id AND d.destination = %(dest)s
    WHERE d.id IS NULL OR d.findings_fingerprint <> o.findings_fp
), ins AS (
    INSERT INTO compliance_compliancecheck (vehicle_id, origin, destination, route, as_of, decision, findings,
        requirements, rules_fingerprint, findings_fingerprint, facts, reason, rescreen_run_id, checked_by_id,
        created)
    SELECT c.vehicle_id, c.origin, %(dest)s, ARRAY[%(dest)s]::varchar[], %(as_of)s, c.decision, c.findings,
           c.requirements, c.rules_fp, c.findings_fp, {facts}, 'rescreen', %(run)s, NULL, now()
    FROM cur c JOIN inventory_vehicle v ON v.id = c.vehicle_id
    RETURNING id, vehicle_id, decision, findings_fingerprint
), eff AS (
    SELECT ins.id, ins.vehicle_id, ins.decision, ins.findings_fingerprint, r.id AS review_id,
           d.decision AS old_decision,
           CASE WHEN ins.decision = 'review' AND r.outcome = 'approve' THEN 'clear'
                WHEN ins.decision = 'review' AND r.outcome = 'decline' THEN 'blocked'
                ELSE ins.decision END AS effective
    FROM ins
    -- the statement's snapshot still holds the old decision (an index probe; CTE row estimates are useless)
    LEFT JOIN compliance_vehicledecision d ON d.vehicle_id = ins.vehicle_id AND d.destination = %(dest)s
    LEFT JOIN LATERAL (
        SELECT o.id, o.outcome FROM compliance_officerreview o
        WHERE o.vehicle_id = ins.vehicle_id AND o.destination = %(dest)s
          AND o.findings_fingerprint = ins.findings_fingerprint AND ins.decision = 'review'
        ORDER BY o.decided_at DESC, o.id DESC LIMIT 1
    ) r ON TRUE
), up AS (
    INSERT INTO compliance_vehicledecision (vehicle_id, destination, decision, check_decision, check_record_id,
        findings_fingerprint, review_id, decided_at)
    SELECT vehicle_id, %(dest)s, effective, decision, id, findings_fingerprint, review_id, now() FROM eff
    ON CONFLICT (vehicle_id, destination) DO UPDATE SET
        decision = EXCLUDED.decision, check_decision = EXCLUDED.check_decision,
        check_record_id = EXCLUDED.check_record_id, findings_fingerprint = EXCLUDED.findings_fingerprint,
        review_id = EXCLUDED.review_id, decided_at = EXCLUDED.decided_at
    RETURNING 1
), changes AS (
    INSERT INTO compliance_decisionchange (run_id, vehicle_id, destination, old_decision, new_decision,
        check_record_id)
    SELECT %(run)s, vehicle_id, %(dest)s, old_decision, effective, id FROM eff
    WHERE old_decision IS NOT NULL AND old_decision <> effective
    RETURNING 1
)
SELECT (SELECT count(*) FROM up), (SELECT count(*) FROM changes)
"""


def _chunk(run, destination, passes, outcomes, as_of, rates, scope_sql, scope_params, start, stop):
    case_sql, case_params = hits_case(passes)
    by_origin = {item.origin: item for item in passes}
    with transaction.atomic(), connection.cursor() as cursor:
        # one writer per destination at a time; other destinations run in parallel
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('compliance-rescreen'), hashtext(%s))", [destination])
        cursor.execute("DROP TABLE IF EXISTS tmp_hits, tmp_outcome")  # inside an outer transaction (tests)
        cursor.execute("CREATE TEMP TABLE tmp_hits (vehicle_id bigint PRIMARY KEY, origin varchar(2), hits bigint[],"
                       " price_currency varchar(3)) ON COMMIT DROP")
        cursor.execute(
            f"INSERT INTO tmp_hits SELECT v.id, y.country, {case_sql}, v.price_currency FROM inventory_vehicle v "
            f"JOIN accounts_yard y ON y.id = v.yard_id WHERE {scope_sql} AND v.id >= %s AND v.id < %s",
            [*case_params, *scope_params, start, stop])
        done = cursor.rowcount
        if not done:
            return 0, 0
        cursor.execute("CREATE TEMP TABLE tmp_outcome (origin varchar(2), hits bigint[], price_currency varchar(3),"
                       " decision text, findings jsonb, requirements jsonb, rules_fp text, findings_fp text)"
                       " ON COMMIT DROP")
        cursor.execute("SELECT DISTINCT origin, hits, price_currency FROM tmp_hits")
        rows = []
        for origin, hits, currency in cursor.fetchall():
            key = (origin, tuple(hits), currency)
            if key not in outcomes:
                outcomes[key] = outcome(by_origin[origin], hits, currency, as_of, rates)
            decision = outcomes[key]
            rows.append((origin, list(hits), currency, decision.decision, json.dumps(list(decision.findings)),
                         json.dumps(list(decision.requirements)), decision.rules_version,
                         decision.findings_fingerprint))
        cursor.executemany("INSERT INTO tmp_outcome VALUES (%s, %s::bigint[], %s, %s, %s::jsonb, %s::jsonb, %s, %s)",
                           rows)
        cursor.execute("ANALYZE tmp_hits")
        cursor.execute("ANALYZE tmp_outcome")
        if run.kind == RescreenRun.Kind.UPCOMING:
            from .upcoming import APPLY_UPCOMING

            cursor.execute(APPLY_UPCOMING, {"dest": destination, "as_of": as_of, "run": run.pk})
        else:
            cursor.execute(_APPLY.replace("{facts}", _facts_json_sql()),
                           {"dest": destination, "as_of": as_of, "run": run.pk})
        _updated, changed = cursor.fetchone()
    return done, changed
