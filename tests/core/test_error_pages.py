"""Errors: styled 403/404/500 pages in the base layout; JSON in the API's format under /api/, DEBUG on or off."""

import pytest
from django.test import Client, RequestFactory

from catalog.api import VehicleViewSet
from core import error_pages
from tests.factories import BuyerFactory


def api_json(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    return body


@pytest.mark.django_db
class TestApiErrorsAreJson:
    @pytest.mark.parametrize("debug", [False, True])
    @pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/nope", "/api/v1/vehicles/1/2/3/"])
    def test_an_unknown_url_under_api_is_a_json_404(self, client, settings, debug, path):
        settings.DEBUG = debug
        response = client.get(path)
        body = api_json(response, 404, "not_found")
        assert "urlpatterns" not in str(body).lower() and "<html" not in response.content.decode()

    @pytest.mark.parametrize("debug", [False, True])
    def test_an_unexpected_error_in_an_api_view_is_a_json_500(self, settings, monkeypatch, debug):
        settings.DEBUG = debug

        def explode(self, request, *args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr(VehicleViewSet, "list", explode)
        response = Client(raise_request_exception=False).get("/api/v1/vehicles/")
        body = api_json(response, 500, "server_error")
        assert "boom" not in body["detail"] and "Traceback" not in response.content.decode()

    def test_a_missing_slash_still_redirects(self, client):
        response = client.get("/api/v1/vehicles")
        assert response.status_code == 301 and response["Location"].endswith("/api/v1/vehicles/")

    def test_a_wrong_method_keeps_its_allow_header(self, client):
        response = client.put("/api/schema/")
        assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"

    def test_drf_errors_are_left_as_they_were(self, client):
        api_json(client.get("/api/v1/vehicles/999999/"), 404, "not_found")
        api_json(client.post("/api/v1/vehicles/", {}, content_type="application/json"), 401, "not_authenticated")


@pytest.mark.django_db
class TestStyledPages:
    def test_404_is_the_styled_page_in_the_base_layout(self, client, settings):
        settings.DEBUG = False
        response = client.get("/stock/catalog/999999/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "Page not found" in html and 'class="topbar"' in html and "/stock/catalog/" in html

    def test_the_page_is_in_the_readers_language(self, client, settings):
        settings.DEBUG = False
        html = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
        assert '<html lang="ja">' in html

    def test_403_says_why_in_the_base_layout(self, client, settings):
        settings.DEBUG = False
        client.force_login(BuyerFactory())
        response = client.get("/compliance/")
        html = response.content.decode()
        assert response.status_code == 403
        assert "Only compliance officers may open this page." in html and 'class="topbar"' in html

    def test_an_unexpected_error_is_the_styled_500_page(self, settings, monkeypatch):
        settings.DEBUG = False

        def explode(user):
            raise RuntimeError("boom")

        monkeypatch.setattr("catalog.views.home_context", explode)
        response = Client(raise_request_exception=False).get("/")
        html = response.content.decode()
        assert response.status_code == 500
        assert "Something went wrong" in html and 'class="topbar"' in html and "boom" not in html


def test_the_500_page_needs_no_database(django_db_blocker):
    """Rendered without the request: no context processor runs, so an outage cannot break the error page."""
    request = RequestFactory().get("/stock/mine/")
    with django_db_blocker.block():
        response = error_pages.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and 'class="topbar"' in html


def test_the_500_handler_answers_json_under_the_api(django_db_blocker):
    with django_db_blocker.block():
        response = error_pages.server_error(RequestFactory().get("/api/v1/vehicles/"))
    assert response.status_code == 500 and b'"code": "server_error"' in response.content
