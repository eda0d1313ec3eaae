"""The catalog's filter form, submitted exactly as a browser sends it: every field, empty ones included."""

from urllib.parse import urlencode

import pytest

from tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db

# What the form sends with every field left at "Any" (the hidden empty fuel/body_type inputs included).
EVERY_FIELD_ANY = [
    ("q", ""), ("make", ""), ("model", ""), ("year_min", ""), ("year_max", ""), ("price_min", ""), ("price_max", ""),
    ("currency", "USD"), ("mileage_max", ""), ("fuel", ""), ("body_type", ""), ("transmission", ""), ("drive", ""),
    ("steering", ""), ("yard_country", ""), ("exportable_to", ""), ("ordering", "-created"),
]


def submit(client, **chosen):
    """The form's query string with some fields set; several values for a field are a list."""
    pairs = []
    for name, value in EVERY_FIELD_ANY:
        if name in chosen:
            values = chosen[name] if isinstance(chosen[name], list) else [chosen[name]]
            pairs += [(name, v) for v in ([value] if name in ("fuel", "body_type") else []) + values]
        else:
            pairs.append((name, value))
    return client.get("/stock/catalog/?" + urlencode(pairs))


@pytest.fixture
def stock(yard):
    return {
        "prius": VehicleFactory(yard=yard, make="Toyota", model="Prius", fuel="hybrid", body_type="hatchback",
                                year=2015, mileage_km=90000, price_amount=900000, transmission="cvt"),
        "harrier": VehicleFactory(yard=yard, make="Toyota", model="Harrier", fuel="petrol", body_type="suv",
                                  year=2021, mileage_km=30000, price_amount=3200000, drive="4wd"),
        "leaf": VehicleFactory(yard=yard, make="Nissan", model="Leaf", fuel="electric", engine_cc=None,
                               body_type="hatchback", year=2019, mileage_km=50000, price_amount=1400000),
    }


def shown(response):
    assert response.status_code == 200
    assert not response.context["errors"], response.context["errors"]
    return {v.model for v in response.context["vehicles"]}


def test_every_field_at_any_shows_every_car(client, stock):
    response = submit(client)
    assert shown(response) == {"Prius", "Harrier", "Leaf"}
    assert "Select a valid choice" not in response.content.decode()


@pytest.mark.parametrize(("chosen", "expected"), [
    ({"fuel": "hybrid"}, {"Prius"}),
    ({"fuel": ["hybrid", "electric"]}, {"Prius", "Leaf"}),
    ({"body_type": "suv"}, {"Harrier"}),
    ({"body_type": ["suv", "hatchback"], "fuel": "petrol"}, {"Harrier"}),
    ({"make": "toyota"}, {"Prius", "Harrier"}),
    ({"model": "Leaf"}, {"Leaf"}),
    ({"q": "harr"}, {"Harrier"}),
    ({"year_min": "2018", "year_max": "2020"}, {"Leaf"}),
    ({"mileage_max": "60000"}, {"Harrier", "Leaf"}),
    ({"price_min": "1000000", "price_max": "2000000", "currency": "JPY"}, {"Leaf"}),
    ({"transmission": "cvt"}, {"Prius"}),
    ({"drive": "4wd"}, {"Harrier"}),
    ({"steering": "rhd", "yard_country": "JP"}, {"Prius", "Harrier", "Leaf"}),
    ({"steering": "lhd"}, set()),
    ({"exportable_to": "RU", "ordering": "price"}, {"Prius", "Harrier", "Leaf"}),
])
def test_each_filter_narrows_the_cars(client, stock, chosen, expected):
    assert shown(submit(client, **chosen)) == expected


def test_the_form_keeps_the_buyers_choices(client, stock):
    page = submit(client, fuel=["hybrid", "electric"], body_type="hatchback", make="Toyota", year_min="2010",
                  transmission="cvt", ordering="price").content.decode()
    assert 'value="hybrid" checked' in page and 'value="electric" checked' in page
    assert 'value="petrol" checked' not in page
    assert 'value="hatchback" checked' in page and 'value="suv" checked' not in page
    assert 'name="make" value="Toyota"' in page and 'name="year_min" value="2010"' in page
    assert '<option value="cvt" selected>' in page and '<option value="price" selected>' in page


def test_the_api_takes_the_same_any_and_several_values(client, stock):
    everything = client.get("/api/v1/vehicles/?fuel=&body_type=&steering=")
    assert everything.status_code == 200 and everything.json()["count"] == 3
    two = client.get("/api/v1/vehicles/?fuel=&fuel=hybrid&fuel=electric")
    assert {v["model"] for v in two.json()["results"]} == {"Prius", "Leaf"}
    bad = client.get("/api/v1/vehicles/?fuel=coal")
    assert bad.status_code == 400 and "fuel" in bad.json()["errors"]
