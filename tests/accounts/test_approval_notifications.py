"""A buyer staff decided is told, in the app and by e-mail in their language, once per decision."""

import pytest
from django.core import mail
from django.utils import translation

from accounts.services import buyer_approve, buyer_reject
from core.models import Outbox
from notifications.models import Notification
from notifications.services import buyer_decision_tell
from tests.conftest import wait_for
from tests.factories import BuyerFactory, StaffFactory


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_worker_tells_an_approved_buyer(celery_worker):
    user = BuyerFactory(buyer__approval_status="pending")
    buyer_approve(buyer=user.buyer, by=StaffFactory())
    notification = wait_for(lambda: Notification.objects.filter(user=user, emailed_at__isnull=False).first())
    assert notification.message_key == "accounts.buyer_approved"
    assert user.buyer.name in notification.display_body
    assert wait_for(lambda: not Outbox.objects.exists())  # the owed work is done, not re-sent


@pytest.mark.django_db
def test_the_decision_is_owed_work_recorded_with_it(django_capture_on_commit_callbacks):
    user = BuyerFactory(buyer__approval_status="pending")
    with django_capture_on_commit_callbacks():
        buyer_reject(buyer=user.buyer, by=StaffFactory(), reason="Unknown company")
    assert list(Outbox.objects.values_list("task", "args")) == [
        ("notifications.tasks.buyer_decision_notify", [user.buyer_id, "rejected"])]


@pytest.mark.django_db
def test_a_rejected_buyer_reads_why_in_their_language_once():
    user = BuyerFactory(buyer__approval_status="pending", language="ru", email="vlad@example.com")
    buyer_reject(buyer=user.buyer, by=StaffFactory(), reason="Unknown company")
    assert buyer_decision_tell(buyer_id=user.buyer_id, status="rejected") == 1
    assert buyer_decision_tell(buyer_id=user.buyer_id, status="rejected") == 0  # a retry tells nobody twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vlad@example.com"]
    assert "Unknown company" in mail.outbox[0].body
    with translation.override("ru"):
        expected = translation.gettext("Your buyer account was not approved")
    assert mail.outbox[0].subject == expected


@pytest.mark.django_db
def test_an_overturned_decision_is_not_told():
    user = BuyerFactory(buyer__approval_status="pending")
    staff = StaffFactory()
    buyer_reject(buyer=user.buyer, by=staff, reason="Documents missing")
    buyer_approve(buyer=user.buyer, by=staff)
    assert buyer_decision_tell(buyer_id=user.buyer_id, status="rejected") == 0
    assert buyer_decision_tell(buyer_id=user.buyer_id, status="approved") == 1
    assert list(Notification.objects.values_list("message_key", flat=True)) == ["accounts.buyer_approved"]
