"""Telling everyone concerned about an order event, in their own language (in the app and by e-mail).

The buyer's users hear of everything; the merchants whose stock the order holds hear of status changes;
staff hear of proofs uploaded (they record the payment). Idempotent: one notification per event and user.
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from brokerage import messages
from brokerage.models import OrderEvent
from notifications.services import notification_send


def _recipients(event: OrderEvent) -> set[int]:
    order = event.order
    users = set(User.objects.filter(buyer_id=order.buyer_id, is_active=True).values_list("pk", flat=True))
    if event.kind == OrderEvent.Kind.STATUS:
        users |= set(User.objects.filter(role=User.Role.MERCHANT, is_active=True,
                                         yard__vehicles__order_lines__order=order).values_list("pk", flat=True))
    if event.kind in (OrderEvent.Kind.PROOF, OrderEvent.Kind.REVIEW) or event.to_status == "reserved":
        users |= set(User.objects.filter(role=User.Role.STAFF, is_active=True).values_list("pk", flat=True))
    if event.actor_id:
        users.discard(event.actor_id)
    return users


def _message(event: OrderEvent) -> tuple[str, dict]:
    params = {"number": event.order.number}
    if event.kind == OrderEvent.Kind.STATUS:
        return messages.STATUS_PREFIX + event.to_status, params
    if event.kind == OrderEvent.Kind.PAYMENT:
        return messages.PAYMENT, {**params, "amount": event.data.get("amount", ""),
                                  "currency": event.data.get("currency", "")}
    if event.kind == OrderEvent.Kind.PROOF:
        return messages.PROOF, params
    return messages.REVIEW, params


def order_event_notify(*, event_id: int) -> int:
    event = OrderEvent.objects.select_related("order").filter(pk=event_id).first()
    if event is None:
        return 0
    message_key, params = _message(event)
    url = reverse("brokerage:order", args=[event.order_id])
    sent = 0
    for user_id in sorted(_recipients(event)):
        _notification, new = notification_send(
            user_id=user_id, key=f"order-event:{event.pk}", kind="order", message_key=message_key, params=params,
            title=f"{event.order.number}: {event.to_status or event.kind}", body=event.note, url=url,
            payload={"order": event.order_id, "event": event.pk}, email_note=messages.EMAIL_NOTE)
        sent += new
    return sent
