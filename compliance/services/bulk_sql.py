"""Every raw SQL statement of compliance, in one module (architecture.md, rule 4).

Set-based work (re-screens, upcoming decisions, the latest-decision index, the merchants to tell) is
SQL over other apps' tables: those are named here only, and only through ``Model._meta.db_table``, so a
renamed table or column fails a test, not a customer. Nothing here changes another app's rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence

from django.db import connection, transaction
from psycopg.types.json import Jsonb

from accounts.models import User, Yard
from compliance.engine.evaluator import REVIEW_DECISION, Decision
from compliance.engine.facts import VEHICLE_FIELDS
from compliance.engine.reviews import decision_after_review_sql
from compliance.models import (
    ComplianceCheck,
    DecisionChange,
    OfficerReview,
    RescreenRun,
    SanctionEntry,
    SanctionName,
    UpcomingDecision,
    VehicleDecision,
)
from inventory.models import Status, Vehicle

VEHICLE = Vehicle._meta.db_table
YARD = Yard._meta.db_table
USER = User._meta.db_table
CHECK = ComplianceCheck._meta.db_table
DECISION = VehicleDecision._meta.db_table
REVIEW = OfficerReview._meta.db_table
CHANGE = DecisionChange._meta.db_table
UPCOMING = UpcomingDecision._meta.db_table

# The stock a run screens: ``FROM {STOCK} WHERE <run_scope>``; conditions compile against the alias ``v``.
STOCK = f"{VEHICLE} v JOIN {YARD} y ON y.id = v.yard_id"


def _latest_review(alias: str, vehicle: str, destination: str, fingerprint: str, decision: str) -> str:
    """A LATERAL subquery: the officer's latest review of exactly these findings, when the check asks for one."""
    return f"""LEFT JOIN LATERAL (
        SELECT {alias}.id, {alias}.outcome FROM {REVIEW} {alias}
        WHERE {alias}.vehicle_id = {vehicle} AND {alias}.destination = {destination}
          AND {alias}.findings_fingerprint = {fingerprint} AND {decision} = '{REVIEW_DECISION}'
        ORDER BY {alias}.decided_at DESC, {alias}.id DESC LIMIT 1
    ) r ON TRUE"""


# --- the latest-decision index, after per-vehicle checks ----------------------------------------------------
# decided_at is the statement's time, not the transaction's: a decision is current for a vehicle changed
# before it (``vehicles_unchecked`` compares the two)

_UPSERT_DECISIONS = f"""
INSERT INTO {DECISION}
    (vehicle_id, destination, decision, check_decision, check_record_id, findings_fingerprint, review_id, decided_at)
SELECT n.vehicle_id, n.destination, {decision_after_review_sql("n.decision", "r.outcome")},
       n.decision, n.check_id, n.fingerprint, r.id, statement_timestamp()
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::text[])
     AS n(vehicle_id, destination, decision, check_id, fingerprint)
{_latest_review("o", "n.vehicle_id", "n.destination", "n.fingerprint", "n.decision")}
ON CONFLICT (vehicle_id, destination) DO UPDATE SET
    decision = EXCLUDED.decision, check_decision = EXCLUDED.check_decision,
    check_record_id = EXCLUDED.check_record_id, findings_fingerprint = EXCLUDED.findings_fingerprint,
    review_id = EXCLUDED.review_id, decided_at = EXCLUDED.decided_at
"""


def decisions_upsert(checks: Sequence[ComplianceCheck]) -> None:
    """Point the latest-decision index at these saved checks (an officer's approval of the same
    findings still applies), in one statement."""
    rows = [check for check in checks if check.vehicle_id]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_DECISIONS, [
            [check.vehicle_id for check in rows], [check.destination for check in rows],
            [check.decision for check in rows], [check.pk for check in rows],
            [check.findings_fingerprint for check in rows],
        ])


# --- officers' decisions on many reviews at once --------------------------------------------------------------

