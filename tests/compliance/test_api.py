"""The compliance API of api.md: evaluate without saving, a vehicle's latest check, bad input as 400s."""

import pytest
from django.urls import reverse

from compliance.models import ComplianceCheck
from compliance.services import vehicles_check
from tests.compliance.conftest import car
from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory

HARRIER = {"vehicle": {"make": "Toyota", "model": "Harrier", "fuel": "petrol", "engine_cc": 1986, "category": "M1",
                       "first_registration": "2020-03", "mileage_km": 41000,
                       "customs_value": {"amount": "3200000", "currency": "JPY"}},
           "origin": "JP", "destination": "KZ", "route": ["KZ", "RU"], "date": "2024-02-01"}
EVALUATE = "/api/v1/compliance/evaluate/"


@pytest.mark.django_db
def test_a_harrier_via_kazakhstan_to_russia_is_blocked_with_the_japanese_citation():
    response = client_for(BuyerFactory()).post(EVALUATE, HARRIER, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "blocked" and body["as_of"] == "2024-02-01" and len(body["rules_version"]) == 64
    block = next(finding for finding in body["findings"] if finding["effect"] == "block")
    assert block["rule"] == "JP-RU-ENGINE-1900" and block["rule_set"] == "jp-ru-export"
    assert "JETRO" in block["citation"]["source"] and block["confidence"] == "S"
    assert body["requirements"] == []
    assert ComplianceCheck.objects.count() == 0  # evaluating saves nothing


@pytest.mark.django_db
def test_evaluate_defaults_route_to_the_destination_and_value_to_the_price():
    body = dict(HARRIER, destination="RU", route=None)
    body.pop("route")
    vehicle = dict(HARRIER["vehicle"], engine_cc=1500, price={"amount": "7000000", "currency": "JPY"})
    vehicle.pop("customs_value")
    response = client_for(BuyerFactory()).post(EVALUATE, {**body, "vehicle": vehicle}, format="json")
    assert response.json()["findings"][0]["rule"] == "JP-RU-LUXURY-CAR"


@pytest.mark.django_db
def test_evaluate_needs_a_signed_in_user(api_client):
    assert api_client.post(EVALUATE, HARRIER, format="json").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field"), [
    ({"origin": "XX"}, "origin"),
    ({"destination": "Russia"}, "destination"),
    ({"route": ["KZ", "ZZ"]}, "route"),
    ({"date": "2024-02-30"}, "date"),
    ({"vehicle": {**HARRIER["vehicle"], "first_registration": "2020-13"}}, "vehicle"),
    ({"vehicle": {**HARRIER["vehicle"], "engine_cc": -5}}, "vehicle"),
    ({"vehicle": {**HARRIER["vehicle"], "mileage_km": "a lot"}}, "vehicle"),
    ({"vehicle": {**HARRIER["vehicle"], "customs_value": {"amount": "-1", "currency": "JPY"}}}, "vehicle"),
    ({"vehicle": {**HARRIER["vehicle"], "customs_value": {"amount": "abc", "currency": "JPY"}}}, "vehicle"),
    ({"vehicle": None}, "vehicle"),
])
def test_bad_input_is_a_400_with_field_messages(change, field):
    body = {**HARRIER, **change}
    if change.get("vehicle", 1) is None:
        body.pop("vehicle")
    response = client_for(BuyerFactory()).post(EVALUATE, body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert any(name == field or name.startswith(f"{field}.") for name in payload["errors"]), payload


@pytest.mark.django_db
def test_a_public_vehicle_shows_its_latest_check_to_anyone(api_client):
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car(engine_cc=2500))
    vehicles_check(vehicle_ids=[vehicle.pk])
    response = api_client.get(f"/api/v1/vehicles/{vehicle.pk}/compliance/?destination=RU")
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "blocked" and body["vehicle"] == vehicle.pk and body["route"] == ["RU"]
    assert body["findings"][0]["rule"] == "JP-RU-ENGINE-1900"


@pytest.mark.django_db
def test_a_route_never_checked_is_checked_and_kept(api_client):
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car(engine_cc=1500))
    url = reverse("vehicle-compliance", args=[vehicle.pk]) + "?destination=KZ&route=KZ,RU"
    body = api_client.get(url).json()
    assert body["route"] == ["KZ", "RU"] and body["destination"] == "KZ"
    assert any(finding["rule"].startswith("RU-EAEU") for finding in body["findings"])
    assert api_client.get(url).json()["id"] == body["id"]  # the saved check is served again


@pytest.mark.django_db
def test_a_draft_is_visible_only_to_its_yard_and_staff(api_client):
    yard = YardFactory(country="JP")
    draft = VehicleFactory(yard=yard, status="draft")
    url = f"/api/v1/vehicles/{draft.pk}/compliance/?destination=RU"
    assert api_client.get(url).status_code == 404
    assert client_for(BuyerFactory()).get(url).status_code == 404
    assert client_for(MerchantFactory(yard=YardFactory(country="JP"))).get(url).status_code == 404
    assert client_for(MerchantFactory(yard=yard)).get(url).status_code == 200
    assert client_for(StaffFactory()).get(url).status_code == 200
    assert api_client.get("/api/v1/vehicles/999999/compliance/?destination=RU").status_code == 404


@pytest.mark.django_db
def test_the_vehicle_check_needs_a_known_destination(api_client):
    vehicle = VehicleFactory(yard=YardFactory(country="JP"))
    response = api_client.get(f"/api/v1/vehicles/{vehicle.pk}/compliance/?destination=XX")
    assert response.status_code == 400 and "destination" in response.json()["errors"]
    response = api_client.get(f"/api/v1/vehicles/{vehicle.pk}/compliance/?destination=RU&route=KZ,Q")
    assert response.status_code == 400 and "route" in str(response.json()["errors"])


@pytest.mark.django_db
def test_the_schema_documents_the_compliance_endpoints(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    assert "/api/v1/compliance/evaluate/" in schema["paths"]
    assert "/api/v1/vehicles/{id}/compliance/" in schema["paths"]
    assert "EvaluateRequestRequest" in schema["components"]["schemas"] or any(
        "Evaluate" in name for name in schema["components"]["schemas"])
