import pytest
from django.db import IntegrityError

from accounts.models import User
from tests.factories import BuyerFactory, MerchantFactory, OfficerFactory, StaffFactory, YardFactory

pytestmark = pytest.mark.django_db


def test_it_signs_a_merchant_in_and_out(client):
    merchant = MerchantFactory(username="yardman")
    response = client.post("/accounts/login/", {"username": "yardman", "password": "demo-password"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == merchant
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_it_rejects_a_wrong_password_with_a_form_error(client):
    MerchantFactory(username="yardman")
    response = client.post("/accounts/login/", {"username": "yardman", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_merchant_must_belong_to_a_yard():
    with pytest.raises(IntegrityError):
        User.objects.create(username="lost", role=User.Role.MERCHANT)


def test_roles_decide_broker_staff_and_officer_powers():
    assert not MerchantFactory().is_broker_staff
    assert not BuyerFactory().is_broker_staff
    assert OfficerFactory().is_officer and OfficerFactory().is_broker_staff
    assert StaffFactory().is_broker_staff and not StaffFactory().is_officer


def test_token_auth_returns_a_token_that_authenticates(api_client):
    merchant = MerchantFactory(username="tok", yard=YardFactory(code="TK"))
    response = api_client.post("/api/v1/auth/token/", {"username": "tok", "password": "demo-password"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/auth/me/").json()
    assert me == {"id": merchant.pk, "username": "tok", "role": "merchant", "yard": merchant.yard_id, "buyer": None}


def test_token_auth_refuses_bad_credentials_with_the_error_format(api_client):
    response = api_client.post("/api/v1/auth/token/", {"username": "ghost", "password": "x"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "non_field_errors" in body["errors"]


def test_a_bad_token_is_a_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
