from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Vehicle
from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory

pytestmark = pytest.mark.django_db

NEW_CAR = {
    "make": "Toyota", "model": "Prius", "model_code": "ZVW30", "chassis_no": "ZVW30-1234567", "year": 2015,
    "first_registration": "2015-04", "mileage_km": 88000, "engine_cc": 1797, "fuel": "hybrid",
    "price": {"amount": "980000", "currency": "JPY"}, "length_mm": 4480, "width_mm": 1745, "height_mm": 1490,
}


class TestCreate:
    def test_a_merchant_lists_into_their_own_yard_with_a_stock_number(self, merchant):
        response = client_for(merchant).post("/api/v1/vehicles/", NEW_CAR, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["stock_no"] == "TY-000001"
        assert body["yard"]["id"] == merchant.yard_id
        assert body["price"] == {"amount": "980000", "currency": "JPY"}
        assert body["first_registration"] == "2015-04"
        assert body["volume_m3"] == "11.65"
        assert body["status"] == "draft"
        assert Vehicle.objects.get(pk=body["id"]).price_eur > 0

    def test_stock_numbers_count_up_per_yard(self, merchant):
        client = client_for(merchant)
        first = client.post("/api/v1/vehicles/", NEW_CAR, format="json").json()["stock_no"]
        second = client.post("/api/v1/vehicles/", {**NEW_CAR, "chassis_no": "ZVW30-7654321"}, format="json")
        assert (first, second.json()["stock_no"]) == ("TY-000001", "TY-000002")

    @pytest.mark.parametrize("role", ["buyer", "staff"])
    def test_only_merchants_create(self, role):
        user = BuyerFactory() if role == "buyer" else StaffFactory()
        response = client_for(user).post("/api/v1/vehicles/", NEW_CAR, format="json")
        assert response.status_code == 403

    def test_anonymous_cannot_create(self, api_client):
        assert api_client.post("/api/v1/vehicles/", NEW_CAR, format="json").status_code == 401

    @pytest.mark.parametrize("patch, field", [
        ({"chassis_no": "1HGCM82633A004351"}, "chassis_no"),  # wrong check digit
        ({"year": "two thousand"}, "year"),
        ({"mileage_km": -5}, "mileage_km"),
        ({"price": {"amount": "-1", "currency": "JPY"}}, "price.amount"),
        ({"price": {"amount": "100", "currency": "XYZ"}}, "price.currency"),
        ({"price": {"amount": "100"}}, "price.currency"),  # never silently taken as the yard's currency
        ({"price": {"amount": "100", "currency": ""}}, "price.currency"),
        ({"price": {"currency": "JPY"}}, "price.amount"),
        ({"first_registration": "2099-01"}, "first_registration"),
        ({"first_registration": "13/2020"}, "first_registration"),
        ({"engine_cc": None, "fuel": "petrol"}, "engine_cc"),
        ({"fuel": "steam"}, "fuel"),
        ({"price": [1, 2]}, "price"),  # not an object: the message must format, not raise KeyError
        ({"price": "980000"}, "price"),
        # GBP is dearer than EUR: this is over the 10^12 EUR the catalog's price column holds.
        ({"price": {"amount": "999999999999.99", "currency": "GBP"}}, "price"),
    ])
    def test_bad_input_is_a_400_naming_the_field(self, merchant, patch, field):
        response = client_for(merchant).post("/api/v1/vehicles/", {**NEW_CAR, **patch}, format="json")
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "invalid"
        assert field in body["errors"]
        assert not Vehicle.objects.exists()

    def test_a_duplicate_chassis_number_is_a_400(self, merchant):
        VehicleFactory(chassis_no="ZVW30-1234567")
        response = client_for(merchant).post("/api/v1/vehicles/", NEW_CAR, format="json")
        assert response.status_code == 400
        assert "chassis_no" in response.json()["errors"]


class TestWritePermissionMatrix:
    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_the_owning_merchant_may_write(self, merchant, vehicle, method):
        client = client_for(merchant)
        response = getattr(client, method)(f"/api/v1/vehicles/{vehicle.pk}/", {"mileage_km": 50000}, format="json")
        assert response.status_code in (200, 204)

    @pytest.mark.parametrize("method", ["patch", "put", "delete"])
    def test_another_yards_merchant_gets_404(self, vehicle, method):
        other = MerchantFactory(yard=YardFactory(code="YH"))
        response = getattr(client_for(other), method)(f"/api/v1/vehicles/{vehicle.pk}/", {"mileage_km": 1}, format="json")
        assert response.status_code == 404
        vehicle.refresh_from_db()
        assert vehicle.mileage_km == 42000 and vehicle.status == "available"

    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_a_buyer_gets_403(self, vehicle, method):
        response = getattr(client_for(BuyerFactory()), method)(f"/api/v1/vehicles/{vehicle.pk}/", {}, format="json")
        assert response.status_code == 403

    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_anonymous_gets_401(self, api_client, vehicle, method):
        assert getattr(api_client, method)(f"/api/v1/vehicles/{vehicle.pk}/", {}, format="json").status_code == 401

    def test_staff_may_write_any_yard(self, vehicle):
        response = client_for(StaffFactory()).patch(f"/api/v1/vehicles/{vehicle.pk}/", {"color": "red"}, format="json")
        assert response.status_code == 200 and response.json()["color"] == "red"

    def test_delete_withdraws_and_keeps_the_record(self, merchant, vehicle):
        assert client_for(merchant).delete(f"/api/v1/vehicles/{vehicle.pk}/").status_code == 204
        vehicle.refresh_from_db()
        assert vehicle.status == "withdrawn"

    def test_a_price_change_is_kept_in_the_history_with_who(self, merchant, vehicle):
        client_for(merchant).patch(f"/api/v1/vehicles/{vehicle.pk}/", {"price": {"amount": "999000", "currency": "JPY"}},
                                   format="json")
        latest = vehicle.history.order_by("-history_date").first()
        assert latest.price_amount == Decimal("999000")
        assert latest.history_user == merchant

    def test_a_price_too_large_for_the_eur_column_is_a_400_and_changes_nothing(self, merchant, vehicle):
        response = client_for(merchant).patch(
            f"/api/v1/vehicles/{vehicle.pk}/", {"price": {"amount": "999999999999.99", "currency": "GBP"}}, format="json")
        assert response.status_code == 400, response.content
        assert "too large" in response.json()["errors"]["price"][0]
        vehicle.refresh_from_db()
        assert vehicle.price_amount == 1250000 and vehicle.price_currency == "JPY"


class TestRead:
    def test_drafts_are_hidden_from_the_public_but_not_from_their_yard(self, api_client, merchant):
        draft = VehicleFactory(yard=merchant.yard, status="draft")
        assert api_client.get(f"/api/v1/vehicles/{draft.pk}/").status_code == 404
        assert client_for(MerchantFactory(yard=YardFactory(code="YH"))).get(f"/api/v1/vehicles/{draft.pk}/").status_code == 404
        assert client_for(merchant).get(f"/api/v1/vehicles/{draft.pk}/").status_code == 200
        assert draft.pk not in [v["id"] for v in api_client.get("/api/v1/vehicles/").json()["results"]]


class TestCatalog:
    @pytest.fixture
    def stock(self):
        jp, cn = YardFactory(code="TY", country="JP"), YardFactory(code="HG", country="CN", city="Horgos")
        return {
            "prius": VehicleFactory(yard=jp, make="Toyota", model="Prius", model_code="ZVW30", fuel="hybrid", year=2015,
                                    price_amount=Decimal("900000"), mileage_km=90000),
            "harrier": VehicleFactory(yard=jp, make="Toyota", model="Harrier", model_code="ZSU60", year=2020,
                                      engine_cc=1986, price_amount=Decimal("3200000"), mileage_km=41000,
                                      body_type="suv"),
            "leaf": VehicleFactory(yard=cn, make="Nissan", model="Leaf", fuel="electric", engine_cc=None, year=2023,
                                   price_amount=Decimal("90000"), price_currency="CNY", steering="lhd",
                                   mileage_km=50),
            "draft": VehicleFactory(yard=jp, make="Toyota", model="Harrier", status="draft"),
        }

    def ids(self, api_client, query):
        response = api_client.get(f"/api/v1/vehicles/?{query}")
        assert response.status_code == 200, response.content
        return [v["id"] for v in response.json()["results"]]

    def test_filters(self, api_client, stock):
        s = stock
        assert self.ids(api_client, "make=toyota&ordering=year") == [s["prius"].pk, s["harrier"].pk]
        assert self.ids(api_client, "model=Harrier") == [s["harrier"].pk]
        assert self.ids(api_client, "year_min=2016&year_max=2021") == [s["harrier"].pk]
        assert self.ids(api_client, "fuel=electric") == [s["leaf"].pk]
        assert self.ids(api_client, "steering=lhd") == [s["leaf"].pk]
        assert self.ids(api_client, "body_type=suv") == [s["harrier"].pk]
        assert self.ids(api_client, "yard_country=CN") == [s["leaf"].pk]
        assert self.ids(api_client, "mileage_max=1000") == [s["leaf"].pk]

    def test_full_text_search_by_model_code_prefix_and_chassis(self, api_client, stock):
        assert self.ids(api_client, "q=harr") == [stock["harrier"].pk]
        assert self.ids(api_client, "q=zsu60") == [stock["harrier"].pk]
        assert self.ids(api_client, f"q={stock['prius'].chassis_no}") == [stock["prius"].pk]
        assert self.ids(api_client, "q=toyota prius") == [stock["prius"].pk]

    def test_price_filter_converts_the_buyers_currency_with_stored_rates(self, api_client, stock):
        # JPY 900,000 is roughly USD 6,000; CNY 90,000 roughly USD 12,500; JPY 3.2M roughly USD 21,000.
        assert set(self.ids(api_client, "price_max=15000&currency=USD")) == {stock["prius"].pk, stock["leaf"].pk}
        assert self.ids(api_client, "price_max=1000000&currency=JPY") == [stock["prius"].pk]

    def test_ordering_by_price_compares_across_currencies(self, api_client, stock):
        s = stock
        assert self.ids(api_client, "ordering=price") == [s["prius"].pk, s["leaf"].pk, s["harrier"].pk]
        assert self.ids(api_client, "ordering=-price") == [s["harrier"].pk, s["leaf"].pk, s["prius"].pk]

    @pytest.mark.parametrize("query, field", [("currency=XYZ&price_max=10", "currency"), ("year_min=abc", "year_min"),
                                              ("exportable_to=ZZ", "exportable_to"), ("ordering=bogus", "ordering"),
                                              ("fuel=steam", "fuel"), ("price_max=1e49", "price_max"),
                                              ("price_min=99999999999999999999999999999999999999", "price_min")])
    def test_bad_filters_are_a_400_naming_the_field(self, api_client, stock, query, field):
        response = api_client.get(f"/api/v1/vehicles/?{query}")
        assert response.status_code == 400
        assert field in response.json()["errors"]

    def test_page_size_is_capped_at_100(self, api_client, stock):
        response = api_client.get("/api/v1/vehicles/?page_size=1000")
        assert response.status_code == 200 and len(response.json()["results"]) == 3

    def test_a_page_costs_a_fixed_number_of_queries_whatever_its_size(self, api_client):
        yard = YardFactory(code="QQ")
        VehicleFactory.create_batch(30, yard=yard)
        with CaptureQueriesContext(connection) as small:
            api_client.get("/api/v1/vehicles/?page_size=5")
        with CaptureQueriesContext(connection) as large:
            api_client.get("/api/v1/vehicles/?page_size=30&price_max=100000&currency=USD")
        assert len(large) <= 8
        assert len(large) - len(small) <= 1  # the price filter's one rate lookup


def test_a_staff_rate_for_a_missing_currency_makes_those_prices_filterable(admin_client, yard):
    kzt = VehicleFactory(yard=yard, price_amount=Decimal("5850000"), price_currency="KZT")
    assert Vehicle.objects.get(pk=kzt.pk).price_eur is None  # the ECB has no KZT
    response = admin_client.post("/admin/core/exchangerate/add/",
                                 {"date": "2025-05-09", "currency": "kzt", "units_per_eur": "585"})
    assert response.status_code == 302
    assert Vehicle.objects.get(pk=kzt.pk).price_eur == Decimal("10000.00")
