"""A shipment's steps: append an event, the shipment's status follows, the orders follow (``shipped`` on
departed, ``delivered`` on delivered, through brokerage's ``order_transition``) and the buyers are told."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brokerage.models import OrderStatus
from brokerage.services import order_transition
from core.errors import ApplicationError
from core.models import Location
from core.outbox import outbox_enqueue
from inventory.models import Vehicle
from notifications.messages import message_render
from shipments.models import EventKind, Shipment, ShipmentEvent
from shipments.models.shipments import NOTE_PREFIX
from shipments.services.routes import parties_refuse, route_checks, route_refuse_blocked

NOTIFY_TASK = "shipments.tasks.shipment_event_notify"
# An event may be recorded a little ahead (clock skew, a planned departure entered at the quay), not days.
FUTURE_SLACK = dt.timedelta(hours=12)
# Steps that only happen once the cars have sailed: recording one first would skip the departure's re-check.
AFTER_DEPARTURE = (EventKind.TRANSSHIPPED, EventKind.ARRIVED, EventKind.CUSTOMS_CLEARED, EventKind.DELIVERED)


def event_append(*, shipment: Shipment, kind: str, at: dt.datetime, place: Location | None, note: str = "",
                 by=None, notify: bool = True, note_key: str = "", note_params: dict | None = None) -> ShipmentEvent:
    """The row, the shipment's status and the notification owed (unless ``notify`` is false: a note in the
    shipment's history, not a new step), in the caller's transaction. ``note_key``: a system note
    (``shipments.messages.NOTES``), kept in English in ``note`` and read in each reader's language."""
    data = {}
    if note_key:
        data = {"note_key": note_key, "note_params": note_params or {}}
        with translation.override("en"):
            note = message_render(NOTE_PREFIX + note_key, note_params)
    event = ShipmentEvent(shipment=shipment, kind=kind, at=at, place=place, note=(note or "")[:500], data=data,
                          actor=by if getattr(by, "pk", None) else None)
    event.full_clean(exclude=["actor"])
    event.save()
    Shipment.objects.filter(pk=shipment.pk).update(status=kind, updated=timezone.now())
    shipment.status = kind
    if notify:
        outbox_enqueue(NOTIFY_TASK, [event.pk])
    return event


def _orders_follow(shipment: Shipment, kind: str, by) -> None:
    note = {"note_key": f"shipment_{kind}", "note_params": {"number": shipment.number}}  # each reader: own language
    for order in shipment.orders.order_by("pk"):
        if kind == EventKind.DEPARTED and order.status == OrderStatus.READY_TO_SHIP:
            order_transition(order=order, to=OrderStatus.SHIPPED, by=by, **note)
        elif kind == EventKind.DELIVERED and order.status in (OrderStatus.READY_TO_SHIP, OrderStatus.SHIPPED):
            if order.status == OrderStatus.READY_TO_SHIP:
                order = order_transition(order=order, to=OrderStatus.SHIPPED, by=by, **note)
            order_transition(order=order, to=OrderStatus.DELIVERED, by=by, **note)


def _recheck_before_departure(shipment: Shipment, by) -> None:
    """Rules and screenings change while cars wait at the port: the route is checked again before they sail."""
    orders = list(shipment.orders.select_related("buyer").order_by("pk"))
    parties_refuse(orders)
    vehicles = list(Vehicle.objects.filter(order_lines__order__in=orders).select_related("yard").order_by("pk"))
    checks = route_checks(vehicles, route=list(shipment.route), by=by)
    route_refuse_blocked(checks, origin=shipment.origin, route=list(shipment.route))
    Shipment.objects.filter(pk=shipment.pk).update(checks=checks)
    shipment.checks = checks


def shipment_event_record(*, shipment: Shipment, kind: str, at: dt.datetime | None = None, place: str = "",
                          note: str = "", by=None) -> ShipmentEvent:
    """Record one step of ``shipment`` (staff). ``place`` is a UN/LOCODE (optional).

    Refused: ``booked`` (a shipment is booked once, when created), anything after ``delivered``, a step that
    follows the departure (transshipped, arrived, customs cleared, delivered) before ``departed`` was recorded,
    a time more than 12 hours ahead, an unknown place; ``departed`` re-checks the route and the parties and is
    refused while a vehicle is blocked (the finding and citation named).
    """
    if kind not in EventKind.values:
        raise ApplicationError(_("Unknown event: %(kind)s.") % {"kind": kind}, field="kind")
    if kind == EventKind.BOOKED:
        raise ApplicationError(_("A shipment is booked once, when it is created."), field="kind",
                               code="invalid_event")
    at = at or timezone.now()
    if at > timezone.now() + FUTURE_SLACK:
        raise ApplicationError(_("The time is in the future."), field="at")
    location = None
    if place:
        location = Location.objects.filter(code=place.strip().upper()).first()
        if location is None:
            raise ApplicationError(_("Unknown UN/LOCODE: %(code)s.") % {"code": place}, field="place",
                                   code="unknown_place")
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.status == EventKind.DELIVERED:
            raise ApplicationError(_("This shipment is delivered: it takes no more events."), code="invalid_event")
        if kind in AFTER_DEPARTURE and not locked.events.filter(kind=EventKind.DEPARTED).exists():
            raise ApplicationError(_("This shipment has not departed yet: record its departure first."),
                                   field="kind", code="invalid_event")
        if kind == EventKind.DEPARTED:
            _recheck_before_departure(locked, by)
        event = event_append(shipment=locked, kind=kind, at=at, place=location, note=note, by=by)
        _orders_follow(locked, kind, by)
    shipment.status = locked.status
    return event


@transaction.atomic
def shipment_references_update(*, shipment: Shipment, by=None, bl_number: str | None = None,
                               courier_tracking: str | None = None) -> Shipment:
    """Staff fill in the B/L number and the courier tracking number of the originals as they become known."""
    locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if bl_number is not None:
        locked.bl_number = bl_number.strip()[:40]
    if courier_tracking is not None:
        locked.courier_tracking = courier_tracking.strip()[:60]
    locked.full_clean(exclude=["created_by"])
    locked.save(update_fields=["bl_number", "courier_tracking", "updated"])
    return locked