_DECIDE_REVIEWS = f"""
WITH target AS (
    SELECT d.id, d.vehicle_id, d.destination, d.check_record_id, d.findings_fingerprint
    FROM {DECISION} d
    JOIN unnest(%(ids)s::bigint[], %(fingerprints)s::text[]) AS s(id, fingerprint)
      ON s.id = d.id AND s.fingerprint = d.findings_fingerprint
    WHERE d.decision = '{REVIEW_DECISION}' AND d.check_decision = '{REVIEW_DECISION}'
    ORDER BY d.id
    FOR UPDATE OF d
), ins AS (
    INSERT INTO {REVIEW} (vehicle_id, destination, check_record_id, findings_fingerprint, outcome, reason,
                          decided_by_id, decided_at)
    SELECT vehicle_id, destination, check_record_id, findings_fingerprint, %(outcome)s, %(reason)s, %(user)s,
           %(now)s
    FROM target ORDER BY id
    RETURNING id, vehicle_id, destination
)
UPDATE {DECISION} d
SET decision = {decision_after_review_sql("d.check_decision", "%(outcome)s::text")}, review_id = ins.id,
    decided_at = %(now)s
FROM ins
WHERE d.vehicle_id = ins.vehicle_id AND d.destination = ins.destination
"""


def reviews_insert(*, items: Sequence[tuple[int, str]], outcome: str, reason: str, user_id: int,
                   now: dt.datetime) -> int:
    """One officer's review row per queue item still waiting with the same findings fingerprint, and its
    latest decision moved to the reviewed one, in one statement. Returns how many were decided."""
    if not items:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_DECIDE_REVIEWS, {
            "ids": [item[0] for item in items], "fingerprints": [item[1] for item in items], "outcome": outcome,
            "reason": reason, "user": user_id, "now": now})
        return cursor.rowcount


# --- vehicles owed a check ----------------------------------------------------------------------------------

# Listed vehicles (not withdrawn) changed in [since, until) that lack, for some destination, a decision made
# after their last change. Walks the partial index on ``updated`` (inventory's ``vehicle_updated``), one probe
# of the latest-decision index per vehicle: bounded by the window and by ``limit``.
_UNCHECKED = f"""
SELECT v.id, v.updated FROM {VEHICLE} v
WHERE v.status <> '{Status.WITHDRAWN.value}' AND v.updated >= %(since)s AND v.updated < %(until)s
  AND (SELECT count(*) FROM {DECISION} d WHERE d.vehicle_id = v.id AND d.destination = ANY(%(destinations)s)
       AND d.decided_at >= v.updated) < %(wanted)s
ORDER BY v.updated LIMIT %(limit)s
"""


def vehicles_unchecked(*, since: dt.datetime, until: dt.datetime, destinations: Sequence[str],
                       limit: int) -> list[tuple[int, dt.datetime]]:
    """(id, updated) of the vehicles changed in [since, until) without a current decision everywhere."""
    with connection.cursor() as cursor:
        cursor.execute(_UNCHECKED, {"since": since, "until": until, "destinations": list(destinations),
                                    "wanted": len(set(destinations)), "limit": limit})
        return cursor.fetchall()


# --- the scope of a run --------------------------------------------------------------------------------------

def run_scope(run: RescreenRun, countries: list[str], *, withdrawn: bool = False) -> tuple[str, list]:
    """The run's vehicles as a WHERE over ``STOCK`` (``v``: the vehicle, ``y``: its yard)."""
    sql = ([] if withdrawn else [f"v.status <> '{Status.WITHDRAWN.value}'"]) + ["y.country = ANY(%s)"]
    params: list = [countries]
    if run.vehicle_ids is not None:
        sql.append("v.id = ANY(%s::bigint[])")
        params.append(list(run.vehicle_ids))
    return " AND ".join(sql), params


