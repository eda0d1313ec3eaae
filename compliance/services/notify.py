"""Telling merchants that their vehicles' decisions changed: in the app and by email."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from compliance.models import Notification

log = logging.getLogger(__name__)

LISTED = 50

_CHANGES_BY_MERCHANT = """
SELECT u.id, count(*),
       (array_agg(json_build_object('vehicle_id', v.id, 'stock_no', v.stock_no, 'vehicle',
                  v.year || ' ' || v.make || ' ' || v.model, 'destination', c.destination, 'old', c.old_decision,
                  'new', c.new_decision, 'check_id', c.check_record_id) ORDER BY v.stock_no, c.destination))[1:%s]
FROM compliance_decisionchange c
JOIN inventory_vehicle v ON v.id = c.vehicle_id
JOIN accounts_user u ON u.yard_id = v.yard_id AND u.role = 'merchant' AND u.is_active
WHERE c.run_id = %s
GROUP BY u.id
"""


def notify_merchants(*, run_id: int) -> int:
    """One notification (and one email) per merchant whose yard's vehicles changed decision. Idempotent."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGES_BY_MERCHANT, [LISTED, run_id])
        rows = cursor.fetchall()
    created = 0
    for user_id, count, changes in rows:
        title = ngettext("%(count)d of your vehicles changed export decision",
                         "%(count)d of your vehicles changed export decision", count) % {"count": count}
        lines = [f"{item['stock_no']} {item['vehicle']} → {item['destination']}: {item['old']} → {item['new']}"
                 for item in changes]
        if count > len(changes):
            lines.append(_("… and %(more)d more.") % {"more": count - len(changes)})
        with transaction.atomic():
            notification, new = Notification.objects.get_or_create(
                user_id=user_id, run_id=run_id,
                defaults={"title": title, "body": "\n".join(lines), "payload": {"count": count, "changes": changes},
                          "url": reverse("compliance:notifications")})
        created += new
        if notification.emailed_at is None:
            _email(notification)
    return created


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
