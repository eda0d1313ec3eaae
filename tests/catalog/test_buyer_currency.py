"""Prices in the buyer's currency: only currencies with a current rate, the country's by default, rates named."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from core import rates
from core.codes import RETIRED_CURRENCIES
from core.models import ExchangeRate
from tests.factories import BuyerFactory, VehicleFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def kzt_today():
    return ExchangeRate.objects.create(currency="KZT", date=TODAY, units_per_eur=Decimal("585"), source="staff",
                                       valid_until=TODAY + dt.timedelta(days=7))


def offered(page: str) -> list[str]:
    select = re.search(r'<select name="currency">(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([A-Z]{3})</option>", select)


def test_a_buyer_in_almaty_sees_kzt_at_todays_staff_rate_by_default(client, vehicle, kzt_today):
    buyer = BuyerFactory(buyer__country="KZ", buyer__city="Almaty")
    client.force_login(buyer)
    response = client.get("/stock/catalog/?exportable_to=any")
    price = response.context["prices"][vehicle.pk]
    assert response.context["currency"] == "KZT" and price.currency == "KZT"
    jpy = rates.rate_table()["JPY"].units_per_eur
    assert price.amount == (Decimal("1250000") / jpy * 585).quantize(Decimal("0.01"))
    page = html.unescape(response.content.decode())
    assert f"1 EUR = 585 KZT, broker's rate of {TODAY.isoformat()}" in page
    assert "ECB rate of" in page  # the JPY side of the conversion is named too
    detail = html.unescape(client.get(f"/stock/catalog/{vehicle.pk}/").content.decode())
    assert f"1 EUR = 585 KZT, broker's rate of {TODAY.isoformat()}" in detail


def test_without_a_current_rate_for_their_currency_a_buyer_gets_usd(client, vehicle):
    ExchangeRate.objects.create(currency="KZT", date=TODAY - dt.timedelta(days=40), units_per_eur=Decimal("560"),
                                source="staff")  # expired long ago
    client.force_login(BuyerFactory(buyer__country="KZ"))
    response = client.get("/stock/catalog/")
    assert response.context["currency"] == "USD"
    assert "KZT" not in offered(response.content.decode())


def test_the_currency_list_offers_only_current_currencies(client, vehicle, kzt_today):
    page = client.get("/stock/catalog/").content.decode()
    currencies = offered(page)
    assert {"USD", "EUR", "JPY", "CNY", "KZT"} <= set(currencies)
    assert not RETIRED_CURRENCIES & set(currencies)
    assert "RUB" not in currencies  # the ECB stopped in 2022 and no staff rate is current
    assert currencies == rates.current_currencies()


def test_asking_for_a_currency_without_a_current_rate_says_so(client, vehicle):
    response = client.get("/stock/catalog/?currency=EEK")
    assert response.context["currency"] == "USD"
    assert response.context["prices"][vehicle.pk].currency == "USD"
    assert "There is no current exchange rate for EEK, so prices are shown in USD." in response.content.decode()
    detail = client.get(f"/stock/catalog/{vehicle.pk}/?currency=LTL").content.decode()
    assert "There is no current exchange rate for LTL" in detail


def test_a_price_filter_in_a_currency_without_a_current_rate_is_a_400_naming_currency(client, vehicle):
    response = client.get("/api/v1/vehicles/?price_max=1000&currency=EEK")
    assert response.status_code == 400 and "currency" in response.json()["errors"]


def test_a_saved_preference_wins_over_the_country(client, vehicle, kzt_today):
    client.force_login(BuyerFactory(buyer__country="KZ", preferred_currency="EUR"))
    assert client.get("/stock/catalog/").context["currency"] == "EUR"


@pytest.mark.parametrize(("country", "current", "expected"), [
    ("KZ", {"USD", "KZT"}, "KZT"), ("RU", {"USD", "RUB"}, "RUB"), ("RU", {"USD", "EUR"}, "USD"),
    ("JP", {"USD", "JPY"}, "JPY"), (None, {"USD", "JPY"}, "USD"), ("XK", {"USD", "EUR"}, "EUR"),
])
def test_the_default_currency_is_the_countrys_when_it_has_a_current_rate(country, current, expected):
    assert rates.default_currency(country, current) == expected


def test_new_users_have_no_fixed_currency():
    assert User().preferred_currency == ""


@override_settings(DEBUG=True)
def test_seed_demo_gives_buyer2_in_almaty_kzt_at_a_staff_rate_dated_today(client):
    call_command("seed_demo", "--no-photos")
    kzt = ExchangeRate.objects.get(currency="KZT", source="staff", date=TODAY)
    assert kzt.valid_until > TODAY
    assert {"RUB", "KZT", "KGS", "AED", "KES", "TZS"} <= set(rates.current_currencies())
    assert ExchangeRate.objects.filter(source="ecb", date__lt=dt.date(2016, 1, 1)).exists()  # the history is kept
    yard = User.objects.get(username="merchant1").yard
    car = VehicleFactory(yard=yard, make="Toyota", model="Aqua", chassis_no="NHP10-1234567")
    buyer2 = User.objects.get(username="buyer2")
    assert buyer2.preferred_currency == ""
    client.force_login(buyer2)
    response = client.get("/stock/catalog/?exportable_to=any&q=aqua")
    assert response.context["currency"] == "KZT"
    assert response.context["prices"][car.pk].currency == "KZT"
    assert f"1 EUR = {kzt.units_per_eur.normalize():f} KZT, broker's rate of {TODAY.isoformat()}" in \
        html.unescape(response.content.decode())
