"""Buyers register themselves: the real form, e-mail verification, staff approval, and who may trade."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import emails
from accounts.models import BuyerCompany, User
from accounts.permissions import can_trade
from accounts.services import buyer_approve, buyer_reject
from core.models import Location
from tests.brokerage.factories import FreightRateFactory
from tests.factories import BuyerFactory, StaffFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
GOOD = {"kind": "company", "name": "Primorye Auto LLC", "registration_number": "1022501234567", "country": "RU",
        "city": "Vladivostok", "address": "Svetlanskaya 1", "default_port": "RUVVO", "first_name": "Ivan",
        "last_name": "Petrov", "phone": "+7 423 200 00 00", "notify_party": "Sea Agent LLC, +7 423 111",
        "username": "primorye", "email": "ivan@primorye.example", "password1": "Harrier-2019-white",
        "password2": "Harrier-2019-white"}


def submit(client, overrides=None, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    page = client.get(reverse("accounts:register"), **headers)
    assert page.status_code == 200
    data = form_data(page.content.decode(), having="username")
    data.update(GOOD if overrides is None else {**GOOD, **overrides})
    return client.post(reverse("accounts:register"), data, **headers)


def signs_in(client, username, password) -> bool:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def test_a_buyer_registers_verifies_and_waits_for_approval():
    client = Client()
    response = submit(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")

    user = User.objects.get(username="primorye")
    buyer = user.buyer
    assert (user.role, user.is_active, user.email_verified_at) == ("buyer", False, None)
    assert (buyer.approval_status, buyer.registration_number, buyer.default_port_id) == ("pending", "1022501234567",
                                                                                          "RUVVO")
    assert buyer.consignee_name == "Primorye Auto LLC"  # empty consignee: the buyer itself
    assert not signs_in(client, "primorye", "Harrier-2019-white")  # not before verification

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ivan@primorye.example"]
    verified = client.get(link_in(mail.outbox[0]))
    assert verified.status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    assert signs_in(client, "primorye", "Harrier-2019-white")
    assert not can_trade(user)

    buyer_approve(buyer=buyer, by=StaffFactory())
    user.refresh_from_db()
    assert can_trade(user)


def test_the_verification_link_works_once():
    client = Client()
    submit(client)
    link = link_in(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 400


def test_a_tampered_verification_link_is_refused():
    client = Client()
    submit(client)
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + ("aaa" if not link.endswith("aaa/") else "bbb") + "/").status_code == 400
    assert client.get(link.replace(link.split("/")[3], "MTIzNDU2")).status_code == 400  # another user's id
    assert not User.objects.get(username="primorye").is_active


def test_the_e_mail_is_written_in_the_language_of_the_page(monkeypatch):
    languages = []
    real_render = emails.render_to_string
    monkeypatch.setattr(emails, "render_to_string",
                        lambda *args, **kwargs: languages.append(translation.get_language()) or real_render(*args, **kwargs))
    submit(Client(), language="ru")
    assert User.objects.get(username="primorye").language == "ru"
    assert languages == ["ru", "ru"]  # subject and body


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": ""}, "name"),
    ({"country": ""}, "country"),
    ({"country": "XX"}, "country"),
    ({"registration_number": ""}, "registration_number"),  # a company gives one
    ({"default_port": "JPTOY"}, "default_port"),  # not a port of Russia
    ({"email": "not-an-address"}, "email"),
    ({"password2": "something-else-9"}, "password2"),
    ({"password1": "12345678", "password2": "12345678"}, "password1"),  # Django's validators
    ({"password1": "primorye1", "password2": "primorye1"}, "password1"),  # too like the username
    ({"username": "bad name!"}, "username"),
])
def test_bad_input_is_a_form_error_and_creates_nothing(overrides, field):
    response = submit(Client(), overrides)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not BuyerCompany.objects.filter(name="Primorye Auto LLC").exists() and not mail.outbox


def test_a_person_needs_no_registration_number():
    response = submit(Client(), {"kind": "person", "name": "Ivan Petrov", "registration_number": ""})
    assert response.status_code == 302
    assert User.objects.get(username="primorye").buyer.kind == "person"


def test_a_person_gives_a_birth_date_for_screening_and_a_company_keeps_none():
    response = submit(Client(), {"kind": "person", "name": "Ivan Petrov", "birth_date": "1980-05-17"})
    assert response.status_code == 302
    assert str(User.objects.get(username="primorye").buyer.birth_date) == "1980-05-17"
    response = submit(Client(), {"username": "other", "email": "o@example.com", "birth_date": "1980-05-17"})
    assert response.status_code == 302
    assert User.objects.get(username="other").buyer.birth_date is None  # a company has none


@pytest.mark.parametrize("born", ["2999-01-01", "1850-01-01", "17.05.1980x"])
def test_an_impossible_birth_date_is_a_form_error(born):
    response = submit(Client(), {"kind": "person", "name": "Ivan Petrov", "birth_date": born})
    assert response.status_code == 400 and response.context["form"].errors["birth_date"]


def test_a_taken_username_is_said_but_a_taken_e_mail_is_not():
    BuyerFactory(username="primorye")
    assert submit(Client()).context["form"].errors["username"]
    existing = BuyerFactory(username="someone", email="ivan@primorye.example")
    response = submit(Client(), {"username": "newname"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
    assert not User.objects.filter(username="newname").exists()
    assert mail.outbox[-1].to == [existing.email] and "/accounts/password_reset/" in mail.outbox[-1].body


def test_the_port_list_follows_the_country():
    ports = Client().get(reverse("accounts:register_ports"), {"country": "RU"}).json()["ports"]
    assert {"code": "RUVVO", "label": "Vladivostok (RUVVO)"} in ports
    assert all(port["code"].startswith("RU") for port in ports)
    page = submit(Client(), {"name": ""})  # a form sent back with errors offers the chosen country's ports
    assert 'value="RUVVO" selected' in page.content.decode()


def test_the_ports_we_ship_to_come_first_in_the_form_and_in_the_country_answer():
    """Russia's 250 ports were one alphabetical list: the buyer's usual port was hard to find."""
    FreightRateFactory()  # JPTOY → RUVVO, in force
    FreightRateFactory(destination=Location.objects.get(code="RUNJK"), valid_until=dt.date(2021, 1, 1))  # ended
    page = Client().get(reverse("accounts:register")).content.decode()
    select = page[page.index('name="default_port"'):]
    select = select[:select.index("</select>")]
    assert select.count("<optgroup") == 0  # no country chosen yet
    page = submit(Client(), {"name": ""}).content.decode()  # sent back with errors: Russia chosen
    select = page[page.index('name="default_port"'):]
    select = select[:select.index("</select>")]
    first, rest = select.split('<optgroup label="Other ports">')
    assert '<optgroup label="Ports we ship to">' in first and 'value="RUVVO" selected' in first
    assert first.count("<option") == 2 and 'value="RUNJK"' in rest  # "Not yet known", then Vladivostok
    answer = Client().get(reverse("accounts:register_ports"), {"country": "RU"}).json()
    assert [group["label"] for group in answer["groups"]] == ["Ports we ship to", "Other ports"]
    assert answer["groups"][0]["ports"] == [{"code": "RUVVO", "label": "Vladivostok (RUVVO)"}]
    assert len(answer["ports"]) == 1 + rest.count("<option")
    assert [port["code"] for port in answer["ports"]] == re.findall(r'value="(RU\w+)"', select)
    japan = Client().get(reverse("accounts:register_ports"), {"country": "JP"}).json()
    assert len(japan["groups"]) == 1 and japan["groups"][0]["label"] == ""  # no port we ship to: one list


def test_registration_is_rate_limited_per_address(settings):
    settings.ACCOUNTS_RATE_LIMITS = {"register": (2, 3600)}
    client = Client()
    assert submit(client, {"name": ""}).status_code == 400
    assert submit(client, {"name": ""}).status_code == 400
    assert submit(client).status_code == 429
    assert not User.objects.filter(username="primorye").exists()


def test_staff_approve_and_reject_on_their_page_and_the_buyer_is_told(django_capture_on_commit_callbacks):
    submit(Client())
    submit(Client(), {"username": "second", "email": "second@example.com", "name": "Second LLC"})
    first, second = BuyerCompany.objects.get(name="Primorye Auto LLC"), BuyerCompany.objects.get(name="Second LLC")
    staff = Client()
    staff.force_login(StaffFactory())
    page = staff.get(reverse("accounts:buyer_approvals")).content.decode()
    assert "Primorye Auto LLC" in page and "Second LLC" in page

    staff.post(reverse("accounts:buyer_approve", args=[first.pk]))
    refused = staff.post(reverse("accounts:buyer_reject", args=[second.pk]), {"reason": ""}, follow=True)
    assert "Say why" in refused.content.decode()
    staff.post(reverse("accounts:buyer_reject", args=[second.pk]), {"reason": "Registration number not found"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.approval_status, first.approval_decided_by.role) == ("approved", "staff")
    assert (second.approval_status, second.rejection_reason) == ("rejected", "Registration number not found")
    assert "Primorye Auto LLC" not in [buyer.name for buyer in
                                       staff.get(reverse("accounts:buyer_approvals")).context["pending"]]


def test_a_buyer_is_not_rejected_without_a_reason():
    buyer = BuyerFactory().buyer
    with pytest.raises(Exception, match="Say why"):
        buyer_reject(buyer=buyer, by=StaffFactory(), reason="  ")


def test_only_approved_active_buyers_may_trade():
    approved = BuyerFactory()
    pending = BuyerFactory(buyer__approval_status="pending")
    rejected = BuyerFactory(buyer__approval_status="rejected")
    inactive = BuyerFactory(is_active=False)
    assert [can_trade(u) for u in (approved, pending, rejected, inactive, StaffFactory(), None)] == [
        True, False, False, False, False, False]


def test_a_buyer_waiting_for_approval_is_told_on_every_page():
    client = Client()
    client.force_login(BuyerFactory(buyer__approval_status="pending"))
    assert 'id="approval-pending"' in client.get(reverse("catalog:home")).content.decode()
    client.force_login(BuyerFactory())
    assert 'id="approval-pending"' not in client.get(reverse("catalog:home")).content.decode()
