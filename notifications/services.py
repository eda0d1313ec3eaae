"""Writes: sending a notification (in the app, then by email) and marking notifications read."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import BuyerCompany
from notifications.messages import message_render
from notifications.models import Notification

log = logging.getLogger(__name__)


def notification_send(*, user_id: int, key: str, kind: str, title: str = "", body: str = "",
                      payload: dict | None = None, url: str = "", email_note: str = "", message_key: str = "",
                      params: dict | None = None) -> tuple[Notification, bool]:
    """Tell one user, once per ``key``: the in-app notification, then an email (``body``, a blank line and
    ``email_note``). With a registered ``message_key`` the title (and body, if the message has one) are made
    from ``params`` in the reader's language; ``title``/``body`` are kept as sent, in the default language.
    Idempotent: a retry returns the existing notification and emails only if that failed.
    Returns the notification and whether it is new."""
    params = params or {}
    with translation.override(settings.LANGUAGE_CODE):
        title = message_render(message_key, params, fallback=title)
        body = message_render(message_key, params, part="body", fallback=body)
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user_id=user_id, key=key,
            defaults={"title": title[:200], "body": body, "payload": payload or {}, "kind": kind, "url": url,
                      "message_key": message_key, "params": params})
    if notification.emailed_at is None:
        notification_email(notification=notification, note=email_note)
    return notification, created


def reader_language(user) -> str:
    """The language to write to ``user`` in when no request says it: theirs if the account keeps one."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notification_email(*, notification: Notification, note: str = "") -> None:
    """A mail outage must not fail the sender: the in-app notification stands, emailed_at stays empty."""
    user = notification.user
    if user.email:
        with translation.override(reader_language(user)):
            subject, body = notification.display_title, notification.display_body
            note = str(note)
        try:
            send_mail(subject, body + ("\n\n" + note if note else ""),
                      settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
        except OSError:
            log.exception("could not email notification %s", notification.pk)
            return
    notification.emailed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=notification.emailed_at)


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def buyer_decision_tell(*, buyer_id: int, status: str) -> int:
    """Tell the users of a buyer company that staff approved (or rejected) it, once per decision.
    A decision since overturned is not told. Returns how many users were told now."""
    buyer = BuyerCompany.objects.filter(pk=buyer_id).first()
    if buyer is None or buyer.approval_status != status or buyer.approval_decided_at is None:
        return 0
    approved = status == BuyerCompany.Approval.APPROVED
    message_key = "accounts.buyer_approved" if approved else "accounts.buyer_rejected"
    key = f"buyer-{status}:{buyer.pk}:{int(buyer.approval_decided_at.timestamp())}"
    told = 0
    for user in buyer.users.filter(is_active=True):
        _notification, new = notification_send(
            user_id=user.pk, key=key, kind="buyer_approval", message_key=message_key,
            params={"name": buyer.name, "reason": buyer.rejection_reason}, url=reverse("catalog:catalog"))
        told += new
    return told
