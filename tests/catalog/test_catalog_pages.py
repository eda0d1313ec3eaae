"""The catalog pages: public stock in the buyer's currency, bad filters explained, facet counts and their warm-up."""

import pytest
from django.core.cache import cache

from catalog.filters import CatalogFilterSet
from catalog.selectors import _facet_key, catalog_base, catalog_facets, catalog_facets_warm
from tests.factories import (
    BuyerCompanyFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db


def test_catalog_and_detail_pages_show_public_stock_in_the_buyers_currency(client, vehicle):
    draft = VehicleFactory(yard=vehicle.yard, status="draft")
    response = client.get("/stock/catalog/?currency=USD")
    assert response.status_code == 200
    assert [v.pk for v in response.context["vehicles"]] == [vehicle.pk]
    price = response.context["prices"][vehicle.pk]
    assert price.currency == "USD" and 5000 < price.amount < 15000
    detail = client.get(f"/stock/catalog/{vehicle.pk}/?currency=EUR")
    assert detail.status_code == 200 and "11.83\u00a0m³" in detail.content.decode()
    assert client.get(f"/stock/catalog/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("query", ["year_min=abc", "price_max=1e49", "q=%00", "make=a%00b",
                                   "year_min=abc&page=-1&q=%00&currency=zz"])
def test_the_catalog_page_explains_a_bad_filter_instead_of_failing(client, vehicle, query):
    response = client.get(f"/stock/catalog/?{query}")
    assert response.status_code == 200
    assert response.context["errors"]


def test_facets_count_the_filtered_catalog_in_one_grouped_query(client, yard):
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
    cache.clear()
    BuyerCompanyFactory(country="RU")
    VehicleFactory(yard=yard)
    assert catalog_facets_warm() == 2
    for params in ({}, {"exportable_to": "RU"}):
        queryset = CatalogFilterSet(params, queryset=catalog_base()).qs
        assert cache.get("facets:" + _facet_key(queryset))["make"] == [("Toyota", 1)]
