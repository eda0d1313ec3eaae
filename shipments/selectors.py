"""Reads, scoped by who asks (accounts.permissions): shipments, their papers, an order's tracking."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.permissions import buyer_scoped, is_broker_staff, is_buyer
from brokerage.models import Order
from shipments.models import Attachment, Leg, Shipment, ShipmentEvent, Voyage


def shipments_visible_to(user) -> QuerySet[Shipment]:
    """Staff: every shipment; a buyer: those carrying their company's orders; anyone else: none."""
    queryset = Shipment.objects.all()
    if is_broker_staff(user):
        return queryset
    if is_buyer(user):
        return queryset.filter(pk__in=Shipment.objects.filter(orders__buyer_id=user.buyer_id).values("pk"))
    return queryset.none()


def shipment_detail_queryset(user) -> QuerySet[Shipment]:
    return shipments_visible_to(user).prefetch_related(
        Prefetch("legs", queryset=Leg.objects.select_related("origin", "destination", "voyage__vessel__carrier",
                                                             "voyage__port_of_loading", "voyage__port_of_discharge")),
        Prefetch("events", queryset=ShipmentEvent.objects.select_related("place").order_by("at", "id")),
        Prefetch("orders", queryset=Order.objects.select_related("buyer").prefetch_related("lines__vehicle")),
    )


def attachments_visible_to(user) -> QuerySet[Attachment]:
    """A shipment's uploaded papers: staff, the buyers of its orders, the merchants whose stock it carries."""
    visible = buyer_scoped(user, Attachment.objects.all(), buyer_path="shipment__orders__buyer",
                           yard_path="shipment__orders__lines__vehicle__yard")
    return Attachment.objects.filter(pk__in=visible.values("pk"))


def shipment_of_order(order: Order) -> Shipment | None:
    return (Shipment.objects.filter(orders=order).prefetch_related(
        Prefetch("legs", queryset=Leg.objects.select_related("origin", "destination", "voyage__vessel__carrier")),
        Prefetch("events", queryset=ShipmentEvent.objects.select_related("place").order_by("at", "id")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("created", "id")),
    ).first())


def voyages_open() -> QuerySet[Voyage]:
    """Sailings a car can still be booked on: those that have not left yet."""
    return (Voyage.objects.filter(etd__gt=timezone.now())
            .select_related("vessel", "port_of_loading", "port_of_discharge").order_by("etd"))
