"""/api/v1/shipments/ (api.md): staff book and post events; a buyer sees shipments carrying their orders; others 404."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from brokerage.services import order_place
from shipments.models import Shipment
from shipments.services import LegInput, shipment_book
from tests.shipments.conftest import roro_leg

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def shipment(order1, staff, voyage):
    return shipment_book(by=staff, order_ids=[order1.pk], legs=[LegInput(**roro_leg(voyage))], bl_number="SSKL-1")


def test_staff_book_over_the_api(order1, staff, voyage):
    body = {"order_ids": [order1.pk], "legs": [{"mode": "roro", "from": "JPTOY", "to": "RUVVO", "voyage": voyage.pk}]}
    response = client_for(staff).post("/api/v1/shipments/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) >= {"id", "number", "status", "legs", "vehicles", "bl_number", "events"}
    assert data["status"] == "booked"
    assert data["legs"][0]["from"] == "JPTOY" and data["legs"][0]["voyage"]["vessel"] == "Trans Future 5"
    assert data["vehicles"][0]["stock_no"] == order1.lines.get().vehicle.stock_no
    assert [event["kind"] for event in data["events"]] == ["booked"]


def test_a_blocked_route_is_a_400_naming_the_rule_and_citation(order_kz, staff):
    body = {"order_ids": [order_kz.pk], "legs": [{"mode": "container", "from": "JPTOY", "to": "KZALA"},
                                                  {"mode": "road", "from": "KZALA", "to": "RUMOW"}]}
    response = client_for(staff).post("/api/v1/shipments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "route_blocked"
    assert "JP-RU-ENGINE-1900" in response.json()["detail"] and "JETRO" in response.json()["detail"]


def test_an_unpaid_order_is_a_400(buyer1, car, staff):
    order_id = order_place(user=buyer1, buyer=buyer1.buyer, vehicle_ids=[car.pk], destination_port="RUVVO",
                           terms="CIF").pk
    body = {"order_ids": [order_id], "legs": [{"mode": "roro", "from": "JPTOY", "to": "RUVVO"}]}
    response = client_for(staff).post("/api/v1/shipments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "order_not_paid"


@pytest.mark.parametrize("role, status", [
    ("buyer1", 403), ("buyer2", 403), ("merchant", 403), ("anonymous", 401), ("officer", 400)])
def test_only_staff_create(role, status, request, order1):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = client_for(user).post("/api/v1/shipments/", {"order_ids": [], "legs": []}, format="json")
    assert response.status_code in ((401, 403) if role == "anonymous" else (status,))


@pytest.mark.parametrize("role, sees", [
    ("staff", True), ("officer", True), ("buyer1", True), ("buyer2", False), ("merchant", False),
    ("other_merchant", False)])
def test_who_reads_a_shipment(role, sees, request, shipment):
    user = request.getfixturevalue(role)
    client = client_for(user)
    listed = client.get("/api/v1/shipments/").json()["results"]
    assert [item["id"] for item in listed] == ([shipment.pk] if sees else [])
    assert client.get(f"/api/v1/shipments/{shipment.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/api/v1/shipments/{shipment.pk}/events/").status_code == (200 if sees else 404)


def test_anonymous_reads_nothing(shipment):
    assert client_for().get(f"/api/v1/shipments/{shipment.pk}/").status_code in (401, 403)


def test_staff_post_events_and_the_order_follows(shipment, order1, staff):
    body = {"kind": "departed", "at": timezone.now().isoformat(), "place": "JPTOY", "note": "sailed on time"}
    response = client_for(staff).post(f"/api/v1/shipments/{shipment.pk}/events/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "departed" and response.json()["place"] == "JPTOY"
    order1.refresh_from_db()
    assert order1.status == "shipped"
    assert Shipment.objects.get(pk=shipment.pk).status == "departed"


@pytest.mark.parametrize("role, status", [("buyer1", 403), ("buyer2", 404), ("merchant", 404)])
def test_others_cannot_post_events(role, status, request, shipment):
    body = {"kind": "loaded", "at": timezone.now().isoformat(), "place": "JPTOY"}
    response = client_for(request.getfixturevalue(role)).post(f"/api/v1/shipments/{shipment.pk}/events/", body,
                                                              format="json")
    assert response.status_code == status
    assert shipment.events.count() == 1


@pytest.mark.parametrize("body", [
    {"kind": "sunk", "at": "2026-01-01T00:00:00Z", "place": "JPTOY"},
    {"kind": "loaded", "at": "yesterday", "place": "JPTOY"},
    {"kind": "loaded", "at": "2026-01-01T00:00:00Z", "place": "\x00\x00\x00\x00\x00"},
    {"kind": "loaded", "at": "2026-01-01T00:00:00Z", "place": "QQQQQ"},
])
def test_bad_events_are_400s(body, shipment, staff):
    response = client_for(staff).post(f"/api/v1/shipments/{shipment.pk}/events/", body, format="json")
    assert response.status_code == 400
