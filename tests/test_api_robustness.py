"""Bad input from any client is a 4xx in the API's error format, never a 500 (found by fuzzing the schema)."""

import pytest

from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, VehicleFactory, YardFactory

pytestmark = pytest.mark.django_db

DEEP_JSON = "[" * 10_000 + "]" * 10_000  # deeper than Python's JSON decoder can recurse


@pytest.fixture
def merchant():
    return MerchantFactory(yard=YardFactory(code="TY"))


@pytest.fixture
def vehicle(merchant):
    return VehicleFactory(yard=merchant.yard)


def _assert_error(response, status: int = 400, field: str | None = None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"] and body["code"]
    if field:
        assert field in body["errors"], body


@pytest.mark.parametrize("path", ["/api/v1/vehicles/", "/api/v1/compliance/evaluate/", "photos/order/"])
def test_json_nested_too_deeply_is_a_parse_error(merchant, vehicle, path):
    if not path.startswith("/"):
        path = f"/api/v1/vehicles/{vehicle.pk}/{path}"
    response = client_for(merchant).post(path, DEEP_JSON, content_type="application/json")
    _assert_error(response)
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("body", ["{bad json", "\ufeff{", '"just a string"', "[1, 2]", "null"])
def test_malformed_or_misshapen_json_is_a_400(merchant, body):
    _assert_error(client_for(merchant).post("/api/v1/vehicles/", body, content_type="application/json"))


@pytest.mark.parametrize("param", ["q", "make", "model", "currency", "yard_country", "exportable_to"])
def test_a_nul_byte_in_a_catalog_filter_names_the_filter(api_client, param):
    _assert_error(api_client.get(f"/api/v1/vehicles/?{param}=a%00b"), field=param)


@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=abc", "page=99999999999999999999", "page=1%00"])
def test_a_page_that_does_not_exist_is_a_404(api_client, vehicle, query):
    _assert_error(api_client.get(f"/api/v1/vehicles/?{query}"), status=404)


@pytest.mark.parametrize("query", ["page_size=-1", "page_size=abc", "page_size=99999999999999999999"])
def test_a_bad_page_size_falls_back_to_the_default(api_client, vehicle, query):
    assert api_client.get(f"/api/v1/vehicles/?{query}").status_code == 200


@pytest.mark.parametrize("query, field", [
    ("price_max=1e400", "price_max"), ("price_min=1e49", "price_min"),
    ("price_max=99999999999999999999999999999999999999", "price_max"), ("price_max=NaN", "price_max"),
    ("mileage_max=1e400", "mileage_max"), ("year_min=1e400", "year_min"), ("currency=zz", "currency"),
])
def test_huge_or_odd_numbers_in_catalog_filters_name_the_filter(api_client, query, field):
    _assert_error(api_client.get(f"/api/v1/vehicles/?{query}"), field=field)


@pytest.mark.parametrize("path", ["/api/v1/vehicles/abc/", "/api/v1/vehicles/99999999999999999999/",
                                  "/api/v1/vehicles/999999/compliance/?destination=RU",
                                  "/api/v1/vehicles/99999999999999999999/compliance/?destination=RU"])
def test_unknown_or_non_numeric_ids_are_a_404(api_client, path):
    assert api_client.get(path).status_code == 404


@pytest.mark.parametrize("query, field", [
    ("destination=%00", "destination"), ("destination=RU&route=%00", "route"),
    ("destination=RU&route=" + ",".join(["KZ"] * 50), "route"), ("destination=RU&route=,,", "route"),
])
def test_bad_compliance_check_queries_name_the_field(api_client, vehicle, query, field):
    _assert_error(api_client.get(f"/api/v1/vehicles/{vehicle.pk}/compliance/?{query}"), field=field)


EVALUATE = {"vehicle": {"make": "Toyota", "engine_cc": 2500, "fuel": "petrol"}, "origin": "JP", "destination": "RU"}


@pytest.mark.parametrize("change, field", [
    ({"date": "2024-02-31"}, "date"), ({"date": "0000-01-01"}, "date"), ({"date": 20240101}, "date"),
    ({"route": ["KZ"] * 50}, "route"), ({"route": [["KZ"]]}, "route.0"), ({"route": {"a": 1}}, "route"),
    ({"destination": "\u0000"}, "destination"), ({"vehicle": [1]}, "vehicle"),
    ({"vehicle": {"make": "a\u0000"}}, "vehicle.make"), ({"vehicle": {"first_registration": "0000-01"}},
                                                         "vehicle.first_registration"),
    ({"vehicle": {"price": {"amount": "1e400", "currency": "JPY"}}}, "vehicle.price.amount"),
])
def test_bad_evaluate_requests_name_the_field(change, field):
    response = client_for(BuyerFactory()).post("/api/v1/compliance/evaluate/", {**EVALUATE, **change}, format="json")
    _assert_error(response, field=field)


def test_lowercase_countries_are_accepted_by_evaluate():
    response = client_for(BuyerFactory()).post(
        "/api/v1/compliance/evaluate/", {**EVALUATE, "destination": "ru", "route": ["kz", "ru"]}, format="json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("files", [{}, {"image": ""}])
def test_a_photo_upload_without_a_file_names_the_field(merchant, vehicle, files):
    response = client_for(merchant).post(f"/api/v1/vehicles/{vehicle.pk}/photos/", files, format="multipart")
    _assert_error(response, field="image")


@pytest.mark.parametrize("files", [{}, {"file": ""}])
def test_an_import_without_a_file_names_the_field(merchant, files):
    _assert_error(client_for(merchant).post("/api/v1/imports/", files, format="multipart"), field="file")


def test_a_vehicle_without_dimensions_has_no_volume_and_the_schema_allows_it(api_client, merchant):
    vehicle = VehicleFactory(yard=merchant.yard, length_mm=None, width_mm=None, height_mm=None)
    assert api_client.get(f"/api/v1/vehicles/{vehicle.pk}/").json()["volume_m3"] is None
    schema = api_client.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["Vehicle"]["properties"]["volume_m3"]["nullable"] is True
