"""Who sees what: a buyer never sees another buyer's order, quote, payment or proof; a merchant sees the orders
holding their yard's stock (read-only, without the buyer's payments); staff see everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.brokerage.conftest import quote_body
from tests.brokerage.test_order_states import place
from tests.conftest import client_for
from tests.factories import MerchantFactory, VehicleFactory, YardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer1, car, rules):
    return place(buyer1, car)


def test_a_buyer_sees_only_their_own_orders(order, buyer1, buyer2):
    mine = client_for(buyer1).get("/api/v1/orders/").json()
    assert [item["id"] for item in mine["results"]] == [order.pk]
    papers = mine["results"][0]["documents"]
    assert [(paper["kind"], paper["status"], paper["url"]) for paper in papers] == [("proforma_invoice", "pending", None)]
    theirs = client_for(buyer2)
    assert theirs.get("/api/v1/orders/").json()["count"] == 0
    for path in ("", "payments/", "proofs/"):
        assert theirs.get(f"/api/v1/orders/{order.pk}/{path}").status_code == 404
    assert theirs.post(f"/api/v1/orders/{order.pk}/cancel/", {}, format="json").status_code == 404


def test_a_merchant_sees_orders_holding_their_stock_only_and_not_the_money(order, merchant, freight):
    other = MerchantFactory(username="m2", yard=YardFactory(code="YH"))
    mine = client_for(merchant).get(f"/api/v1/orders/{order.pk}/")
    assert mine.status_code == 200
    assert "payments" not in mine.json() and "proofs" not in mine.json()
    assert client_for(merchant).get(f"/api/v1/orders/{order.pk}/payments/").status_code == 403
    assert client_for(merchant).post(f"/api/v1/orders/{order.pk}/cancel/", {}, format="json").status_code == 403
    assert client_for(other).get(f"/api/v1/orders/{order.pk}/").status_code == 404
    assert client_for(other).get("/api/v1/orders/").json()["count"] == 0


def test_a_merchant_with_one_car_of_a_two_car_order_sees_it_once(buyer1, merchant, toyama, freight, rules):
    cars = [VehicleFactory(yard=toyama, engine_cc=1500) for _ in range(2)]
    place(buyer1, cars[0], vehicle_ids=[c.pk for c in cars])
    assert client_for(merchant).get("/api/v1/orders/").json()["count"] == 1


def test_staff_see_every_order(order, staff):
    assert client_for(staff).get(f"/api/v1/orders/{order.pk}/").json()["payments"] == []


def test_anonymous_callers_get_401(order, api_client):
    assert api_client.get("/api/v1/orders/").status_code == 401
    assert api_client.post("/api/v1/quotes/", {}, format="json").status_code == 401


def test_order_pages_follow_the_same_rules(order, buyer1, buyer2, merchant, staff, client):
    url = f"/orders/{order.pk}/"
    for user, expected in ((buyer1, 200), (staff, 200), (merchant, 200), (buyer2, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    client.force_login(merchant)
    page = client.get(url).content.decode()
    assert "bank-account" not in page and "payment-form" not in page and "cancel-form" not in page


def test_orders_via_the_api_with_a_quote(buyer1, car, rules):
    client = client_for(buyer1)
    quote = client.post("/api/v1/quotes/", quote_body(car, currency="USD"), format="json").json()
    response = client.post("/api/v1/orders/", {**quote_body(car), "quote_id": quote["id"]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["total"] == quote["total"]


def test_the_order_list_costs_the_same_queries_for_one_order_or_four(buyer1, toyama, freight, rules,
                                                                     django_assert_max_num_queries):
    client = client_for(buyer1)
    place(buyer1, VehicleFactory(yard=toyama, engine_cc=1500))
    client.get("/api/v1/orders/")  # warm the per-process caches (rules, rates, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/orders/").json()["count"] == 1
    for _ in range(3):
        place(buyer1, VehicleFactory(yard=toyama, engine_cc=1500))
    with CaptureQueriesContext(connection) as four:
        listed = client.get("/api/v1/orders/").json()
    assert listed["count"] == 4
    assert all(item["documents"][0]["kind"] == "proforma_invoice" for item in listed["results"])
    assert len(four.captured_queries) == len(one.captured_queries)
