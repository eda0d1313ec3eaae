"""Telling merchants that their vehicles' decisions changed, or will change on a coming date: through the
notifications app (in the app and by email)."""

from __future__ import annotations

from django.urls import reverse

from compliance import messages
from compliance.models import RescreenRun
from notifications.services import notification_send

from .bulk_sql import changes_by_merchant

LISTED = 50


def notify_merchants(*, run_id: int) -> int:
    """One notification (and one email) per merchant whose yard's vehicles changed decision, or will change
    on an upcoming run's date. Idempotent. The title is stored as a message key and parameters, so each
    merchant reads it in their own language."""
    run = RescreenRun.objects.get(pk=run_id)
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    created = 0
    for user_id, count, destinations, decisions, changes in changes_by_merchant(run=run, listed=LISTED):
        message_key, params = notification_message(run, count, destinations, decisions)
        lines = [f"{item['stock_no']} {item['vehicle']} → {item['destination']}: {item['old']} → {item['new']}"
                 for item in changes]
        if count > len(changes):
            lines.append(f"… +{count - len(changes)}")
        payload = {"count": count, "changes": changes}
        if upcoming:
            payload["from"] = run.as_of.isoformat()
        _notification, new = notification_send(
            user_id=user_id, key=run_key(run.pk), kind="compliance_upcoming" if upcoming else "compliance",
            message_key=message_key, params=params, body="\n".join(lines), payload=payload,
            url=reverse("notifications:list"), email_note=messages.EMAIL_NOTE)
        created += new
    return created


def run_key(run_id: int) -> str:
    """The notification key of a run: one notification per merchant and run (migrated from the old run column)."""
    return f"rescreen-run:{run_id}"


def notification_message(run: RescreenRun, count: int, destinations: list[str],
                         decisions: list[str]) -> tuple[str, dict]:
    """The message key and parameters, e.g. "From 2026-11-22, 12 of your vehicles will be blocked for RU"."""
    if run.kind != RescreenRun.Kind.UPCOMING:
        return messages.DECISIONS_CHANGED, {"count": count}
    params = {"date": run.as_of.isoformat(), "count": count, "country": ", ".join(destinations)}
    if len(decisions) == 1 and decisions[0] in messages.UPCOMING_BY_DECISION:
        return messages.UPCOMING_BY_DECISION[decisions[0]], params
    return messages.UPCOMING_CHANGED, params
