"""Every sign-in surface locks out after too many wrong passwords, keyed on the real client address;
API tokens expire, can be listed and revoked."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import MerchantFactory, StaffFactory, YardFactory

pytestmark = pytest.mark.django_db
LIMIT = 10  # settings.AXES_FAILURE_LIMIT's default


@pytest.fixture
def merchant():
    return MerchantFactory(username="yardman", yard=YardFactory(code="LK"))


def _page_login(client, password, **extra):
    return client.post("/accounts/login/", {"username": "yardman", "password": password, "next": ""}, **extra)


def test_the_sign_in_page_locks_out_after_the_limit_even_with_the_right_password(merchant):
    client = Client()
    for _ in range(LIMIT - 1):
        assert _page_login(client, "wrong").status_code == 200  # the form again, with its error
    assert _page_login(client, "wrong").status_code == 429  # the limit-th failure locks
    response = _page_login(client, "demo-password")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(merchant):
    client = Client()
    for _ in range(LIMIT - 1):
        _page_login(client, "wrong")
    assert _page_login(client, "demo-password").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        _page_login(client, "wrong")
    assert _page_login(client, "demo-password").status_code == 302


def test_the_admin_sign_in_locks_out_too():
    StaffFactory(username="boss", is_staff=True)
    client = Client()
    for _ in range(LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "wrong", "next": "/admin/"})
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "demo-password",
                                                          "next": "/admin/"})
    assert response.status_code == 429


def test_the_token_api_locks_out_with_the_error_format(merchant):
    client = APIClient()
    for _ in range(LIMIT - 1):
        response = client.post("/api/v1/auth/token/", {"username": "yardman", "password": "wrong"}, format="json")
        assert response.status_code == 400
    client.post("/api/v1/auth/token/", {"username": "yardman", "password": "wrong"}, format="json")
    response = client.post("/api/v1/auth/token/", {"username": "yardman", "password": "demo-password"}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_a_rotating_forwarded_for_header_does_not_escape_the_lockout(merchant):
    client = APIClient()
    for n in range(LIMIT):
        client.post("/api/v1/auth/token/", {"username": "yardman", "password": "wrong"}, format="json",
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = client.post("/api/v1/auth/token/", {"username": "yardman", "password": "demo-password"},
                           format="json", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_failures_against_one_user_lock_that_user_from_any_address(merchant):
    client = APIClient()
    for n in range(LIMIT):
        client.post("/api/v1/auth/token/", {"username": "yardman", "password": "wrong"}, format="json",
                    REMOTE_ADDR=f"192.0.2.{n + 1}")
    response = client.post("/api/v1/auth/token/", {"username": "yardman", "password": "demo-password"},
                           format="json", REMOTE_ADDR="192.0.2.200")
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1, REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_a_trusted_proxy_the_lockout_keys_on_the_forwarded_client():
    MerchantFactory(username="other", yard=YardFactory(code="OT"))
    client = APIClient()
    for _ in range(LIMIT):
        client.post("/api/v1/auth/token/", {"username": "other", "password": "wrong"}, format="json",
                    HTTP_X_FORWARDED_FOR="203.0.113.9")
    # Another client behind the same proxy, signing in to another account, is not locked out.
    MerchantFactory(username="third", yard=YardFactory(code="TH"))
    response = APIClient().post("/api/v1/auth/token/", {"username": "third", "password": "demo-password"},
                                format="json", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 200, response.json()


def _token(username="yardman"):
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": "demo-password"},
                                format="json")
    assert response.status_code == 200
    return response.json()


def test_a_token_has_an_expiry_and_is_stored_hashed(merchant):
    body = _token()
    expiry = dt.datetime.fromisoformat(body["expiry"].replace("Z", "+00:00"))
    assert timezone.now() + dt.timedelta(days=29) < expiry < timezone.now() + dt.timedelta(days=31)
    stored = AuthToken.objects.get(user=merchant)
    assert body["token"] not in (stored.digest, stored.token_key)


def test_delete_revokes_the_callers_token(merchant):
    token = _token()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/auth/me/").status_code == 200
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/auth/me/").status_code == 401


def test_an_expired_token_is_refused(merchant):
    token = _token()["token"]
    AuthToken.objects.filter(user=merchant).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/auth/me/").status_code == 401


def test_using_a_token_slides_its_expiry(merchant):
    token = _token()["token"]
    AuthToken.objects.filter(user=merchant).update(expiry=timezone.now() + dt.timedelta(hours=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/auth/me/").status_code == 200
    assert AuthToken.objects.get(user=merchant).expiry > timezone.now() + dt.timedelta(days=29)


def test_owners_list_their_tokens_and_revoke_one_or_all(merchant):
    first, second = _token()["token"], _token()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    listed = client.get("/api/v1/auth/tokens/").json()
    assert len(listed) == 2 and sum(item["current"] for item in listed) == 1
    other = next(item["id"] for item in listed if not item["current"])
    assert client.delete(f"/api/v1/auth/tokens/{other}/").status_code == 204
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert stale.get("/api/v1/auth/me/").status_code == 401
    assert client.delete("/api/v1/auth/tokens/").status_code == 204
    assert client.get("/api/v1/auth/me/").status_code == 401


def test_nobody_revokes_someone_elses_token(merchant):
    _token()
    theirs = AuthToken.objects.get(user=merchant).token_key
    MerchantFactory(username="intruder", yard=YardFactory(code="IN"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token('intruder')['token']}")
    response = client.delete(f"/api/v1/auth/tokens/{theirs}/")
    assert response.status_code == 404
    assert AuthToken.objects.filter(token_key=theirs).exists()
