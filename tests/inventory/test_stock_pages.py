"""The merchant's stock pages: listing and editing a car, who may change it, my stock and its bulk actions."""

import pytest

from inventory.models import Vehicle
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory

pytestmark = pytest.mark.django_db


FORM = {
    "make": "Toyota", "model": "Aqua", "chassis_no": "NHP10-2345678", "year": 2016, "first_registration": "2016-05",
    "mileage_km": 61000, "engine_cc": 1496, "fuel": "hybrid", "price_amount": "650000", "price_currency": "JPY",
    "transmission": "cvt", "body_type": "hatchback", "color": "white", "drive": "2wd", "steering": "rhd",
    "category": "M1", "publish": "on",
}


def test_a_merchant_lists_a_car_from_the_form(client, merchant):
    client.force_login(merchant)
    response = client.post("/stock/new/", FORM)
    vehicle = Vehicle.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stock/{vehicle.pk}/edit/"
    assert (vehicle.stock_no, vehicle.status, vehicle.yard) == ("TY-000001", "available", merchant.yard)


def test_a_bad_form_shows_errors_and_keeps_what_was_typed(client, merchant):
    client.force_login(merchant)
    response = client.post("/stock/new/", {**FORM, "chassis_no": "1HGCM82633A004351", "mileage_km": "-3"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "chassis_no" in form.errors and "mileage_km" in form.errors
    assert 'value="Aqua"' in response.content.decode()
    assert not Vehicle.objects.exists()


@pytest.mark.parametrize("who, expected", [("owner", 200), ("other_merchant", 404), ("buyer", 404),
                                           ("staff", 200), ("anonymous", 302)])
def test_edit_page_permission_matrix(client, vehicle, merchant, who, expected):
    users = {"owner": merchant, "other_merchant": MerchantFactory(yard=YardFactory(code="YH")),
             "buyer": BuyerFactory(), "staff": StaffFactory(), "anonymous": None}
    if users[who]:
        client.force_login(users[who])
    assert client.get(f"/stock/{vehicle.pk}/edit/").status_code == expected
    assert client.get(f"/stock/{vehicle.pk}/history/").status_code == expected


@pytest.mark.parametrize("who", ["other_merchant", "buyer"])
def test_others_cannot_change_a_vehicle_through_the_pages(client, vehicle, who):
    user = MerchantFactory(yard=YardFactory(code="YH")) if who == "other_merchant" else BuyerFactory()
    client.force_login(user)
    client.post(f"/stock/{vehicle.pk}/edit/", {**FORM, "price_amount": "1"})
    client.post(f"/stock/{vehicle.pk}/status/", {"status": "withdrawn"})
    client.post("/stock/mine/bulk/", {"action": "withdraw", "vehicles": [vehicle.pk]})
    vehicle.refresh_from_db()
    assert vehicle.status == "available" and vehicle.price_amount == 1250000


def test_bulk_publish_withdraw_and_reprice_own_stock_only(client, merchant, yard):
    mine = VehicleFactory.create_batch(3, yard=yard, status="draft")
    theirs = VehicleFactory(yard=YardFactory(code="YH"), status="draft")
    client.force_login(merchant)
    client.post("/stock/mine/bulk/", {"action": "publish", "vehicles": [v.pk for v in mine] + [theirs.pk]})
    assert set(Vehicle.objects.filter(yard=yard).values_list("status", flat=True)) == {"draft"}  # invalid choice
    client.post("/stock/mine/bulk/", {"action": "publish", "vehicles": [v.pk for v in mine]})
    assert set(Vehicle.objects.filter(yard=yard).values_list("status", flat=True)) == {"available"}
    client.post("/stock/mine/bulk/", {"action": "price", "price_amount": "777000", "vehicles": [mine[0].pk]})
    mine[0].refresh_from_db()
    assert mine[0].price_amount == 777000
    assert mine[0].history.first().history_user == merchant
    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_my_stock_lists_only_my_yard(client, merchant, vehicle):
    other = VehicleFactory(yard=YardFactory(code="YH"))
    client.force_login(merchant)
    ids = [v.pk for v in client.get("/stock/mine/").context["page_obj"]]
    assert ids == [vehicle.pk] and other.pk not in ids


def test_buyers_and_anonymous_cannot_open_merchant_pages(client):
    assert client.get("/stock/new/").status_code == 302
    client.force_login(BuyerFactory())
    assert client.get("/stock/new/").status_code == 403
    assert client.get("/stock/mine/").status_code == 403


def test_a_bulk_reprice_too_large_for_the_eur_column_is_refused_and_changes_nothing(client, merchant, yard):
    vehicle = VehicleFactory(yard=yard)
    client.force_login(merchant)
    response = client.post("/stock/mine/bulk/", {"action": "price", "price_amount": "999999999999.99",
                                                 "price_currency": "GBP", "vehicles": [vehicle.pk]}, follow=True)
    assert response.status_code == 200
    assert "too large" in " ".join(str(m) for m in response.context["messages"])
    vehicle.refresh_from_db()
    assert vehicle.price_amount == 1250000 and vehicle.price_currency == "JPY"
