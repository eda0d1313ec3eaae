"""Notifications store a message key and parameters and are read in the reader's language, not the sender's."""

import pytest
from django.db import connection
from django.utils import translation

from compliance import messages
from notifications import services
from notifications.models import Notification
from tests.factories import MerchantFactory
from tests.notifications.test_migration import migrate, migrate_to_latest

# "3 of your vehicles changed export decision" as locale/ja has it
JAPANESE_TITLE = "お客様の車両 3 台の輸出判定が変わりました"


def send(user, **overrides):
    fields = {"user_id": user.pk, "key": "rescreen-run:7", "kind": "compliance",
              "message_key": messages.DECISIONS_CHANGED, "params": {"count": 3}, "body": "T-1 → KZ: clear → review",
              "email_note": messages.EMAIL_NOTE}
    return services.notification_send(**{**fields, **overrides})


@pytest.mark.django_db
def test_a_notification_keeps_its_key_and_parameters_and_the_text_in_the_default_language(mailoutbox):
    with translation.override("ru"):  # whatever language the sender runs in
        notification, _created = send(MerchantFactory(email="yard@example.com"))
    notification.refresh_from_db()
    assert (notification.message_key, notification.params) == ("compliance.decisions_changed", {"count": 3})
    assert notification.title == "3 of your vehicles changed export decision"
    assert mailoutbox[0].subject == "3 of your vehicles changed export decision"


@pytest.mark.django_db
def test_a_japanese_merchant_reads_the_notification_in_japanese(client):
    merchant = MerchantFactory()
    send(merchant)
    client.force_login(merchant)
    english = client.get("/compliance/notifications/").content.decode()
    assert "3 of your vehicles changed export decision" in english
    japanese = client.get("/compliance/notifications/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert JAPANESE_TITLE in japanese
    client.cookies["django_language"] = "ja"
    assert JAPANESE_TITLE in client.get("/compliance/notifications/").content.decode()


@pytest.mark.django_db
def test_an_unknown_key_or_parameters_that_do_not_fit_show_the_text_as_sent(client):
    merchant = MerchantFactory()
    send(merchant, key="a", message_key="gone.app.message", params={}, title="Sent text")
    send(merchant, key="b", params={"wrong": 1}, title="Also sent")
    titles = sorted(n.display_title for n in Notification.objects.filter(user=merchant))
    assert titles == ["Also sent", "Sent text"]


@pytest.mark.django_db(transaction=True)
def test_notifications_sent_before_keys_get_their_key_from_the_english_title():
    merchant = MerchantFactory()
    titles = ["12 of your vehicles changed export decision",
              "From 2026-12-01, 4 of your vehicles will be blocked for KZ, KG", "Something else"]
    try:
        migrate([("compliance", "0006_notification_moves_out"), ("notifications", "0003_drop_run")])
        with connection.cursor() as cursor:
            for number, title in enumerate(titles):
                cursor.execute("INSERT INTO notifications_notification (user_id, kind, key, title, body, payload, "
                               "url, created) VALUES (%s, 'compliance', %s, %s, '', '{}', '', now())",
                               [merchant.pk, f"k{number}", title])
        migrate([("compliance", "0007_notification_message_keys")])
        rows = {n.title: (n.message_key, n.params) for n in Notification.objects.all()}
    finally:
        migrate_to_latest()
    assert rows == {titles[0]: ("compliance.decisions_changed", {"count": 12}),
                    titles[1]: ("compliance.upcoming_blocked", {"date": "2026-12-01", "count": 4, "country": "KZ, KG"}),
                    titles[2]: ("", {})}
