"""Quotes (api.md, Quotes): every line in the buyer's currency, rounded for it, with the rates used, findings
beside the price, and the Russian landed-cost estimate."""

from decimal import Decimal

import pytest

from core.money import convert_with
from core.rates import rate_table
from tests.brokerage.conftest import quote_body
from tests.conftest import client_for
from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/quotes/"
LINE_PARTS = ("price", "inland", "freight", "insurance", "fee")


def _quote(user, body):
    return client_for(user).post(URL, body, format="json")


def test_a_cif_quote_in_usd_shows_every_line_the_rates_and_adds_up(buyer1, car, rules):
    response = _quote(buyer1, quote_body(car, currency="USD"))
    assert response.status_code == 201, response.content
    data = response.json()
    line = data["lines"][0]
    table = rate_table()
    price = convert_with(table, Decimal("1000000"), "JPY", "USD").amount
    freight = (Decimal("42") * Decimal("11.83")).quantize(Decimal("0.01"))
    assert line["price"] == {"amount": f"{price:f}", "currency": "USD"}
    assert line["freight"] == {"amount": f"{freight:f}", "currency": "USD"}
    assert line["fee"] == {"amount": "300.00", "currency": "USD"}
    cf = sum(Decimal(line[name]["amount"]) for name in ("price", "inland", "freight"))
    assert Decimal(line["insurance"]["amount"]) == (cf * Decimal("0.011")).quantize(Decimal("0.01"))
    total = sum(Decimal(line[name]["amount"]) for name in LINE_PARTS)
    assert Decimal(line["total"]["amount"]) == total == Decimal(data["total"]["amount"])
    assert {rate["to"] for rate in data["rates"]} >= {"USD", "JPY"}
    assert all({"from", "to", "rate", "date", "source"} <= set(rate) for rate in data["rates"])
    assert data["destination_port"] == "RUVVO" and data["valid_until"]


def test_a_quote_in_jpy_has_no_minor_unit(buyer1, car, rules):
    data = _quote(buyer1, quote_body(car, currency="JPY")).json()
    line = data["lines"][0]
    assert line["price"]["amount"] == "1000000"
    assert line["inland"]["amount"] == "15000"
    assert all("." not in line[name]["amount"] for name in (*LINE_PARTS, "total"))


def test_a_quote_in_rub_names_the_rub_rate_and_the_recycling_fee_estimate(buyer1, car, rules):
    data = _quote(buyer1, quote_body(car, currency="RUB")).json()
    assert data["currency"] == "RUB"
    assert "RUB" in {rate["to"] for rate in data["rates"]}
    assert Decimal(data["total"]["amount"]).as_tuple().exponent == -2
    fee = next(item for item in data["estimates"] if item["kind"] == "recycling_fee")
    # 80 kW = 109 hp: the personal-use rate for a car over 3 years old, RUB 20,000 x 0.26
    assert fee["amount"] == {"amount": "5200.00", "currency": "RUB"} and fee["estimate"] is True
    assert "Vedomosti" in fee["source"]
    assert fee["basis"] == "RUB 20,000 x 0.26 (personal use, up to 160 hp; over 3 years)"  # the API's text: English
    finding = next(f for f in data["findings"] if f["rule"] == "ESTIMATE-RU-RECYCLING-FEE")
    assert finding["effect"] == "info"
    assert finding["citation"]["source"].count("2025-12-01") == 1  # the source ends on its date: not repeated


def test_a_powerful_car_shows_the_power_scale_not_the_personal_rate(buyer1, toyama, freight, rules):
    car = VehicleFactory(yard=toyama, engine_cc=1800, power_kw=150)  # 204 hp
    data = _quote(buyer1, quote_body(car, currency="USD")).json()
    fee = next(item for item in data["estimates"] if item["kind"] == "recycling_fee")
    assert Decimal(fee["amount"]["amount"]) > Decimal("1000000")
    assert "(over 160 hp (204 hp); over 3 years)" in fee["basis"]


def test_the_estimates_basis_reads_in_the_readers_language_on_the_quote_page(client, buyer1, car, rules):
    """The basis lines were English on every page ("personal use, up to 160 hp; over 3 years")."""
    quote = _quote(buyer1, quote_body(car, route=["KZ", "RU"], currency="RUB")).json()
    client.force_login(buyer1)
    client.cookies["django_language"] = "ru"
    page = client.get(f"/orders/quotes/{quote['id']}/").content.decode()
    estimates = page.split('class="estimates"')[1].split("</ul>")[0]
    for english in ("personal use", "commercial rate", "over 3 years", "individual import", "route through"):
        assert english not in estimates
    assert "коммерческая ставка" in estimates and "маршрут через KZ" in estimates and "ввоз физическим лицом" in estimates


def test_a_route_through_kazakhstan_adds_the_eaeu_duty_difference(buyer1, car, rules, freight):
    data = _quote(buyer1, quote_body(car, route=["KZ", "RU"], currency="USD")).json()
    kinds = {item["kind"] for item in data["estimates"]}
    assert {"recycling_fee", "import_duty", "eaeu_duty_difference"} <= kinds


def test_a_port_without_freight_is_a_400_naming_the_port(buyer1, car, rules):
    response = _quote(buyer1, {**quote_body(car), "destination_port": "KEMBA"})
    assert response.status_code == 400
    assert response.json()["code"] == "no_freight_rate" and "KEMBA" in response.json()["detail"]


def test_fob_needs_no_freight_rate(buyer1, car, rules):
    response = _quote(buyer1, {**quote_body(car), "destination_port": "KEMBA", "terms": "FOB", "currency": "USD"})
    assert response.status_code == 201
    line = response.json()["lines"][0]
    assert line["freight"]["amount"] == "0.00" and line["insurance"]["amount"] == "0.00"


def test_a_blocked_vehicle_is_a_400_naming_the_rule(buyer1, toyama, freight, rules):
    big = VehicleFactory(yard=toyama, engine_cc=2500)  # over 1,900 cc: banned for Russia from Japan
    response = _quote(buyer1, quote_body(big))
    assert response.status_code == 400
    assert response.json()["code"] == "vehicle_blocked" and "JP-RU" in response.json()["detail"]


def test_the_quote_is_kept_and_only_its_buyer_and_staff_read_it(buyer1, buyer2, staff, car, rules):
    quote_id = _quote(buyer1, quote_body(car)).json()["id"]
    assert client_for(buyer1).get(f"{URL}{quote_id}/").status_code == 200
    assert client_for(staff).get(f"{URL}{quote_id}/").status_code == 200
    assert client_for(buyer2).get(f"{URL}{quote_id}/").status_code == 404


def test_staff_quote_for_a_named_buyer_and_merchants_cannot_quote(staff, merchant, buyer1, car, rules):
    assert _quote(staff, quote_body(car)).status_code == 400
    assert _quote(staff, quote_body(car, buyer=buyer1.buyer_id)).status_code == 201
    assert _quote(merchant, quote_body(car)).status_code == 403


def test_the_buyers_currency_is_the_default(buyer1, car, rules):
    assert _quote(buyer1, quote_body(car)).json()["currency"] in ("RUB", "USD")
