"""Checking vehicles one by one with the Python evaluator (on create/change, on request)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from compliance.engine.evaluator import Decision, RuleSpec, evaluate
from compliance.engine.facts import VEHICLE_FIELDS, Facts
from compliance.models import ComplianceCheck, UpcomingDecision
from core.rates import rate_table


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
    from compliance.selectors import rule_specs

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
    from compliance.selectors import rule_specs
    from inventory.models import Status, Vehicle

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
        from .upcoming import upcoming_after_check

        # coming changes were measured against the old decisions: recompute them for these vehicles
        upcoming_after_check(vehicle_ids=[vehicle.pk for vehicle in vehicles], destinations=destinations,
                             as_of=as_of)
    return len(checks)


_UPSERT = """
INSERT INTO compliance_vehicledecision
    (vehicle_id, destination, decision, check_decision, check_record_id, findings_fingerprint, review_id, decided_at)
SELECT n.vehicle_id, n.destination,
       CASE WHEN n.decision = 'review' AND r.outcome = 'approve' THEN 'clear'
            WHEN n.decision = 'review' AND r.outcome = 'decline' THEN 'blocked'
            ELSE n.decision END,
       n.decision, n.check_id, n.fingerprint, r.id, now()
FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::text[])
     AS n(vehicle_id, destination, decision, check_id, fingerprint)
LEFT JOIN LATERAL (
    SELECT id, outcome FROM compliance_officerreview o
    WHERE o.vehicle_id = n.vehicle_id AND o.destination = n.destination AND o.findings_fingerprint = n.fingerprint
      AND n.decision = 'review'
    ORDER BY o.decided_at DESC, o.id DESC LIMIT 1
) r ON TRUE
ON CONFLICT (vehicle_id, destination) DO UPDATE SET
    decision = EXCLUDED.decision, check_decision = EXCLUDED.check_decision,
    check_record_id = EXCLUDED.check_record_id, findings_fingerprint = EXCLUDED.findings_fingerprint,
    review_id = EXCLUDED.review_id, decided_at = EXCLUDED.decided_at
"""


def decisions_upsert(checks: list[ComplianceCheck]) -> None:
    """Point the latest-decision index at these saved checks (an officer's approval of the same
    findings still applies), in one statement."""
    rows = [check for check in checks if check.vehicle_id]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [
            [check.vehicle_id for check in rows], [check.destination for check in rows],
            [check.decision for check in rows], [check.pk for check in rows],
            [check.findings_fingerprint for check in rows],
        ])
