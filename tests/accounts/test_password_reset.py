"""Password reset with Django's views in the site's pages: the same answer for any address, rate limited."""

import re

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import BuyerFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def ask(client, email, language="en"):
    page = client.get(reverse("accounts:password_reset"), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    data = form_data(page.content.decode(), having="email")
    data["email"] = email
    return client.post(reverse("accounts:password_reset"), data, HTTP_ACCEPT_LANGUAGE=language)


def signs_in(username, password) -> bool:
    return Client().post(reverse("accounts:login"), {"username": username, "password": password}).status_code == 302


def test_a_user_sets_a_new_password_from_the_e_mailed_link():
    BuyerFactory(username="vlad", email="vlad@example.com")
    response = ask(Client(), "vlad@example.com")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vlad@example.com"]
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)

    client = Client()
    form_page = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    data = form_data(form_page.content.decode(), having="new_password1")
    data.update({"new_password1": "Nakhodka-Port-2024", "new_password2": "Nakhodka-Port-2024"})
    done = client.post(form_page.redirect_chain[-1][0], data)
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    assert signs_in("vlad", "Nakhodka-Port-2024") and not signs_in("vlad", "demo-password")
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_a_weak_new_password_is_a_form_error():
    BuyerFactory(username="vlad", email="vlad@example.com")
    ask(Client(), "vlad@example.com")
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    client = Client()
    form_page = client.get(link, follow=True)
    data = form_data(form_page.content.decode(), having="new_password1")
    data.update({"new_password1": "12345678", "new_password2": "12345678"})
    response = client.post(form_page.redirect_chain[-1][0], data)
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]
    assert signs_in("vlad", "demo-password")


def test_a_tampered_link_is_refused():
    BuyerFactory(username="vlad", email="vlad@example.com")
    ask(Client(), "vlad@example.com")
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = Client().get(link[:-4] + "zzz/", follow=True)
    assert response.context["validlink"] is False and "does not work" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    BuyerFactory(username="vlad", email="vlad@example.com")
    known, unknown = ask(Client(), "vlad@example.com"), ask(Client(), "nobody@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["vlad@example.com"]]


def test_the_mail_is_in_the_users_language(monkeypatch):
    BuyerFactory(username="vlad", email="vlad@example.com", language="ru")
    languages = []
    real = PasswordResetForm.send_mail

    def spy(self, *args, **kwargs):
        languages.append(translation.get_language())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PasswordResetForm, "send_mail", spy)
    ask(Client(), "vlad@example.com", language="ja")
    assert languages == ["ru"]


def test_asking_is_rate_limited_per_address_and_per_account(settings):
    BuyerFactory(username="vlad", email="vlad@example.com")
    settings.ACCOUNTS_RATE_LIMITS = {"password_reset": (3, 3600), "password_reset_email": (2, 3600)}
    client = Client()
    for _ in range(3):
        assert ask(client, "vlad@example.com").status_code == 302  # the same answer throughout
    assert len(mail.outbox) == 2  # but only two mails to one account
    assert ask(client, "vlad@example.com").status_code == 429
