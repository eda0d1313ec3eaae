"""Booking paid orders on a shipment: legs from place to place, the route checked for every vehicle, the orders
made ready to ship (through brokerage's own service) and their shipping papers asked for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brokerage.models import Order, OrderStatus
from brokerage.papers import order_paper_language
from brokerage.services import order_transition
from core.errors import ApplicationError
from core.models import Location
from documents.selectors import document_latest
from documents.services import document_regenerate, document_request
from inventory.models import Vehicle
from shipments.models import EventKind, Leg, Mode, Shipment, ShipmentOrder, Voyage
from shipments.services.events import event_append
from shipments.services.routes import legs_route, parties_refuse, route_checks, route_refuse_blocked

MAX_LEGS = 6
# Paid, or paid and already marked ready to ship by staff (not yet on a shipment: ShipmentOrder is unique)
BOOKABLE = (OrderStatus.PAID, OrderStatus.READY_TO_SHIP)
SHIPPING_PAPERS = ("commercial_invoice", "packing_list", "compliance_certificate")


@dataclass
class LegInput:
    mode: str
    origin: str
    destination: str
    voyage: int | None = None
    container_size: str = ""
    cars_per_container: int | None = None
    container_no: str = ""
    seal_no: str = ""


def shipment_number_next() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('shipments_shipment_number_seq')")
        (value,) = cursor.fetchone()
    return f"SH-{timezone.localdate():%y}-{value:06d}"


def _place(code: str, field: str) -> Location:
    place = Location.objects.filter(code=(code or "").strip().upper()).first()
    if place is None:
        raise ApplicationError(_("Unknown UN/LOCODE: %(code)s.") % {"code": code}, field=field, code="unknown_place")
    return place


def voyage_for_leg(voyage_id: int | None, leg: Leg, at, *, field: str) -> Voyage:
    """The voyage ``voyage_id`` for ``leg``: a RoRo leg, the voyage's ports the leg's, not sailed at ``at``."""
    voyage = Voyage.objects.select_related("vessel").filter(pk=voyage_id).first() if voyage_id else None
    if voyage is None or leg.mode != Mode.RORO:
        raise ApplicationError(_("A voyage goes with a RoRo leg of a known voyage."), field=field)
    if (voyage.port_of_loading_id, voyage.port_of_discharge_id) != (leg.origin_id, leg.destination_id):
        raise ApplicationError(
            _("Voyage %(voyage)s sails %(from)s → %(to)s, not this leg's ports.")
            % {"voyage": voyage.number, "from": voyage.port_of_loading_id,
               "to": voyage.port_of_discharge_id}, field=field)
    if voyage.etd <= at:
        raise ApplicationError(
            _("Voyage %(voyage)s left %(port)s on %(etd)s: choose a later sailing.")
            % {"voyage": voyage.number, "port": voyage.port_of_loading_id,
               "etd": timezone.localtime(voyage.etd).strftime("%Y-%m-%d %H:%M")},
            field=field, code="voyage_sailed")
    return voyage


def _legs(inputs: list[LegInput], at) -> list[Leg]:
    if not inputs:
        raise ApplicationError(_("Give at least one leg."), field="legs")
    if len(inputs) > MAX_LEGS:
        raise ApplicationError(_("A shipment has at most %(count)d legs.") % {"count": MAX_LEGS}, field="legs")
    legs = []
    for position, item in enumerate(inputs, start=1):
        if item.mode not in Mode.values:
            raise ApplicationError(_("Unknown mode: %(mode)s.") % {"mode": item.mode}, field="legs")
        leg = Leg(position=position, mode=item.mode, origin=_place(item.origin, "legs"),
                  destination=_place(item.destination, "legs"), container_size=item.container_size or "",
                  cars_per_container=item.cars_per_container, container_no=item.container_no or "",
                  seal_no=item.seal_no or "")
        if leg.origin_id == leg.destination_id:
            raise ApplicationError(_("Leg %(n)d goes nowhere: from and to are the same place.") % {"n": position},
                                   field="legs")
        if legs and legs[-1].destination_id != leg.origin_id:
            raise ApplicationError(_("Leg %(n)d must start where the leg before it ends (%(place)s).")
                                   % {"n": position, "place": legs[-1].destination_id}, field="legs")
        if item.voyage is not None:
            leg.voyage = voyage_for_leg(item.voyage, leg, at, field="legs")
        if item.mode == Mode.CONTAINER and item.container_size and item.container_size not in ("20", "40"):
            raise ApplicationError(_("A container is 20 ft or 40 ft."), field="legs")
        legs.append(leg)
    return legs


def _orders(order_ids: list[int]) -> list[Order]:
    ids = sorted(set(order_ids))
    if not ids:
        raise ApplicationError(_("Choose at least one paid order."), field="order_ids")
    orders = list(Order.objects.filter(pk__in=ids).select_related("buyer", "destination_port").order_by("pk"))
    missing = sorted(set(ids) - {order.pk for order in orders})
    if missing:
        raise ApplicationError(_("Unknown orders: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                               field="order_ids", code="unknown_order")
    unpaid = [order.number for order in orders if order.status not in BOOKABLE]
    if unpaid:
        raise ApplicationError(_("Only paid orders can be shipped; not paid (or already shipped): %(orders)s.")
                               % {"orders": ", ".join(unpaid)}, field="order_ids", code="order_not_paid")
    return orders


def shipment_book(*, by, order_ids: list[int], legs: list[LegInput], bl_number: str = "",
                  courier_tracking: str = "", booked_at=None) -> Shipment:
    """Book paid orders on a new shipment (status ``booked``, first event ``booked``).

    400 when an order is not paid, a leg is unknown or disconnected, a voyage has already sailed, a buyer does
    not pass screening, or any vehicle is blocked for the route the legs make (naming the rule and its
    citation). The orders become ready to ship and their commercial invoice, packing list and compliance
    certificate are asked for.
    """
    built = _legs(legs, booked_at or timezone.now())
    origin, route = legs_route(built)
    try:
        with transaction.atomic():
            orders = _orders(order_ids)
            parties_refuse(orders)
            vehicles = list(Vehicle.objects.filter(order_lines__order__in=orders).select_related("yard")
                            .order_by("pk"))
            checks = route_checks(vehicles, route=route, by=by)
            route_refuse_blocked(checks, origin=origin, route=route)
            shipment = Shipment(number=shipment_number_next(), bl_number=(bl_number or "")[:40],
                                courier_tracking=(courier_tracking or "")[:60], origin=origin, route=route,
                                checks=checks, created_by=by if getattr(by, "pk", None) else None)
            shipment.full_clean(exclude=["number", "created_by"])
            shipment.save()
            for leg in built:
                leg.shipment = shipment
            Leg.objects.bulk_create(built)
            ShipmentOrder.objects.bulk_create([ShipmentOrder(shipment=shipment, order=order) for order in orders])
            for order in orders:
                if order.status == OrderStatus.PAID:
                    order_transition(order=order, to=OrderStatus.READY_TO_SHIP, by=by, note_key="booked",
                                     note_params={"number": shipment.number})
                for kind in SHIPPING_PAPERS:
                    document_request(owner=order, kind=kind, by=by, language=order_paper_language(order))
            event_append(shipment=shipment, kind=EventKind.BOOKED, at=booked_at or timezone.now(),
                         place=built[0].origin,
                         note="", by=by)
    except IntegrityError as exc:
        if "shipmentorder_order_once" in str(exc):
            raise ApplicationError(_("An order is already booked on another shipment."), field="order_ids",
                                   code="order_booked") from None
        raise
    return shipment


def leg_voyage_set(*, shipment: Shipment, leg_id: int, voyage_id: int | None, by=None) -> Leg:
    """Staff give a RoRo leg its voyage after booking (booked without one), or change it until the shipment
    departs, with the booking's checks (a RoRo leg, the voyage's ports the leg's, not sailed yet).

    The change is written in the shipment's history as an event of its current step (its status does not
    move), naming the leg, the voyage and the one it replaces.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.events.filter(kind=EventKind.DEPARTED).exists():
            raise ApplicationError(_("This shipment has departed: its voyage can no longer change."),
                                   field="voyage", code="shipment_departed")
        leg = locked.legs.select_related("voyage__vessel", "origin").filter(pk=leg_id).first()
        if leg is None:
            raise ApplicationError(_("Choose a leg of this shipment."), field="leg")
        voyage = voyage_for_leg(voyage_id, leg, now, field="voyage")
        if leg.voyage_id == voyage.pk:
            return leg
        values = {"n": leg.position, "from": leg.origin_id, "to": leg.destination_id,
                  "voyage": f"{voyage.vessel.name} {voyage.number}",
                  "etd": timezone.localtime(voyage.etd).strftime("%Y-%m-%d")}
        key = "voyage_set"
        if leg.voyage_id:
            values["previous"] = f"{leg.voyage.vessel.name} {leg.voyage.number}"
            key = "voyage_changed"
        leg.voyage = voyage
        leg.save(update_fields=["voyage"])
        # the buyers hear of the vessel and its departure date (not of the step again: it did not happen again)
        event_append(shipment=locked, kind=locked.status, at=now, place=leg.origin, note_key=key, note_params=values,
                     by=by)
        # the shipping papers name the vessel and voyage: a new version of each (the old ones stay, numbered)
        for order in locked.orders.all():
            for kind in SHIPPING_PAPERS:
                paper = document_latest(order, kind)
                if paper is not None:
                    document_regenerate(document=paper, by=by)
    shipment.status = locked.status
    return leg
