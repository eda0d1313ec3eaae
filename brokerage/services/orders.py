"""The order's life: placing (a reservation), moving through its states, cancelling and expiring.

Every path that touches an order's vehicles locks them first, by primary key ascending
(``inventory.services.vehicles_lock``), then the order row: one lock order everywhere, so concurrent
orders, payments, cancellations and the expiry task queue instead of deadlocking. The partial unique index
on ``OrderVehicle(vehicle) WHERE active`` is the last word: a car is never in two active orders.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import BuyerCompany
from brokerage import papers, signals
from brokerage.models import Order, OrderEvent, OrderStatus, OrderVehicle, Quote, ReviewState
from brokerage.models.orders import ACTIVE_STATUSES
from brokerage.services.dates import business_deadline
from brokerage.services.events import order_event_record
from brokerage.services.gates import order_gate_reasons, sale_review_findings, vehicles_blocked
from brokerage.services.pricing import QuoteRequest, price_request
from compliance.selectors import party_gate
from core.errors import ApplicationError
from inventory.models import Status as VehicleStatus
from inventory.models import Vehicle
from inventory.services import vehicle_release, vehicle_reserve, vehicle_sell, vehicle_ship, vehicles_lock

S = OrderStatus
SOLD_STATUSES = (VehicleStatus.RESERVED, VehicleStatus.SOLD, VehicleStatus.SHIPPED)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RESERVED: (S.PROFORMA_ISSUED, S.DEPOSIT_PAID, S.PAID, S.CANCELLED, S.EXPIRED),
    S.PROFORMA_ISSUED: (S.DEPOSIT_PAID, S.PAID, S.CANCELLED, S.EXPIRED),
    S.DEPOSIT_PAID: (S.PAID, S.CANCELLED),
    S.PAID: (S.READY_TO_SHIP, S.CANCELLED),
    S.READY_TO_SHIP: (S.SHIPPED, S.PAID, S.CANCELLED),
    S.SHIPPED: (S.DELIVERED,),
    S.DELIVERED: (),
    S.CANCELLED: (),
    S.EXPIRED: (),
}
# Moving into these needs the gates open: vehicles not blocked nor in an undecided review for the route,
# the sale's own review (house policy) approved, and the buyer's parties passing screening.
GATED = (S.DEPOSIT_PAID, S.PAID, S.READY_TO_SHIP)
RELEASING = (S.CANCELLED, S.EXPIRED)
# Cancelling a paid order is the broker's decision (refunds), not the buyer's.
BUYER_CANCELLABLE = (S.RESERVED, S.PROFORMA_ISSUED)


class TransitionRefused(ApplicationError):
    def __init__(self, order: Order, to: str):
        allowed = list(TRANSITIONS.get(order.status, ()))
        super().__init__(
            _("An order that is %(status)s cannot become %(to)s. Allowed next: %(allowed)s.")
            % {"status": order.get_status_display(), "to": to, "allowed": ", ".join(allowed) or "-"},
            code="invalid_transition", errors={"status": [to], "allowed": allowed})
        self.allowed = allowed


def order_transition_check(order: Order, *, to: str) -> None:
    if to not in TRANSITIONS.get(order.status, ()):
        raise TransitionRefused(order, to)


def _lock(order_id: int) -> tuple[Order, list[Vehicle]]:
    """Vehicles first (ascending), then the order: the one lock order of every path."""
    vehicle_ids = list(OrderVehicle.objects.filter(order_id=order_id).values_list("vehicle_id", flat=True))
    vehicles = vehicles_lock(vehicle_ids)
    order = Order.objects.select_for_update(of=("self",)).select_related("buyer", "destination_port").get(
        pk=order_id)
    return order, vehicles


def _apply(order: Order, vehicles: list[Vehicle], *, to: str, by, note: str = "", data: dict | None = None,
           check_gates: bool = True, note_key: str = "", note_params: dict | None = None) -> OrderEvent:
    order_transition_check(order, to=to)
    if check_gates and to in GATED:
        reasons = order_gate_reasons(order, vehicles)
        if reasons:
            raise ApplicationError(
                _("The order cannot move on yet: %(reasons)s") % {"reasons": "; ".join(reasons)},
                code="gate_closed", errors={"gates": reasons})
    if to in RELEASING:
        vehicle_release(vehicles=[v for v in vehicles if v.status in (VehicleStatus.RESERVED, VehicleStatus.SOLD)],
                        user=by)
        OrderVehicle.objects.filter(order=order).update(active=False)
    elif to in (S.DEPOSIT_PAID, S.PAID):
        vehicle_sell(vehicles=[v for v in vehicles if v.status != VehicleStatus.SOLD], user=by)
        papers.order_papers_owed(order, to=to, by=by)
    elif to == S.SHIPPED:
        vehicle_ship(vehicles=vehicles, user=by)
    before = order.status
    event = order_event_record(order=order, kind=OrderEvent.Kind.STATUS, by=by, from_status=before, to_status=to,
                               note=note, data=data, note_key=note_key, note_params=note_params)
    order.status = to
    fields = ["status", "updated"]
    if to not in (S.RESERVED, S.PROFORMA_ISSUED) and order.reserved_until:
        order.reserved_until = None
        fields.append("reserved_until")
    order.save(update_fields=fields)
    if to == S.PAID:
        transaction.on_commit(lambda: signals.order_paid.send(sender=Order, order_id=order.pk), robust=True)
    return event


@transaction.atomic
def order_transition(*, order: Order, to: str, by=None, note: str = "", check_gates: bool = True,
                     note_key: str = "", note_params: dict | None = None) -> Order:
    """Move ``order`` to ``to`` (other apps call this: shipments for shipped and delivered).

    Refused with the allowed next states when the move is not allowed; a gated move (deposit paid, paid,
    ready to ship) is refused while a compliance or party gate is closed. Releases the vehicles on
    cancel/expiry, sells them on deposit, ships them on shipped. Returns the fresh order.
    """
    locked, vehicles = _lock(order.pk)
    if locked.status == to:
        return locked
    _apply(locked, vehicles, to=to, by=by, note=note, check_gates=check_gates, note_key=note_key,
           note_params=note_params)
    return locked


def order_number_next() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('brokerage_order_number_seq')")
        (value,) = cursor.fetchone()
    return f"OR-{timezone.localdate():%y}-{value:06d}"


def _reservation_deadline(vehicles: list[Vehicle], now: dt.datetime) -> dt.datetime:
    country = vehicles[0].yard.country if vehicles else "JP"
    return business_deadline(now, settings.ORDER_RESERVATION_BUSINESS_DAYS, country)


def _vehicle_taken(vehicle_ids: list[int]) -> ApplicationError:
    taken = list(OrderVehicle.objects.filter(vehicle_id__in=vehicle_ids, active=True)
                 .values_list("vehicle__stock_no", flat=True))
    names = ", ".join(taken) or ", ".join(str(pk) for pk in vehicle_ids)
    return ApplicationError(_("Already reserved by another order: %(vehicles)s.") % {"vehicles": names},
                            code="vehicle_reserved", status=409, errors={"vehicle_ids": taken or vehicle_ids})


def _taken(vehicle_ids: list[int]) -> list[int]:
    """The cars of ``vehicle_ids`` already reserved, sold or in an active order, read without locking."""
    return sorted(Vehicle.objects.filter(pk__in=vehicle_ids).filter(
        Q(status__in=SOLD_STATUSES) | Q(order_lines__active=True)).values_list("pk", flat=True).distinct())


def _known(queryset, rows):
    """``queryset`` already holding ``rows`` (as a prefetch would), so reading it costs no query."""
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def _hold_quoted_prices(priced, *, quote_id: int | None, buyer: BuyerCompany) -> None:
    """A valid quote for exactly these vehicles, port, terms and currency holds its prices (rates may have moved)."""
    if not quote_id:
        return
    quote = Quote.objects.filter(pk=quote_id, buyer=buyer, valid_until__gt=timezone.now()).first()
    if quote is None or (quote.destination_port_id, quote.terms, quote.currency, list(quote.route)) != (
            priced.port.code, priced.terms, priced.currency, priced.route):
        return
    quoted = {line.vehicle_id: line for line in quote.lines.all()}
    if set(quoted) != {line.vehicle.pk for line in priced.lines}:
        return
    for line in priced.lines:
        source = quoted[line.vehicle.pk]
        for name in ("price", "inland", "freight", "insurance", "fee"):
            setattr(line, name, getattr(source, name))
        line.basis = {**line.basis, "quote": quote.pk}


def order_place(*, user, buyer: BuyerCompany, vehicle_ids: list[int], destination_port: str, terms: str,
                route: list[str] | None = None, quote_id: int | None = None, currency: str | None = None) -> Order:
    """Reserve ``vehicle_ids`` for ``buyer``: a new order in ``reserved`` until the deadline (business days of
    the yard's country). 409 naming the vehicle if any is already in an active order or not for sale; 400 if
    a vehicle is blocked for the destination and route, the port has no freight, or the parties do not pass.
    """
    vehicle_ids = sorted(set(vehicle_ids))
    if not vehicle_ids:
        raise ApplicationError(_("Choose at least one vehicle."), field="vehicle_ids")
    if buyer.approval_status != BuyerCompany.Approval.APPROVED:
        raise ApplicationError(_("Your account is waiting for the broker's approval: you can ask for quotes, and "
                                 "order once it is approved."), code="not_approved", status=403)
    if quote_id and not currency:  # an order from a quote is in the quote's currency
        currency = Quote.objects.filter(pk=quote_id, buyer=buyer).values_list("currency", flat=True).first()
    # A car another order already holds is refused before waiting for its lock: the loser of a race
    # hears 409 at once instead of queueing behind the winner. The check under the locks below decides.
    taken = _taken(vehicle_ids)
    if taken:
        raise _vehicle_taken(taken)
    # Priced under the vehicle locks, so the price is the one the reservation holds.
    request = QuoteRequest(buyer=buyer, vehicle_ids=vehicle_ids, destination_port=destination_port, terms=terms,
                           currency=currency, route=route, quote_id=quote_id)
    try:
        with transaction.atomic():
            vehicles = vehicles_lock(vehicle_ids)
            hidden = [v.pk for v in vehicles if not v.in_catalog and v.status not in SOLD_STATUSES]
            if hidden or len(vehicles) != len(vehicle_ids):
                unknown = sorted(set(hidden) | (set(vehicle_ids) - {v.pk for v in vehicles}))
                raise ApplicationError(_("Unknown vehicles: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
                                       field="vehicle_ids", code="unknown_vehicle", status=404)
            busy = [v.pk for v in vehicles if v.status != VehicleStatus.AVAILABLE]
            held = set(OrderVehicle.objects.filter(vehicle_id__in=vehicle_ids, active=True)
                       .values_list("vehicle_id", flat=True))
            if busy or held:
                raise _vehicle_taken(sorted(set(busy) | held))
            priced = price_request(request, vehicles=vehicles)
            blocked = vehicles_blocked(priced.findings)
            if blocked:
                raise ApplicationError(
                    _("Blocked for %(port)s: %(rules)s") % {"port": priced.port.code, "rules": "; ".join(blocked)},
                    code="vehicle_blocked", errors={"vehicle_ids": blocked})
            gate = party_gate(buyer=buyer)
            if not gate.passed:
                if getattr(user, "is_broker_staff", False):
                    reasons = list(gate.reasons)
                else:  # never tip a buyer off about which list entry their name resembles
                    reasons = [_("Your account is in a routine compliance review. The broker will contact you; "
                                 "you can go on asking for quotes meanwhile.")]
                raise ApplicationError(
                    _("This buyer cannot order now: %(reasons)s")
                    % {"reasons": " ".join(reasons) or _("screening has not passed")},
                    code="party_gate", errors={"gates": reasons})
            _hold_quoted_prices(priced, quote_id=quote_id, buyer=buyer)
            review = sale_review_findings(priced)
            now = timezone.now()
            order = Order(
                number=order_number_next(), buyer=buyer, created_by=user if getattr(user, "pk", None) else None,
                quote_id=priced.quote_id, status=S.RESERVED, destination_port=priced.port, terms=terms,
                route=priced.route, currency=priced.currency, total=priced.total, paid=Decimal(0),
                deposit_share=settings.ORDER_DEPOSIT_SHARE, reserved_until=_reservation_deadline(vehicles, now),
                review_state=ReviewState.PENDING if review else ReviewState.NONE, review_findings=review,
                rates=priced.rates_json())
            # the fields' own checks; the keys were just read and the database's constraints stand behind the rest
            order.clean_fields(exclude=["number", "created_by", "quote", "buyer", "destination_port"])
            if order.total <= 0:
                raise ApplicationError(_("These vehicles have no price to order at."), field="vehicle_ids",
                                       code="no_price")
            order.save()
            lines = OrderVehicle.objects.bulk_create([
                OrderVehicle(order=order, vehicle=line.vehicle, price=line.price, inland=line.inland,
                             freight=line.freight, insurance=line.insurance, fee=line.fee, total=line.total,
                             basis=line.basis)
                for line in priced.lines])
            vehicle_reserve(vehicles=vehicles, user=user)
            event = order_event_record(order=order, kind=OrderEvent.Kind.STATUS, by=user, to_status=S.RESERVED,
                                       data={"reserved_until": order.reserved_until.isoformat(),
                                             "review": order.review_state})
            # the caller's answer (API, page) needs no second read of what was just written
            order._prefetched_objects_cache = {
                name: _known(getattr(order, name).all(), rows)
                for name, rows in (("lines", lines), ("events", [event]), ("payments", []), ("proofs", []))}
            papers.order_papers_owed(order, to=S.RESERVED, by=user)
            order_id = order.pk
            transaction.on_commit(lambda: signals.order_placed.send(sender=Order, order_id=order_id), robust=True)
    except IntegrityError as exc:  # the partial unique index: another order won the car in between
        if "vehicle_one_active_order" in str(exc):
            raise _vehicle_taken(vehicle_ids) from None
        raise
    return order


def order_cancel(*, order: Order, by, note: str = "") -> Order:
    """Cancel and release the vehicles. A buyer may cancel until the deposit is paid; staff always."""
    staff = bool(getattr(by, "is_broker_staff", False))
    with transaction.atomic():
        locked, vehicles = _lock(order.pk)
        if locked.status == S.CANCELLED:
            return locked
        if not staff and locked.status not in BUYER_CANCELLABLE:
            raise ApplicationError(_("Only the broker can cancel an order once a payment is recorded."),
                                   code="invalid_transition", errors={"allowed": []})
        _apply(locked, vehicles, to=S.CANCELLED, by=by, note=note, check_gates=False)
    return locked


def order_proforma_issued(order: Order, *, by=None) -> Order:
    """The proforma invoice is ready (brokerage's receiver of documents' ``document_ready``)."""
    if order.status != S.RESERVED:
        return order
    # Issuing the paper is no sale step: the gates are asked again at payment and before shipping.
    return order_transition(order=order, to=S.PROFORMA_ISSUED, by=by, note_key="proforma_issued",
                            check_gates=False)


def order_expire(*, order_id: int, now: dt.datetime | None = None) -> bool:
    """Expire one reservation past its deadline, if it still is one (idempotent: a second run does nothing)."""
    now = now or timezone.now()
    with transaction.atomic():
        order, vehicles = _lock(order_id)
        if order.status not in (S.RESERVED, S.PROFORMA_ISSUED) or not order.reserved_until \
                or order.reserved_until > now:
            return False
        _apply(order, vehicles, to=S.EXPIRED, by=None, note_key="reservation_expired",
               data={"reserved_until": order.reserved_until.isoformat()}, check_gates=False)
    return True


def orders_expire_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Every unpaid reservation past its deadline (the beat task). Each order in its own transaction."""
    now = now or timezone.now()
    due = list(Order.objects.filter(status__in=(S.RESERVED, S.PROFORMA_ISSUED), reserved_until__lte=now)
               .order_by("reserved_until").values_list("pk", flat=True)[:limit])
    return sum(order_expire(order_id=pk, now=now) for pk in due)


def order_review_decide(*, order: Order, by, approve: bool, reason: str) -> Order:
    """The officer's decision on the sale's own review (house policy: no-re-export clause), once per order."""
    if not getattr(by, "is_officer", False):
        raise ApplicationError(_("Only a compliance officer decides this review."), code="forbidden", status=403)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for your decision."), field="reason")
    with transaction.atomic():
        locked, vehicles = _lock(order.pk)
        if locked.review_state != ReviewState.PENDING:
            raise ApplicationError(_("This order has no review waiting."), code="no_review")
        locked.review_state = ReviewState.APPROVED if approve else ReviewState.REJECTED
        locked.save(update_fields=["review_state", "updated"])
        order_event_record(order=locked, kind=OrderEvent.Kind.REVIEW, by=by, note=reason,
                           data={"outcome": locked.review_state})
        if not approve and locked.status in ACTIVE_STATUSES and S.CANCELLED in TRANSITIONS[locked.status]:
            _apply(locked, vehicles, to=S.CANCELLED, by=by, note=reason, check_gates=False)
    return locked

