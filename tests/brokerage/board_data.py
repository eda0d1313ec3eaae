"""Orders in known states for the staff board and dashboard, written straight to the tables (fast and exact):
the states themselves are the brokerage services' business and are tested there."""

import datetime as dt
import itertools
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from brokerage.models import Order, OrderEvent, OrderVehicle
from brokerage.models.orders import ACTIVE_STATUSES
from compliance.models import ComplianceCheck, VehicleDecision
from core.models import Location
from tests.factories import VehicleFactory

_numbers = itertools.count(1)
VEHICLE_STATUS = {"reserved": "reserved", "proforma_issued": "reserved", "deposit_paid": "sold", "paid": "sold",
                  "ready_to_ship": "sold", "shipped": "shipped", "delivered": "shipped"}


def make_order(*, buyer, status="reserved", port="RUVVO", route=None, yard=None, vehicles=None, cars=1,
               total=Decimal("10000"), paid=Decimal("0"), currency="USD", reserved_until=None, created=None,
               updated=None, review_state="none", number=None) -> Order:
    location = Location.objects.get(code=port)
    if reserved_until is None and status in ("reserved", "proforma_issued"):
        reserved_until = timezone.now() + dt.timedelta(days=3)
    order = Order.objects.create(
        number=number or f"OR-TT-{next(_numbers):06d}", buyer=buyer, status=status, destination_port=location,
        terms="CIF", route=route or [location.country], currency=currency, total=total, paid=paid,
        reserved_until=reserved_until, review_state=review_state)
    if vehicles is None:
        extra = {"yard": yard} if yard else {}
        vehicles = [VehicleFactory(status=VEHICLE_STATUS.get(status, "available"), **extra) for _ in range(cars)]
    share = (total / len(vehicles)).quantize(Decimal("0.01"))
    OrderVehicle.objects.bulk_create([
        OrderVehicle(order=order, vehicle=vehicle, price=share, total=share, active=status in ACTIVE_STATUSES)
        for vehicle in vehicles])
    changes = {key: value for key, value in (("created", created), ("updated", updated)) if value}
    if changes:
        Order.objects.filter(pk=order.pk).update(**changes)
        order.refresh_from_db()
    return order


def ship_event(order: Order, *, at: dt.datetime) -> OrderEvent:
    """The move to shipped, dated ``at`` (events are append-only and stamped on insert: the clock is set)."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        return OrderEvent.objects.create(order=order, kind="status", from_status="ready_to_ship", to_status="shipped")


def decide(vehicle, destination: str, decision: str) -> VehicleDecision:
    """A latest compliance decision for ``vehicle`` and ``destination`` (with the check it comes from)."""
    check = ComplianceCheck.objects.create(
        vehicle=vehicle, origin="JP", destination=destination, route=[destination], as_of=timezone.localdate(),
        decision=decision, rules_fingerprint="test", findings_fingerprint=f"test-{decision}")
    return VehicleDecision.objects.create(vehicle=vehicle, destination=destination, decision=decision,
                                          check_decision=decision, check_record=check,
                                          findings_fingerprint=f"test-{decision}")
