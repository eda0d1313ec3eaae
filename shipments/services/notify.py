"""Telling the buyers of a shipment's orders about each event, in each reader's language (message keys)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from notifications.services import notification_send
from shipments import messages
from shipments.models import ShipmentEvent


def shipment_event_notify(*, event_id: int) -> int:
    """One notification per event, order and buyer user (idempotent by key)."""
    event = ShipmentEvent.objects.select_related("shipment", "place").filter(pk=event_id).first()
    if event is None:
        return 0
    sent = 0
    place = event.place.name if event.place_id else "-"
    # a voyage set or changed after booking is not a step: the buyers hear of the vessel and its departure
    voyage = (event.data or {}).get("note_key") in ("voyage_set", "voyage_changed")
    note_params = (event.data or {}).get("note_params") or {}
    for order in event.shipment.orders.order_by("pk"):
        params = {"number": order.number, "shipment": event.shipment.number, "place": place}
        message_key = messages.EVENT_PREFIX + event.kind
        if voyage:
            params.update(voyage=note_params.get("voyage", ""), etd=note_params.get("etd", ""))
            message_key = messages.VOYAGE
        url = reverse("shipments:track", args=[order.pk])
        users = User.objects.filter(buyer_id=order.buyer_id, is_active=True).values_list("pk", flat=True)
        for user_id in sorted(users):
            _notification, new = notification_send(
                user_id=user_id, key=f"shipment-event:{event.pk}:{order.pk}", kind="shipment",
                message_key=message_key, params=params,
                title=f"{order.number}: {event.kind}", body=event.note, url=url,
                payload={"order": order.pk, "shipment": event.shipment_id, "event": event.pk})
            sent += new
    return sent