def scope_bounds(scope_sql: str, scope_params: list) -> tuple[int, int | None, int | None]:
    """How many vehicles the scope holds, and their lowest and highest id (the chunks' range)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(v.id), max(v.id) FROM {STOCK} WHERE {scope_sql}", scope_params)
        return cursor.fetchone()


# --- one chunk of a re-screen ----------------------------------------------------------------------------------

def _facts_json_sql() -> str:
    pairs = [f"'{name}', v.{name}" for name in VEHICLE_FIELDS]
    return ("jsonb_build_object('origin', c.origin, 'destination', %(dest)s::text, 'route', jsonb_build_array("
            "%(dest)s::text), 'as_of', %(as_of)s::date, " + ", ".join(pairs) +
            ", 'customs_value', jsonb_build_object('amount', v.price_amount::text, 'currency', v.price_currency),"
            " 'vehicle_id', v.id)")


# Records a check for every vehicle whose findings changed, moves the latest-decision index and notes
# each changed decision (merchants are told at the end of the run).
_APPLY_DECISIONS = f"""
WITH cur AS (
    SELECT h.vehicle_id, h.origin, o.decision, o.findings, o.requirements, o.rules_fp, o.findings_fp
    FROM tmp_hits h
    JOIN tmp_outcome o ON o.origin = h.origin AND o.hits = h.hits AND o.price_currency = h.price_currency
    LEFT JOIN {DECISION} d ON d.vehicle_id = h.vehicle_id AND d.destination = %(dest)s
    WHERE d.id IS NULL OR d.findings_fingerprint <> o.findings_fp
), ins AS (
    INSERT INTO {CHECK} (vehicle_id, origin, destination, route, as_of, decision, findings,
        requirements, rules_fingerprint, findings_fingerprint, facts, reason, rescreen_run_id, checked_by_id,
        created)
    SELECT c.vehicle_id, c.origin, %(dest)s, ARRAY[%(dest)s]::varchar[], %(as_of)s, c.decision, c.findings,
           c.requirements, c.rules_fp, c.findings_fp, {_facts_json_sql()}, '{ComplianceCheck.Reason.RESCREEN.value}',
           %(run)s, NULL, now()
    FROM cur c JOIN {VEHICLE} v ON v.id = c.vehicle_id
    RETURNING id, vehicle_id, decision, findings_fingerprint
), eff AS (
    SELECT ins.id, ins.vehicle_id, ins.decision, ins.findings_fingerprint, r.id AS review_id,
           d.decision AS old_decision,
           {decision_after_review_sql("ins.decision", "r.outcome")} AS effective
    FROM ins
    -- the statement's snapshot still holds the old decision (an index probe; CTE row estimates are useless)
    LEFT JOIN {DECISION} d ON d.vehicle_id = ins.vehicle_id AND d.destination = %(dest)s
    {_latest_review("o", "ins.vehicle_id", "%(dest)s", "ins.findings_fingerprint", "ins.decision")}
), up AS (
    INSERT INTO {DECISION} (vehicle_id, destination, decision, check_decision, check_record_id,
        findings_fingerprint, review_id, decided_at)
    SELECT vehicle_id, %(dest)s, effective, decision, id, findings_fingerprint, review_id, now() FROM eff
    ON CONFLICT (vehicle_id, destination) DO UPDATE SET
        decision = EXCLUDED.decision, check_decision = EXCLUDED.check_decision,
        check_record_id = EXCLUDED.check_record_id, findings_fingerprint = EXCLUDED.findings_fingerprint,
        review_id = EXCLUDED.review_id, decided_at = EXCLUDED.decided_at
    RETURNING 1
), changes AS (
    INSERT INTO {CHANGE} (run_id, vehicle_id, destination, old_decision, new_decision, check_record_id)
    SELECT %(run)s, vehicle_id, %(dest)s, old_decision, effective, id FROM eff
    WHERE old_decision IS NOT NULL AND old_decision <> effective
    RETURNING 1
)
SELECT (SELECT count(*) FROM up), (SELECT count(*) FROM changes)
"""

# An upcoming run: the same screening as of a future date, but only the vehicles whose decision will change
# then are stored. The future decision counts an officer's approval of the same findings, as the real
# re-screen will. A row that a recomputation finds again unchanged keeps the run that first announced it
# (merchants are told once); rows of the chunk's vehicles that no longer change are deleted.
_APPLY_UPCOMING = f"""
WITH fut AS (
    SELECT h.vehicle_id, d.decision AS current_decision,
           {decision_after_review_sql("o.decision", "r.outcome")} AS decision
    FROM tmp_hits h
    JOIN tmp_outcome o ON o.origin = h.origin AND o.hits = h.hits AND o.price_currency = h.price_currency
    JOIN {DECISION} d ON d.vehicle_id = h.vehicle_id AND d.destination = %(dest)s
    {_latest_review("rv", "h.vehicle_id", "%(dest)s", "o.findings_fp", "o.decision")}
), coming AS (
    SELECT * FROM fut WHERE decision <> current_decision
), gone AS (
    DELETE FROM {UPCOMING} u USING tmp_hits h
    WHERE u.vehicle_id = h.vehicle_id AND u.destination = %(dest)s AND u.effective_on = %(as_of)s
      AND NOT EXISTS (SELECT 1 FROM coming c WHERE c.vehicle_id = u.vehicle_id)
    RETURNING 1
), up AS (
    INSERT INTO {UPCOMING} AS u (vehicle_id, destination, effective_on, decision,
        current_decision, run_id, created)
    SELECT vehicle_id, %(dest)s, %(as_of)s, decision, current_decision, %(run)s, now() FROM coming
    ON CONFLICT (vehicle_id, destination, effective_on) DO UPDATE SET
        run_id = CASE WHEN u.decision = EXCLUDED.decision AND u.current_decision = EXCLUDED.current_decision
                      THEN u.run_id ELSE EXCLUDED.run_id END,
        created = CASE WHEN u.decision = EXCLUDED.decision AND u.current_decision = EXCLUDED.current_decision
                       THEN u.created ELSE EXCLUDED.created END,
        decision = EXCLUDED.decision, current_decision = EXCLUDED.current_decision
    RETURNING 1
)
SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM up)
"""

Decide = Callable[[str, list[int], str], Decision]  # (origin, fired ids, price currency) -> decision


def chunk_apply(*, run: RescreenRun, destination: str, as_of: dt.date, case_sql: str, case_params: list,
                scope_sql: str, scope_params: list, start: int, stop: int, decide: Decide) -> tuple[int, int]:
    """Screen the scope's vehicles with ids in [start, stop) for one destination, in one transaction.

    The fired rule ids go into a temporary table, ``decide`` gives each distinct combination its decision,
    then one statement applies them (a decisions run: checks, latest decisions and changes; an upcoming
    run: the coming changes). Returns (vehicles screened, decisions changed).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        # one writer per destination at a time; other destinations run in parallel
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('compliance-rescreen'), hashtext(%s))", [destination])
        cursor.execute("DROP TABLE IF EXISTS tmp_hits, tmp_outcome")  # inside an outer transaction (tests)
        cursor.execute("CREATE TEMP TABLE tmp_hits (vehicle_id bigint PRIMARY KEY, origin varchar(2), hits bigint[],"
                       " price_currency varchar(3)) ON COMMIT DROP")
        cursor.execute(
            f"INSERT INTO tmp_hits SELECT v.id, y.country, {case_sql}, v.price_currency FROM {STOCK} "
            f"WHERE {scope_sql} AND v.id >= %s AND v.id < %s",
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
            decision = decide(origin, hits, currency)
            rows.append((origin, list(hits), currency, decision.decision, json.dumps(list(decision.findings)),
                         json.dumps(list(decision.requirements)), decision.rules_version,
                         decision.findings_fingerprint))
        cursor.executemany("INSERT INTO tmp_outcome VALUES (%s, %s::bigint[], %s, %s, %s::jsonb, %s::jsonb, %s, %s)",
                           rows)
        cursor.execute("ANALYZE tmp_hits")
        cursor.execute("ANALYZE tmp_outcome")
        statement = _APPLY_UPCOMING if run.kind == RescreenRun.Kind.UPCOMING else _APPLY_DECISIONS
        cursor.execute(statement, {"dest": destination, "as_of": as_of, "run": run.pk})
        _updated, changed = cursor.fetchone()
    return done, changed


def upcoming_delete_through(*, run: RescreenRun, countries: list[str], through: dt.date) -> int:
    """Delete the upcoming rows of the run's scope and destinations dated up to ``through``."""
    scope_sql, params = run_scope(run, countries, withdrawn=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {UPCOMING} u USING {STOCK} "
            f"WHERE u.vehicle_id = v.id AND u.destination = ANY(%s) AND u.effective_on <= %s AND {scope_sql}",
            [list(run.destinations), through, *params])
        return cursor.rowcount


# --- previews ------------------------------------------------------------------------------------------------

def preview_counts(*, case_sql: str, case_params: list, destination: str,
                   countries: list[str]) -> list[tuple[str, list[int], str, str | None, str | None, int]]:
    """Vehicles not withdrawn grouped by (origin, fired ids, price currency, latest decision, its fingerprint)."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT y.country, {case_sql} AS hits, v.price_currency, d.decision, d.findings_fingerprint, count(*)
            FROM {STOCK}
            LEFT JOIN {DECISION} d ON d.vehicle_id = v.id AND d.destination = %s
            WHERE v.status <> '{Status.WITHDRAWN.value}' AND y.country = ANY(%s)
            GROUP BY 1, 2, 3, 4, 5""", [*case_params, destination, countries])
        return cursor.fetchall()


