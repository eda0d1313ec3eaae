"""Telling merchants that their vehicles' decisions changed, or will change on a coming date: through the
notifications app (in the app and by email)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance.models import RescreenRun
from notifications.services import notification_send

from .bulk_sql import changes_by_merchant

LISTED = 50


def notify_merchants(*, run_id: int) -> int:
    """One notification (and one email) per merchant whose yard's vehicles changed decision, or will change
    on an upcoming run's date. Idempotent."""
    run = RescreenRun.objects.get(pk=run_id)
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    created = 0
    for user_id, count, destinations, decisions, changes in changes_by_merchant(run=run, listed=LISTED):
        if upcoming:
            title = upcoming_title(run.as_of, count, destinations, decisions)
        else:
            title = ngettext("%(count)d of your vehicles changed export decision",
                             "%(count)d of your vehicles changed export decision", count) % {"count": count}
        lines = [f"{item['stock_no']} {item['vehicle']} → {item['destination']}: {item['old']} → {item['new']}"
                 for item in changes]
        if count > len(changes):
            lines.append(_("… and %(more)d more.") % {"more": count - len(changes)})
        payload = {"count": count, "changes": changes}
        if upcoming:
            payload["from"] = run.as_of.isoformat()
        _notification, new = notification_send(
            user_id=user_id, key=run_key(run.pk), kind="compliance_upcoming" if upcoming else "compliance",
            title=title, body="\n".join(lines), payload=payload, url=reverse("notifications:list"),
            email_note=_("Rules change; every decision is explained on the vehicle's compliance check."))
        created += new
    return created


def run_key(run_id: int) -> str:
    """The notification key of a run: one notification per merchant and run (migrated from the old run column)."""
    return f"rescreen-run:{run_id}"


def upcoming_title(on, count: int, destinations: list[str], decisions: list[str]) -> str:
    """E.g. "From 2026-11-22, 12 of your vehicles will be blocked for RU"."""
    values = {"date": on.isoformat(), "count": count, "country": ", ".join(destinations)}
    if len(decisions) != 1:
        return ngettext("From %(date)s, %(count)d of your vehicles will change export decision",
                        "From %(date)s, %(count)d of your vehicles will change export decision", count) % values
    if decisions[0] == "blocked":
        return ngettext("From %(date)s, %(count)d of your vehicles will be blocked for %(country)s",
                        "From %(date)s, %(count)d of your vehicles will be blocked for %(country)s", count) % values
    if decisions[0] == "review":
        return ngettext("From %(date)s, %(count)d of your vehicles will need an officer's review for %(country)s",
                        "From %(date)s, %(count)d of your vehicles will need an officer's review for %(country)s",
                        count) % values
    return ngettext("From %(date)s, %(count)d of your vehicles will be clear for %(country)s",
                    "From %(date)s, %(count)d of your vehicles will be clear for %(country)s", count) % values
