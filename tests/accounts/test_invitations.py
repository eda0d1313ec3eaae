"""Staff invite a merchant to a yard; the e-mailed link (7 days, once) creates the merchant's account."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MerchantInvitation, User
from accounts.tokens import INVITATION_SALT
from tests.factories import MerchantFactory, StaffFactory, YardFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def invite(email="new@yard.example", yard=None):
    """Staff send an invitation through their page; returns the link from the e-mail."""
    yard = yard or YardFactory(code="TY", name="Toyama Export Yard")
    staff = Client()
    staff.force_login(StaffFactory())
    page = staff.get(reverse("accounts:invitations"))
    data = form_data(page.content.decode(), having="email")
    data.update({"email": email, "yard": str(yard.pk)})
    response = staff.post(reverse("accounts:invitations"), data)
    assert response.status_code == 302, response.context["form"].errors
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0).replace("http://testserver", "")


def accept(client, link, **overrides):
    page = client.get(link)
    if page.status_code != 200:
        return page
    data = form_data(page.content.decode(), having="username")
    data.update({"username": "toyama2", "password1": "Yokohama-Harbour-77", "password2": "Yokohama-Harbour-77",
                 **overrides})
    return client.post(link, data)


def test_an_invited_merchant_joins_the_yard():
    link = invite()
    invitation = MerchantInvitation.objects.get()
    assert mail.outbox[-1].to == ["new@yard.example"] and "Toyama Export Yard" in mail.outbox[-1].subject
    assert invitation.invited_by.role == "staff" and invitation.accepted_at is None

    client = Client()
    response = accept(client, link)
    assert response.status_code == 302
    user = User.objects.get(username="toyama2")
    assert (user.role, user.yard.code, user.email, user.is_active) == ("merchant", "TY", "new@yard.example", True)
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    assert client.get(reverse("inventory:my_stock")).status_code == 200  # signed in, as the yard's merchant


def test_an_invitation_serves_once():
    link = invite()
    assert accept(Client(), link).status_code == 302
    assert accept(Client(), link, username="another").status_code == 400
    assert not User.objects.filter(username="another").exists()


def test_an_expired_invitation_is_refused():
    link = invite()
    MerchantInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert accept(Client(), link).status_code == 400
    assert not User.objects.filter(username="toyama2").exists()


def test_a_link_older_than_seven_days_is_refused_by_its_signature(monkeypatch):
    invite()
    invitation = MerchantInvitation.objects.get()
    eight_days_ago = timezone.now().timestamp() - 8 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    old_token = signing.dumps(invitation.pk, salt=INVITATION_SALT, compress=True)
    monkeypatch.undo()
    assert accept(Client(), reverse("accounts:invitation_accept", args=[old_token])).status_code == 400


def test_a_tampered_invitation_is_refused():
    invite()
    invitation = MerchantInvitation.objects.get()
    forged = signing.dumps(invitation.pk, salt="someone-else", compress=True)
    assert accept(Client(), reverse("accounts:invitation_accept", args=[forged])).status_code == 400
    assert accept(Client(), reverse("accounts:invitation_accept", args=["garbage:token"])).status_code == 400


@pytest.mark.parametrize(("overrides", "field"), [
    ({"password2": "Different-Password-1"}, "password2"),
    ({"password1": "password", "password2": "password"}, "password1"),
    ({"username": ""}, "username"),
])
def test_bad_input_is_a_form_error(overrides, field):
    response = accept(Client(), invite(), **overrides)
    assert response.status_code == 400 and response.context["form"].errors.get(field)
    assert MerchantInvitation.objects.get().accepted_at is None


def test_a_taken_username_is_a_form_error():
    MerchantFactory(username="toyama2")
    response = accept(Client(), invite())
    assert response.status_code == 400 and response.context["form"].errors["username"]


def test_staff_see_who_invited_and_who_accepted():
    accept(Client(), invite())
    staff = Client()
    staff.force_login(StaffFactory())
    page = staff.get(reverse("accounts:invitations")).content.decode()
    assert "new@yard.example" in page and "toyama2" in page


def test_a_bad_invitation_form_is_a_form_error():
    staff = Client()
    staff.force_login(StaffFactory())
    response = staff.post(reverse("accounts:invitations"), {"email": "nope", "yard": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "yard"} and not mail.outbox


def test_accepting_is_rate_limited(settings):
    settings.ACCOUNTS_RATE_LIMITS = {"invitation_accept": (1, 3600)}
    link = invite()
    client = Client()
    assert accept(client, link, password2="x").status_code == 400
    assert accept(client, link).status_code == 429