# --- the merchants to tell ----------------------------------------------------------------------------------

_BY_MERCHANT = """
SELECT u.id, count(*), array_agg(DISTINCT c.destination ORDER BY c.destination),
       array_agg(DISTINCT c.{new} ORDER BY c.{new}),
       (array_agg(json_build_object('vehicle_id', v.id, 'stock_no', v.stock_no, 'vehicle',
                  v.year || ' ' || v.make || ' ' || v.model, 'destination', c.destination, 'old', c.{old},
                  'new', c.{new}{extra}) ORDER BY v.stock_no, c.destination))[1:%s]
FROM {table} c
JOIN {vehicle} v ON v.id = c.vehicle_id
JOIN {user} u ON u.yard_id = v.yard_id AND u.role = '{merchant}' AND u.is_active
WHERE c.run_id = %s
GROUP BY u.id
"""
_TABLES = {"vehicle": VEHICLE, "user": USER, "merchant": User.Role.MERCHANT.value}
# decisions that changed in a run; decisions that a run found will change on its (future) date
_CHANGES_BY_MERCHANT = _BY_MERCHANT.format(table=CHANGE, old="old_decision", new="new_decision",
                                           extra=", 'check_id', c.check_record_id", **_TABLES)
_UPCOMING_BY_MERCHANT = _BY_MERCHANT.format(table=UPCOMING, old="current_decision", new="decision",
                                            extra=", 'from', c.effective_on", **_TABLES)


