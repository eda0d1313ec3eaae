"""Staff can do in the admin what their pages do: approve, reject with a reason, invite a merchant."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import BuyerCompany, MerchantInvitation
from tests.factories import BuyerFactory, StaffFactory, YardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_approves_the_selected_buyers(admin_client):
    buyers = [BuyerFactory(buyer__approval_status="pending").buyer for _ in range(2)]
    admin_client.post(reverse("admin:accounts_buyercompany_changelist"),
                      {"action": "approve", ACTION_CHECKBOX_NAME: [b.pk for b in buyers]})
    assert set(BuyerCompany.objects.filter(pk__in=[b.pk for b in buyers]).values_list("approval_status", flat=True)) \
        == {"approved"}


def test_the_admin_asks_why_before_rejecting(admin_client):
    buyer = BuyerFactory(buyer__approval_status="pending").buyer
    url = reverse("admin:accounts_buyercompany_changelist")
    asked = admin_client.post(url, {"action": "reject", ACTION_CHECKBOX_NAME: [buyer.pk]})
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    buyer.refresh_from_db()
    assert buyer.approval_status == "pending"
    admin_client.post(url, {"action": "reject", ACTION_CHECKBOX_NAME: [buyer.pk], "reason": "Sanctioned owner"})
    buyer.refresh_from_db()
    assert (buyer.approval_status, buyer.rejection_reason) == ("rejected", "Sanctioned owner")


def test_an_invitation_added_in_the_admin_is_e_mailed(admin_client):
    yard = YardFactory(code="HG", name="Horgos Yard")
    response = admin_client.post(reverse("admin:accounts_merchantinvitation_add"),
                                 {"email": "li@horgos.example", "yard": yard.pk})
    assert response.status_code == 302
    invitation = MerchantInvitation.objects.get()
    assert invitation.invited_by.is_superuser and invitation.expires_at > invitation.created
    assert mail.outbox[-1].to == ["li@horgos.example"] and "/accounts/invitations/" in mail.outbox[-1].body
