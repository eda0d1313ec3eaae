"""The notifications page (at its old address under /compliance/) and the unread count in the top bar."""

import pytest

from notifications.models import Notification
from tests.factories import MerchantFactory


@pytest.mark.django_db
def test_a_merchant_reads_notifications(client):
    merchant = MerchantFactory()
    Notification.objects.create(user=merchant, kind="compliance", title="1 of your vehicles changed export decision",
                                body="b", payload={"count": 1, "changes": []})
    client.force_login(merchant)
    assert "changed export decision" in client.get("/compliance/notifications/").content.decode()
    client.post("/compliance/notifications/read/")
    assert Notification.objects.get().read_at is not None


@pytest.mark.django_db
def test_the_top_bar_counts_only_the_users_unread_notifications(client):
    merchant, other = MerchantFactory(), MerchantFactory()
    for title in ("one", "two"):
        Notification.objects.create(user=merchant, kind="compliance", title=title, body="b")
    Notification.objects.create(user=other, kind="compliance", title="not yours", body="b")
    client.force_login(merchant)
    assert client.get("/compliance/notifications/").context["unread_notifications"] == 2
    client.post("/compliance/notifications/read/")
    assert "unread_notifications" in client.get("/compliance/notifications/").context
    assert client.get("/compliance/notifications/").context["unread_notifications"] == 0


@pytest.mark.django_db
def test_the_page_needs_a_signed_in_user(client):
    response = client.get("/compliance/notifications/")
    assert response.status_code == 302 and "/login" in response.url
    assert client.get("/compliance/notifications/read/").status_code == 302