def changes_by_merchant(*, run: RescreenRun, listed: int) -> list[tuple[int, int, list[str], list[str], list[dict]]]:
    """Per active merchant whose yard's vehicles the run changed (or will change): (user id, count,
    destinations, new decisions, the first ``listed`` changes)."""
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    with connection.cursor() as cursor:
        cursor.execute(_UPCOMING_BY_MERCHANT if upcoming else _CHANGES_BY_MERCHANT, [listed, run.pk])
        return cursor.fetchall()


def sanction_entries_copy(*, version_id: int, entries: Sequence, hashes: dict[str, str],
                          names_of: Callable) -> dict[str, int]:
    """A list version's entries and their names with COPY (tens of thousands of rows in seconds; the ORM's
    bulk inserts took minutes on a busy machine). ``names_of(entry)`` yields (name, key, is_alias,
    low_quality). Returns {entry_ref: id}."""
    entry_table, name_table = SanctionEntry._meta.db_table, SanctionName._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {entry_table} (version_id, entry_ref, kind, primary_name, aliases, programs, "
                      f"countries, birth_dates, remarks, content_hash) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row((version_id, entry.entry_ref, entry.kind, entry.primary_name[:500],
                                Jsonb(entry.aliases), entry.programs, entry.countries, Jsonb(entry.birth_dates),
                                entry.remarks, hashes[entry.entry_ref]))
        cursor.execute(f"SELECT entry_ref, id FROM {entry_table} WHERE version_id = %s", [version_id])
        ids = dict(cursor.fetchall())
        with raw.copy(f"COPY {name_table} (version_id, entry_id, name, key, is_alias, low_quality) "
                      f"FROM STDIN") as copy:
            for entry in entries:
                for name, key, is_alias, low_quality in names_of(entry):
                    copy.write_row((version_id, ids[entry.entry_ref], name[:500], key[:500], is_alias, low_quality))
    return ids
