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


def test_catalog_and_detail_pages_show_public_stock_in_the_buyers_currency(client, vehicle):
    draft = VehicleFactory(yard=vehicle.yard, status="draft")
    response = client.get("/stock/catalog/?currency=USD")
    assert response.status_code == 200
    assert [v.pk for v in response.context["vehicles"]] == [vehicle.pk]
    price = response.context["prices"][vehicle.pk]
    assert price.currency == "USD" and 5000 < price.amount < 15000
    detail = client.get(f"/stock/catalog/{vehicle.pk}/?currency=EUR")
    assert detail.status_code == 200 and "11.83 m³" in detail.content.decode()
    assert client.get(f"/stock/catalog/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("query", ["year_min=abc", "price_max=1e49", "q=%00", "make=a%00b",
                                   "year_min=abc&page=-1&q=%00&currency=zz"])
def test_the_catalog_page_explains_a_bad_filter_instead_of_failing(client, vehicle, query):
    response = client.get(f"/stock/catalog/?{query}")
    assert response.status_code == 200
    assert response.context["errors"]


def test_a_bulk_reprice_too_large_for_the_eur_column_is_refused_and_changes_nothing(client, merchant, yard):
    vehicle = VehicleFactory(yard=yard)
    client.force_login(merchant)
    response = client.post("/stock/mine/bulk/", {"action": "price", "price_amount": "999999999999.99",
                                                 "price_currency": "GBP", "vehicles": [vehicle.pk]}, follow=True)
    assert response.status_code == 200
    assert "too large" in " ".join(str(m) for m in response.context["messages"])
    vehicle.refresh_from_db()
    assert vehicle.price_amount == 1250000 and vehicle.price_currency == "JPY"


def test_facets_count_the_filtered_catalog_in_one_grouped_query(client, yard):
    from django.core.cache import cache

    from catalog.selectors import catalog_base, catalog_facets

    cache.clear()
    VehicleFactory.create_batch(2, yard=yard, make="Toyota", fuel="hybrid", body_type="suv")
    VehicleFactory(yard=yard, make="Honda", fuel="petrol", body_type="hatchback")
    VehicleFactory(yard=yard, make="Honda", status="draft")
    facets = catalog_facets(catalog_base())
    assert facets["make"] == [("Toyota", 2), ("Honda", 1)]
    assert facets["fuel"] == [("hybrid", 2), ("petrol", 1)]
    assert facets["body_type"] == [("suv", 2), ("hatchback", 1)]
    assert facets["steering"] == [("rhd", 3)]
    hondas = catalog_facets(catalog_base().filter(make="Honda"))
    assert hondas["make"] == [("Honda", 1)]


def test_the_beat_task_warms_the_default_facets(yard):
    from django.core.cache import cache

    from catalog.filters import CatalogFilterSet
    from catalog.selectors import _facet_key, catalog_base, catalog_facets_warm
    from tests.factories import BuyerCompanyFactory

    cache.clear()
    BuyerCompanyFactory(country="RU")
    VehicleFactory(yard=yard)
    assert catalog_facets_warm() == 2
    for params in ({}, {"exportable_to": "RU"}):
        queryset = CatalogFilterSet(params, queryset=catalog_base()).qs
        assert cache.get("facets:" + _facet_key(queryset))["make"] == [("Toyota", 1)]
