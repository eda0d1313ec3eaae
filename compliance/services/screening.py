"""Set-based screening: compiled conditions decide which rules fire for every vehicle row in SQL.

SQL returns, per vehicle, the ids of the rule versions that fired (negated when unknown: no exchange
rate). The decision and findings for each distinct combination are then built in Python by the
evaluator's own ``decide`` (there are a handful of combinations, not one per vehicle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone

from compliance.choices import VEHICLE_SCOPE
from compliance.engine.evaluator import Decision, RuleSpec, applicable, decide
from compliance.engine.sql import VEHICLE_ALIAS, SqlContext, compile_condition
from compliance.models import VERSION_FIELDS, Rule, RuleSet, RuleVersion
from compliance.selectors import rule_specs, spec_from_version, yard_countries
from core.money import NoRate, Rate, convert_with
from core.rates import rate_table

from .bulk_sql import preview_counts
from .rules import affected_destinations

PROPOSED_ID = 2**62  # a proposed version has no row yet; ids must be positive (a negative hit means "unknown")


@dataclass(frozen=True)
class Pass:
    """One (origin, destination) screening pass: its rules and the SQL computing the fired ids."""

    origin: str
    destination: str
    rules: tuple[RuleSpec, ...]
    hits_sql: str
    params: tuple


def build_pass(specs: Sequence[RuleSpec], *, origin: str, destination: str, as_of: dt.date,
               rates: Mapping[str, Rate], alias: str = VEHICLE_ALIAS, route: Sequence[str] | None = None) -> Pass:
    """``destination`` is the buyer's country; the route (default: direct) ends in the final country."""
    route = tuple(route or (destination,))
    rules = tuple(applicable(specs, origin, route[-1], as_of))
    ctx = SqlContext(as_of, origin, route[-1], route, destination, rates, alias)
    parts, params = [], []
    for rule in rules:
        sql, rule_params = compile_condition(rule.tree, ctx, rule.currency)
        parts.append(f"CASE ({sql}) WHEN TRUE THEN {int(rule.id)} WHEN FALSE THEN NULL ELSE {-int(rule.id)} END")
        params.extend(rule_params)
    hits = f"array_remove(ARRAY[{', '.join(parts)}]::bigint[], NULL)" if parts else "'{}'::bigint[]"
    return Pass(origin, destination, rules, hits, tuple(params))


def hits_case(passes: Sequence[Pass], country_column: str = "y.country") -> tuple[str, list]:
    """One SQL expression giving the fired ids for the row's origin country."""
    if not passes:
        return "'{}'::bigint[]", []
    sql, params = [f"CASE {country_column}"], []
    for item in passes:
        sql.append(f"WHEN %s THEN {item.hits_sql}")
        params.append(item.origin)
        params.extend(item.params)
    sql.append("ELSE '{}'::bigint[] END")
    return " ".join(sql), params


def outcome(item: Pass, hits: Sequence[int], price_currency: str, as_of: dt.date,
            rates: Mapping[str, Rate]) -> Decision:
    """The decision for one combination of fired rules (same function as the per-vehicle evaluator)."""
    by_id = {rule.id: rule for rule in item.rules}
    fired = [(by_id[abs(hit)], hit < 0) for hit in hits]
    notes = {rule.id: money_note(rates, price_currency, rule.currency, as_of) for rule, _u in fired if rule.uses_money}
    return decide(fired, item.rules, as_of, notes)


def money_note(rates: Mapping[str, Rate], source: str, target: str, as_of: dt.date) -> dict:
    try:
        converted = convert_with(rates, 1, source, target, as_of)
    except NoRate as exc:
        return {"currency": source, "error": f"{exc.currency} on or before {as_of.isoformat()}"}
    return {"currency": source, "in": target, "rate": converted.rate_note,
            "rate_date": converted.rate_date.isoformat() if converted.rate_date else None}


def rule_change_preview(*, proposed: RuleSpec, destinations: Sequence[str], as_of: dt.date | None = None,
                        origins: Sequence[str] | None = None) -> dict:
    """How many vehicles a proposed rule version would newly block, send to review or clear.

    Computed with the SQL compiler over every vehicle not withdrawn, compared with the latest decisions.
    The date is the later of today and the version's start (a rule from tomorrow is previewed as of
    tomorrow).
    """
    as_of = max(as_of or timezone.localdate(), proposed.effective_from)
    # decisions are the vehicle's: a sale-scope rule (checked on orders) changes none of them
    specs = [spec for spec in rule_specs(VEHICLE_SCOPE) if spec.code != proposed.code]
    if proposed.scope == VEHICLE_SCOPE:
        specs.append(proposed)
    rates = rate_table(as_of)
    totals = {"as_of": as_of, "vehicles": 0, "newly_blocked": 0, "newly_review": 0, "newly_clear": 0,
              "unchanged": 0, "not_yet_screened": 0, "by_destination": {}}
    countries = yard_countries(origins)
    for destination in destinations:
        passes = [build_pass(specs, origin=origin, destination=destination, as_of=as_of, rates=rates)
                  for origin in countries]
        counts = {"newly_blocked": 0, "newly_review": 0, "newly_clear": 0}
        case_sql, params = hits_case(passes)
        rows = preview_counts(case_sql=case_sql, case_params=params, destination=destination, countries=countries)
        by_origin = {item.origin: item for item in passes}
        for country, hits, currency, old, old_fingerprint, count in rows:
            new = outcome(by_origin[country], hits, currency, as_of, rates)
            totals["vehicles"] += count
            if old is None:
                totals["not_yet_screened"] += count
                continue
            if new.findings_fingerprint == old_fingerprint or new.decision == old:
                totals["unchanged"] += count
                continue
            key = {"blocked": "newly_blocked", "review": "newly_review", "clear": "newly_clear"}[new.decision]
            counts[key] += count
            totals[key] += count
        totals["by_destination"][destination] = counts
    return totals


def rule_version_preview(*, rule_set: RuleSet, code: str, rule: Rule | None = None, fields: dict) -> dict:
    """``rule_change_preview`` of a version an officer is writing (not saved): the next version of ``rule``,
    or the first of a new rule ``code`` in ``rule_set``."""
    previous = rule.current if rule else None
    values = {name: fields.get(name) for name in VERSION_FIELDS}
    for name in ("requirement", "citation_url", "currency", "description", "note"):
        values[name] = values[name] or ""
    values["destinations"] = list(values["destinations"] or [])
    proposed = RuleVersion(rule=Rule(code=code, rule_set=rule_set), version=(previous.version + 1) if previous else 1,
                           **values)
    proposed.pk = PROPOSED_ID
    return rule_change_preview(proposed=spec_from_version(proposed),
                               destinations=affected_destinations(previous, proposed),
                               origins=rule_set.origin_countries or None)
