"""Demo orders in different states, with payments: made through the brokerage services, as buyers and staff would.

Idempotent: once the demo buyers have orders, nothing is added.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from brokerage import services
from brokerage.models import Order, OrderStatus
from brokerage.services.gates import order_gate_reasons
from core.errors import ApplicationError
from inventory.models import Status, Vehicle


def _clear_candidates(buyer, port: str, yard_code: str, route=None, *, limit: int):
    """Available vehicles of a yard whose quote to ``port`` has no block and no review."""
    found = []
    for vehicle in Vehicle.objects.filter(yard__code=yard_code, status=Status.AVAILABLE, photo_count__gte=1,
                                          length_mm__isnull=False).order_by("pk")[:80]:
        try:
            priced = services.price_request(services.QuoteRequest(
                buyer=buyer, vehicle_ids=[vehicle.pk], destination_port=port, terms="CIF", currency="USD",
                route=route))
        except ApplicationError:
            continue
        vehicle_findings = [f for f in priced.findings if f.get("rule_set") not in priced.sale_rule_sets]
        if any(f["effect"] in ("block", "review") for f in vehicle_findings):
            continue
        found.append(vehicle)
        if len(found) >= limit:
            break
    return found


def _place(user, vehicle, port, route=None):
    return services.order_place(user=user, buyer=user.buyer, vehicle_ids=[vehicle.pk], destination_port=port,
                                terms="CIF", currency="USD", route=route)


def _pay(order, staff, share: Decimal, reference: str):
    amount = (order.total * share).quantize(Decimal("0.01"))
    services.payment_record(order=order, by=staff, amount=amount, currency=order.currency,
                            paid_on=timezone.localdate(), reference=reference)
    order.refresh_from_db()
    return order


def seed_orders() -> int:
    """A reservation, a deposit paid, a paid and ready-to-ship order, an expired and a cancelled one for buyer1;
    a reservation awaiting the house-policy review for buyer2. Returns how many orders were placed."""
    buyer1 = User.objects.filter(username="buyer1").first()
    buyer2 = User.objects.filter(username="buyer2").first()
    staff = User.objects.filter(username="admin").first()
    if not (buyer1 and buyer2 and staff) or Order.objects.filter(buyer__in=[buyer1.buyer, buyer2.buyer]).exists():
        return 0
    cars = _clear_candidates(buyer1.buyer, "RUVVO", "TY", limit=4) + _clear_candidates(
        buyer1.buyer, "RUVVO", "YH", limit=2)
    placed = 0
    if len(cars) >= 5:
        _place(buyer1, cars[0], "RUVVO")  # reserved, counting down
        deposit = _place(buyer1, cars[1], "RUVVO")
        services.order_proforma_issued(deposit)
        _pay(deposit, staff, Decimal("0.5"), "TT-DEMO-0001")
        paid = _place(buyer1, cars[2], "RUVVO")
        paid = _pay(paid, staff, Decimal("0.5"), "TT-DEMO-0002")
        services.payment_record(order=paid, by=staff, amount=paid.balance_due, currency=paid.currency,
                                paid_on=timezone.localdate(), reference="TT-DEMO-0003")
        if not order_gate_reasons(paid, [line.vehicle for line in paid.lines.all()]):
            services.order_transition(order=paid, to=OrderStatus.READY_TO_SHIP, by=staff, note="demo")
        expired = _place(buyer1, cars[3], "RUVVO")
        services.order_expire(order_id=expired.pk, now=expired.reserved_until + dt.timedelta(seconds=1))
        cancelled = _place(buyer1, cars[4], "RUVVO")
        services.order_cancel(order=cancelled, by=buyer1, note="demo: changed my mind")
        placed += 5
    for vehicle in _clear_candidates(buyer2.buyer, "KZALA", "HG", limit=1):
        _place(buyer2, vehicle, "KZALA")  # the house policy's review waits on the order
        placed += 1
    return placed
