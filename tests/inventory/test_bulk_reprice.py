"""Bulk reprice on my stock: by a percentage or an amount, up or down, rounded per currency, set-based."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory import services
from inventory.models import Vehicle
from tests.factories import VehicleFactory, YardFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def bulk(client, vehicles, **fields):
    """Post the real bulk form of my stock, every field included, with these choices."""
    data = form_data(client.get("/stock/mine/").content.decode(), having="action")
    data.update({"vehicles": [v.pk for v in vehicles], **{k: str(v) for k, v in fields.items()}})
    return client.post("/stock/mine/bulk/", data, follow=True)


def prices(vehicles):
    return [Vehicle.objects.get(pk=v.pk).price_amount for v in vehicles]


def test_five_percent_down_rounds_yen_to_whole_yen_and_dollars_to_cents(client, merchant, yard):
    yen = VehicleFactory(yard=yard, price_amount=Decimal("1850000"), price_currency="JPY")
    odd_yen = VehicleFactory(yard=yard, price_amount=Decimal("999999"), price_currency="JPY")
    dollars = VehicleFactory(yard=yard, price_amount=Decimal("12329.99"), price_currency="USD")
    client.force_login(merchant)
    response = bulk(client, [yen, odd_yen, dollars], action="reprice", direction="down", change_value="5",
                    change_kind="percent")
    assert "3 vehicles updated" in response.content.decode()
    assert prices([yen, odd_yen, dollars]) == [Decimal("1757500"), Decimal("949999"), Decimal("11713.49")]
    # 999999 x 0.95 = 949999.05 -> 949999 (no minor unit); 12329.99 x 0.95 = 11713.4905 -> 11713.49


def test_an_amount_up_is_in_the_cars_own_currency(client, merchant, yard):
    cars = VehicleFactory.create_batch(2, yard=yard, price_amount=Decimal("500000"), price_currency="JPY")
    client.force_login(merchant)
    bulk(client, cars, action="reprice", direction="up", change_value="50000", change_kind="amount")
    assert prices(cars) == [Decimal("550000"), Decimal("550000")]
    record = Vehicle.objects.get(pk=cars[0].pk).history.first()
    assert (record.history_user, record.history_change_reason, record.version) == (merchant, "bulk reprice", 2)
    assert record.history_type == "~"  # a change, not a listing
    html = client.get(f"/stock/{cars[0].pk}/history/").content.decode()
    assert "¥500,000 → ¥550,000" in html and "bulk reprice" in html


def test_an_amount_over_mixed_currencies_is_refused_with_a_message(client, merchant, yard):
    cars = [VehicleFactory(yard=yard, price_currency="JPY"), VehicleFactory(yard=yard, price_currency="USD",
                                                                            price_amount=Decimal("9000"))]
    client.force_login(merchant)
    response = bulk(client, cars, action="reprice", direction="down", change_value="100", change_kind="amount")
    assert "choose cars priced in one currency" in response.content.decode()
    assert prices(cars) == [Decimal("1250000"), Decimal("9000")]


def test_a_cut_to_zero_or_below_changes_nothing(client, merchant, yard):
    cars = [VehicleFactory(yard=yard, price_amount=Decimal("100000")), VehicleFactory(yard=yard)]
    client.force_login(merchant)
    response = bulk(client, cars, action="reprice", direction="down", change_value="100", change_kind="percent")
    assert "zero or below" in response.content.decode()
    assert prices(cars) == [Decimal("100000"), Decimal("1250000")]


def test_a_missing_value_is_a_message_not_a_500(client, merchant, yard):
    car = VehicleFactory(yard=yard)
    client.force_login(merchant)
    response = bulk(client, [car], action="reprice", direction="up", change_value="", change_kind="percent")
    assert response.status_code == 200 and "Enter a positive number" in response.content.decode()


def test_another_yards_cars_are_never_repriced(client, merchant, yard):
    theirs = VehicleFactory(yard=YardFactory(code="YH"))
    mine = VehicleFactory(yard=yard)
    client.force_login(merchant)
    bulk(client, [mine], action="reprice", direction="up", change_value="10", change_kind="percent")
    client.post("/stock/mine/bulk/", {"action": "reprice", "direction": "up", "change_value": "10",
                                      "change_kind": "percent", "vehicles": [theirs.pk]})
    assert prices([mine, theirs]) == [Decimal("1375000"), Decimal("1250000")]


def test_setting_a_price_rounds_it_for_the_currency(merchant, yard):
    car = VehicleFactory(yard=yard)
    services.vehicles_bulk_action(queryset=Vehicle.objects.filter(pk=car.pk), user=merchant, action="price",
                                  price_amount=Decimal("777000.40"), price_currency="KRW")
    saved = Vehicle.objects.get(pk=car.pk)
    assert (saved.price_amount, saved.price_currency) == (Decimal("777000"), "KRW")


def test_a_reprice_costs_the_same_queries_for_3_or_30_cars(merchant, yard, django_capture_on_commit_callbacks):
    counts = []
    for count in (3, 30):
        cars = VehicleFactory.create_batch(count, yard=yard)
        with CaptureQueriesContext(connection) as queries:
            changed = services.vehicles_bulk_action(queryset=Vehicle.objects.filter(pk__in=[c.pk for c in cars]),
                                                    user=merchant, action="reprice", change_kind="percent",
                                                    change_value=Decimal("3"), direction="up")
        assert changed == count
        counts.append(len(queries))
        assert set(Vehicle.objects.filter(pk__in=[c.pk for c in cars]).values_list("price_amount", flat=True)) == {
            Decimal("1287500")}
    assert counts[0] == counts[1] <= 12
