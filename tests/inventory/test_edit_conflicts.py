"""Two people edit one car on the edit page: the later save is refused and says what the other changed."""

import pytest
from django.test import Client

from inventory import services
from inventory.models import Vehicle
from tests.factories import MerchantFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def opened_form(user, vehicle) -> tuple[Client, dict]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/stock/{vehicle.pk}/edit/")
    assert response.status_code == 200
    return client, form_data(response.content.decode(), having="chassis_no")


def test_the_edit_form_carries_the_version(merchant, vehicle):
    _client, data = opened_form(merchant, vehicle)
    assert data["version"] == "1"
    assert {"make", "price_amount", "price_currency", "description", "color"} <= set(data)


def test_saving_over_someone_elses_change_is_refused_with_what_they_changed(merchant, vehicle):
    colleague = MerchantFactory(yard=merchant.yard, username="kenji")
    mine, my_form = opened_form(merchant, vehicle)
    theirs, their_form = opened_form(colleague, vehicle)
    assert theirs.post(f"/stock/{vehicle.pk}/edit/", {**their_form, "color": "pearl white",
                                                      "price_amount": "1190000"}).status_code == 302

    response = mine.post(f"/stock/{vehicle.pk}/edit/", {**my_form, "mileage_km": "70000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this car" in html
    assert "pearl white" in html and "kenji" in html
    assert "¥1,250,000 → ¥1,190,000" in html  # their price change, formatted with its currency
    saved = Vehicle.objects.get(pk=vehicle.pk)
    assert (saved.color, saved.price_amount, saved.mileage_km) == ("pearl white", 1190000, vehicle.mileage_km)

    # The form kept the merchant's entries and now carries the new version: saving again is a decision.
    again = form_data(html, having="chassis_no")
    assert again["version"] == "2" and again["mileage_km"] == "70000"
    assert mine.post(f"/stock/{vehicle.pk}/edit/", again).status_code == 302
    assert Vehicle.objects.get(pk=vehicle.pk).mileage_km == 70000


def test_a_form_saved_without_interference_goes_through(merchant, vehicle):
    client, data = opened_form(merchant, vehicle)
    response = client.post(f"/stock/{vehicle.pk}/edit/", {**data, "color": "black"})
    assert response.status_code == 302
    saved = Vehicle.objects.get(pk=vehicle.pk)
    assert (saved.color, saved.version) == ("black", 2)


def test_a_change_through_the_api_meanwhile_is_caught_too(merchant, vehicle):
    client, data = opened_form(merchant, vehicle)
    services.vehicle_update(vehicle=vehicle, user=None, data={"status": "withdrawn"})
    response = client.post(f"/stock/{vehicle.pk}/edit/", {**data, "color": "black"})
    assert "Someone else saved this car" in response.content.decode()
    assert Vehicle.objects.get(pk=vehicle.pk).color != "black"
