"""Checking vehicles one by one with the Python evaluator (on create/change, on request)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compliance.engine.evaluator import Decision, RuleSpec, evaluate
from compliance.engine.facts import VEHICLE_FIELDS, Facts
from compliance.models import ComplianceCheck, UpcomingDecision
from compliance.selectors import rule_specs
from core.rates import rate_table
from inventory.models import Status, Vehicle

from .bulk_sql import decisions_upsert
from .upcoming import upcoming_after_check


def facts_for_vehicle(vehicle, *, destination: str, route: list[str] | tuple[str, ...] | None = None,
                      as_of: dt.date | None = None, origin: str | None = None) -> Facts:
    """A vehicle's facts for one transaction; the customs value defaults to its price."""
    values = {name: getattr(vehicle, name) for name in VEHICLE_FIELDS}
    for name, value in values.items():
        if value is None and isinstance(Facts.__dataclass_fields__[name].default, str):
            values[name] = ""
    return Facts(
        origin=origin or vehicle.yard.country, destination=destination, route=tuple(route or (destination,)),
        as_of=as_of or timezone.localdate(), customs_value=vehicle.price_amount,
        customs_currency=vehicle.price_currency, vehicle_id=vehicle.pk, **values,
    )


def evaluate_facts(facts: Facts, *, rules: list[RuleSpec] | None = None, rates=None) -> Decision:
    """Load the rules and the rates of the check date, then run the evaluator (no saving)."""
    return evaluate(facts, rules if rules is not None else rule_specs(),
                    rates if rates is not None else rate_table(facts.as_of))


def _check_row(facts: Facts, decision: Decision, *, reason: str, user=None) -> ComplianceCheck:
    return ComplianceCheck(
        vehicle_id=facts.vehicle_id, origin=facts.origin, destination=facts.destination, route=list(facts.route),
        as_of=facts.as_of, decision=decision.decision, findings=list(decision.findings),
        requirements=list(decision.requirements), rules_fingerprint=decision.rules_version,
        findings_fingerprint=decision.findings_fingerprint, facts=facts.as_json(), reason=reason,
        checked_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def vehicle_check(*, vehicle, destination: str, route: list[str] | None = None, as_of: dt.date | None = None,
                  user=None, reason: str = ComplianceCheck.Reason.REQUEST) -> ComplianceCheck:
    """Check and record one vehicle for one transaction; a direct route also updates the latest decision."""
    facts = facts_for_vehicle(vehicle, destination=destination, route=route, as_of=as_of)
    check = _check_row(facts, evaluate_facts(facts), reason=reason, user=user)
    check.save()
    if list(facts.route) == [destination] and facts.as_of == timezone.localdate():
        decisions_upsert([check])
    return check


def vehicles_check(*, vehicle_ids, destinations: list[str] | None = None, as_of: dt.date | None = None) -> int:
    """Check vehicles for every destination the broker serves (the task on create/change). Returns checks."""
    destinations = destinations or list(settings.BROKER_DESTINATIONS)
    as_of = as_of or timezone.localdate()
    vehicle_ids = list(vehicle_ids)
    UpcomingDecision.objects.filter(vehicle_id__in=vehicle_ids, vehicle__status=Status.WITHDRAWN).delete()
    vehicles = list(Vehicle.objects.filter(pk__in=vehicle_ids).exclude(status=Status.WITHDRAWN)
                    .select_related("yard"))
    if not vehicles:
        return 0
    rules, rates = rule_specs(), rate_table(as_of)
    checks = []
    for vehicle in vehicles:
        for destination in destinations:
            facts = facts_for_vehicle(vehicle, destination=destination, as_of=as_of)
            decision = evaluate(facts, rules, rates)
            checks.append(_check_row(facts, decision, reason=ComplianceCheck.Reason.VEHICLE_CHANGED))
    with transaction.atomic():
        ComplianceCheck.objects.bulk_create(checks, batch_size=1000)
        decisions_upsert(checks)
        # coming changes were measured against the old decisions: recompute them for these vehicles
        upcoming_after_check(vehicle_ids=[vehicle.pk for vehicle in vehicles], destinations=destinations,
                             as_of=as_of)
    return len(checks)

