"""Sending a notification: once per key, in the app and by email, and a mail outage fails nobody."""

import pytest

from notifications import services
from notifications.models import Notification
from notifications.selectors import unread_notifications_count
from tests.factories import MerchantFactory


def send(user, **overrides):
    fields = {"user_id": user.pk, "key": "rescreen-run:1", "kind": "compliance", "title": "T", "body": "Body",
              "payload": {"count": 1}, "url": "/compliance/notifications/", "email_note": "Why."}
    return services.notification_send(**{**fields, **overrides})


@pytest.mark.django_db
def test_a_notification_is_sent_once_per_key_in_the_app_and_by_email(mailoutbox):
    user = MerchantFactory(email="yard@example.com")
    notification, created = send(user)
    assert created and notification.emailed_at is not None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["yard@example.com"]
    assert mailoutbox[0].body == "Body\n\nWhy."
    again, created_again = send(user, title="other")
    assert not created_again and again.pk == notification.pk and len(mailoutbox) == 1
    _other, created_other = send(user, key="rescreen-run:2")
    assert created_other and Notification.objects.filter(user=user).count() == 2
    assert unread_notifications_count(user) == 2


@pytest.mark.django_db
def test_a_mail_outage_keeps_the_notification_and_a_retry_emails_it(mailoutbox, monkeypatch):
    user = MerchantFactory(email="yard@example.com")

    def outage(*args, **kwargs):
        raise OSError("mail server down")
    monkeypatch.setattr(services, "send_mail", outage)
    notification, _created = send(user)
    assert Notification.objects.get(pk=notification.pk).emailed_at is None
    monkeypatch.undo()
    send(user)
    assert len(mailoutbox) == 1 and Notification.objects.get(pk=notification.pk).emailed_at is not None


@pytest.mark.django_db
def test_marking_read_touches_only_the_users_unread_notifications():
    user, other = MerchantFactory(), MerchantFactory()
    send(user)
    send(other)
    assert services.notifications_mark_read(user=user) == 1
    assert unread_notifications_count(user) == 0 and unread_notifications_count(other) == 1
