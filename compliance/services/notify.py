"""Telling merchants that their vehicles' decisions changed, or will change on a coming date: in the app and
by email."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance.models import Notification, RescreenRun

log = logging.getLogger(__name__)

LISTED = 50

_BY_MERCHANT = """
SELECT u.id, count(*), array_agg(DISTINCT c.destination ORDER BY c.destination),
       array_agg(DISTINCT c.{new} ORDER BY c.{new}),
       (array_agg(json_build_object('vehicle_id', v.id, 'stock_no', v.stock_no, 'vehicle',
                  v.year || ' ' || v.make || ' ' || v.model, 'destination', c.destination, 'old', c.{old},
                  'new', c.{new}{extra}) ORDER BY v.stock_no, c.destination))[1:%s]
FROM {table} c
JOIN inventory_vehicle v ON v.id = c.vehicle_id
JOIN accounts_user u ON u.yard_id = v.yard_id AND u.role = 'merchant' AND u.is_active
WHERE c.run_id = %s
GROUP BY u.id
"""
# decisions that changed in a run; decisions that a run found will change on its (future) date
_CHANGES_BY_MERCHANT = _BY_MERCHANT.format(table="compliance_decisionchange", old="old_decision",
                                           new="new_decision", extra=", 'check_id', c.check_record_id")
_UPCOMING_BY_MERCHANT = _BY_MERCHANT.format(table="compliance_upcomingdecision", old="current_decision",
                                            new="decision", extra=", 'from', c.effective_on")


def notify_merchants(*, run_id: int) -> int:
    """One notification (and one email) per merchant whose yard's vehicles changed decision, or will change
    on an upcoming run's date. Idempotent."""
    run = RescreenRun.objects.get(pk=run_id)
    upcoming = run.kind == RescreenRun.Kind.UPCOMING
    with connection.cursor() as cursor:
        cursor.execute(_UPCOMING_BY_MERCHANT if upcoming else _CHANGES_BY_MERCHANT, [LISTED, run_id])
        rows = cursor.fetchall()
    created = 0
    for user_id, count, destinations, decisions, changes in rows:
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
        with transaction.atomic():
            notification, new = Notification.objects.get_or_create(
                user_id=user_id, run_id=run_id,
                defaults={"title": title[:200], "body": "\n".join(lines), "payload": payload,
                          "kind": "compliance_upcoming" if upcoming else "compliance",
                          "url": reverse("compliance:notifications")})
        created += new
        if notification.emailed_at is None:
            _email(notification)
    return created


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


def _email(notification: Notification) -> None:
    """A mail outage must not fail the re-screen: the in-app notification stands, emailed_at stays empty."""
    user = notification.user
    if user.email:
        try:
            send_mail(notification.title, notification.body + "\n\n" + _(
                "Rules change; every decision is explained on the vehicle's compliance check."),
                settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
        except OSError:
            log.exception("could not email notification %s", notification.pk)
            return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
