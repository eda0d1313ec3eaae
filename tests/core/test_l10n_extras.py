"""Numbers, money, units and colours in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from compliance.models import VehicleDecision
from compliance.services import rules_load_defaults, vehicles_check
from inventory.colors import color_label
from tests.factories import MerchantFactory, VehicleFactory, YardFactory

NBSP = "\u00a0"


@pytest.fixture
def new_strings():
    """The shipped catalogues (locale/*/django.mo) hold these strings: nothing to add."""


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", f"12,329{NBSP}USD"), ("ja", f"12,329{NBSP}USD"), ("zh-hans", f"12,329{NBSP}USD"),
    ("ru", f"12{NBSP}329{NBSP}USD"),
])
def test_money_is_grouped_the_readers_way(language, expected):
    assert render("{{ amount|money:'USD' }}", language, amount="12329.00") == expected


def test_money_keeps_the_currencys_decimals_only_when_it_has_some():
    assert render("{{ a|money:'USD' }} {{ b|money:'JPY' }}", "ru", a="1234.5", b="1850000") == \
        f"1{NBSP}234,50{NBSP}USD 1{NBSP}850{NBSP}000{NBSP}JPY"
    assert render("{{ price|money }}", "en", price={"amount": "650000", "currency": "JPY"}) == f"650,000{NBSP}JPY"
    assert render("{{ bad|money:'USD' }}", "en", bad="n/a") == "n/a USD"


def test_django_intcomma_groups_chinese_numbers_too():
    assert render("{% load humanize %}{{ n|intcomma }}", "zh-hans", n=12329) == "12,329"


@pytest.mark.django_db
def test_a_russian_reader_sees_money_grouped_the_russian_way(client):
    rules_load_defaults()
    yard = YardFactory(country="DE")
    vehicle = VehicleFactory(yard=yard, price_amount=9000000, price_currency="JPY", category="M1")
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["RU"])
    check_id = VehicleDecision.objects.get(vehicle=vehicle).check_record_id
    client.force_login(MerchantFactory(yard=yard))
    page = client.get(f"/compliance/checks/{check_id}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"9{NBSP}000{NBSP}000{NBSP}JPY" in page
    detail = client.get(f"/stock/catalog/{vehicle.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"9{NBSP}000{NBSP}000 JPY" in detail  # the catalog's own intcomma, grouped by Django's ru format


def test_common_colours_are_translated_and_free_text_kept(new_strings):
    with translation.override("ja"):
        assert color_label("Pearl White") == "パールホワイト"
        assert color_label("gray") == "グレー"
        assert color_label("Sparkling Black Pearl Crystal Shine") == "Sparkling Black Pearl Crystal Shine"
    with translation.override("ru"):
        assert color_label("silver") == "Серебристый"
    assert color_label("") == ""


def test_units_are_translated(new_strings):
    assert render("{{ n|unit:'km' }}", "ru", n=68000) == f"68{NBSP}000{NBSP}км"
    assert render("{{ n|unit:'km' }} {{ c|unit:'cc' }}", "en", n=68000, c=1797) == f"68,000{NBSP}km 1,797{NBSP}cc"


@pytest.mark.django_db
def test_a_japanese_reader_sees_the_colour_and_units_on_the_vehicle_page(client, new_strings):
    yard = YardFactory(country="JP")
    vehicle = VehicleFactory(yard=yard, color="pearl white", mileage_km=68000, engine_cc=1797)
    client.force_login(MerchantFactory(yard=yard))
    page = client.get(f"/stock/catalog/{vehicle.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"68{NBSP}000{NBSP}км" in page and f"1{NBSP}797{NBSP}см³" in page
    page = client.get(f"/stock/catalog/{vehicle.pk}/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "パールホワイト" in page
