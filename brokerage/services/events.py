"""The order's audit trail: one OrderEvent per thing that happened, written in the same transaction as the
change, and a notification owed to everyone concerned (core.outbox: durable, sent after commit)."""

from __future__ import annotations

from django.utils import translation

from brokerage.models import Order, OrderEvent
from brokerage.models.orders import NOTE_PREFIX
from core.outbox import outbox_enqueue
from notifications.messages import message_render

NOTIFY_TASK = "brokerage.tasks.order_event_notify"


def order_event_record(*, order: Order, kind: str, by=None, from_status: str = "", to_status: str = "",
                       note: str = "", data: dict | None = None, notify: bool = True, note_key: str = "",
                       note_params: dict | None = None) -> OrderEvent:
    """``note``: a person's words, kept as written; ``note_key``: a system note (``brokerage.messages.NOTES``),
    stored in English with its key so that each reader sees it in their language."""
    if note_key:
        with translation.override("en"):
            note = message_render(NOTE_PREFIX + note_key, note_params)
        data = {**(data or {}), "note_key": note_key, **({"note_params": note_params} if note_params else {})}
    event = OrderEvent.objects.create(
        order=order, kind=kind, actor=by if getattr(by, "pk", None) else None, from_status=from_status,
        to_status=to_status, note=note or "", data=data or {})
    if notify:
        outbox_enqueue(NOTIFY_TASK, [event.pk])
    return event
