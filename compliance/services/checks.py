"""Checking vehicles one by one with the Python evaluator (on create/change, on request)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from compliance.choices import VEHICLE_SCOPE
from compliance.engine.evaluator import Decision, RuleSpec, evaluate
from compliance.engine.facts import VEHICLE_FIELDS, Facts
from compliance.models import ComplianceCheck, UpcomingDecision, VehicleDecision
from compliance.selectors import rule_specs
from core.leases import Now
from core.outbox import outbox_enqueue_many
from core.rates import rate_table
from inventory.models import Status, Vehicle

from . import bulk_sql
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
    check = _check_row(facts, evaluate_facts(facts, rules=rule_specs(VEHICLE_SCOPE)), reason=reason, user=user)
    check.save()
    if list(facts.route) == [destination] and facts.as_of == timezone.localdate():
        decisions_upsert([check])
    return check


def vehicles_check(*, vehicle_ids, destinations: list[str] | None = None, as_of: dt.date | None = None,
                   only_stale: bool = False) -> int:
    """Check vehicles for every destination the broker serves (the task on create/change). Returns checks.

    ``only_stale`` (the task): a vehicle whose latest decisions were all made from exactly the facts it has
    now gets no second check, its decisions are only confirmed (``decided_at``). A message delivered twice,
    or sent again by the sweeper, records nothing twice; a change that raced a check is checked again.
    """
    destinations = destinations or list(settings.BROKER_DESTINATIONS)
    as_of = as_of or timezone.localdate()
    vehicle_ids = list(vehicle_ids)
    UpcomingDecision.objects.filter(vehicle_id__in=vehicle_ids, vehicle__status=Status.WITHDRAWN).delete()
    vehicles = list(Vehicle.objects.filter(pk__in=vehicle_ids).exclude(status=Status.WITHDRAWN)
                    .select_related("yard"))
    if only_stale:
        current = _decided_from_current_facts(vehicles, destinations, as_of)
        vehicles = [vehicle for vehicle in vehicles if vehicle.pk not in current]
    if not vehicles:
        return 0
    rules, rates = rule_specs(VEHICLE_SCOPE), rate_table(as_of)
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



def _decided_from_current_facts(vehicles: list[Vehicle], destinations: list[str], as_of: dt.date) -> set[int]:
    """The vehicles whose latest decision for every destination was made from the facts they have now; their
    decisions are confirmed as current (``decided_at``, which ``vehicles_unchecked`` compares with changes)."""
    stored = {(vehicle_id, destination): facts for vehicle_id, destination, facts in VehicleDecision.objects.filter(
        vehicle_id__in=[vehicle.pk for vehicle in vehicles], destination__in=destinations,
    ).values_list("vehicle_id", "destination", "check_record__facts")}
    current = {vehicle.pk for vehicle in vehicles if all(
        stored.get((vehicle.pk, destination)) == facts_for_vehicle(vehicle, destination=destination,
                                                                   as_of=as_of).as_json()
        for destination in destinations)}
    if current:
        VehicleDecision.objects.filter(vehicle_id__in=current, destination__in=destinations).update(
            decided_at=Now())
    return current


# --- checks owed ------------------------------------------------------------------------------------------

logger = logging.getLogger(__name__)
CHECK_TASK = "compliance.tasks.check_vehicles"
CHECK_BATCH = 500
# The vehicles changed before this time have their decisions (the sweeper moves it forward); without it
# (a cache flushed), the sweeper and /healthz look back a day.
CHECKED_THROUGH_KEY = "compliance:checked-through"
LOOK_BACK = dt.timedelta(days=1)
HEALTH_LOOK_BACK = dt.timedelta(minutes=15)
UNCHECKED_AFTER = dt.timedelta(minutes=1)  # a check takes seconds: a minute without one is late
SWEEP_AFTER = dt.timedelta(minutes=2)  # the outbox sends again after one minute; this is the second net
SWEEP_LIMIT = 5000


def vehicles_check_enqueue(*, vehicle_ids) -> None:
    """Owe a check of these vehicles, in the caller's transaction (``core.outbox``: sent after commit)."""
    ids = sorted({int(pk) for pk in vehicle_ids})
    outbox_enqueue_many(CHECK_TASK, [[ids[start:start + CHECK_BATCH]] for start in range(0, len(ids), CHECK_BATCH)])


def _checked_through(now: dt.datetime, *, look_back: dt.timedelta = LOOK_BACK) -> dt.datetime:
    mark = cache.get(CHECKED_THROUGH_KEY)
    return max(mark, now - look_back) if isinstance(mark, dt.datetime) else now - look_back


def vehicles_unchecked_count(*, limit: int = 1000) -> int:
    """Listed vehicles changed over a minute ago still without a current decision everywhere (bounded).

    Counted from the sweeper's watermark; without one (a flushed cache, no sweep yet) over the last
    ``HEALTH_LOOK_BACK`` only, so that /healthz stays fast until the sweeper has looked back a day.
    """
    now = timezone.now()
    return len(bulk_sql.vehicles_unchecked(since=_checked_through(now, look_back=HEALTH_LOOK_BACK),
                                           until=now - UNCHECKED_AFTER, destinations=settings.BROKER_DESTINATIONS,
                                           limit=limit))


def vehicles_unchecked_sweep() -> int:
    """The sweeper's second net behind the outbox: vehicles changed over two minutes ago and still without
    their decisions are checked again (the task skips those decided meanwhile). Moves the watermark."""
    now = timezone.now()
    until = now - SWEEP_AFTER
    rows = bulk_sql.vehicles_unchecked(since=_checked_through(now), until=until,
                                       destinations=settings.BROKER_DESTINATIONS, limit=SWEEP_LIMIT)
    if rows:
        logger.warning("%d changed vehicles still lack decisions: checking them again", len(rows))
        with transaction.atomic():
            vehicles_check_enqueue(vehicle_ids=[pk for pk, _updated in rows])
        until = min(updated for _pk, updated in rows)  # they stay in the window until decided
    cache.set(CHECKED_THROUGH_KEY, until, timeout=None)
    return len(rows)
