"""One rule for pages and API: an available car is in the public catalog once it has a processed photo."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from catalog.selectors import catalog_base, catalog_facets, home_context
from inventory.models import Vehicle
from inventory.services import photos
from tests.conftest import client_for
from tests.factories import VehicleFactory
from tests.inventory.photos.conftest import add_ready_photo, jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare(yard):
    """An available car whose merchant has not added a photo yet."""
    return VehicleFactory(yard=yard, status="available", photo_count=0, make="Honda", model="Vezel",
                          chassis_no="RU3-1234567")


def in_catalog(client, vehicle) -> dict[str, bool]:
    cache.clear()
    page = client.get("/stock/catalog/?exportable_to=any")
    api = client.get("/api/v1/vehicles/")
    return {
        "page": vehicle.pk in {v.pk for v in page.context["vehicles"]},
        "api": vehicle.pk in {v["id"] for v in api.json()["results"]},
        "facets": ("Honda", 1) in catalog_facets(catalog_base())["make"],
        "count": home_context(None)["vehicles_available"] == 1,
        "detail": client.get(f"/stock/catalog/{vehicle.pk}/").status_code == 200,
        "api_detail": client.get(f"/api/v1/vehicles/{vehicle.pk}/").status_code == 200,
    }


def test_a_car_without_a_photo_is_nowhere_in_the_public_catalog(client, bare):
    assert in_catalog(client, bare) == dict.fromkeys(["page", "api", "facets", "count", "detail", "api_detail"],
                                                     False)
    assert Vehicle.objects.get(pk=bare.pk).status == "available"  # its status is unchanged


def test_a_processed_photo_brings_it_in_and_deleting_it_takes_it_out(client, bare, merchant):
    waiting = photos.photo_add(vehicle=bare, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
    assert Vehicle.objects.get(pk=bare.pk).photo_count == 0  # still processing: not yet
    photo = photos.photo_process(waiting)
    assert Vehicle.objects.get(pk=bare.pk).photo_count == 1
    assert all(in_catalog(client, bare).values())
    photos.photo_delete(photo=photo)
    assert Vehicle.objects.get(pk=bare.pk).photo_count == 0
    assert not any(in_catalog(client, bare).values())


@override_settings(CATALOG_MIN_PHOTOS=2)
def test_the_minimum_is_a_setting(client, bare):
    add_ready_photo(bare)
    assert not in_catalog(client, bare)["page"]
    add_ready_photo(bare)
    assert Vehicle.objects.get(pk=bare.pk).photo_count == 2
    assert in_catalog(client, bare)["page"]


def test_its_merchant_sees_why_it_is_not_in_the_catalog(client, bare, merchant):
    client.force_login(merchant)
    stock = client.get("/stock/mine/").content.decode()
    assert "Not in the catalog yet: add a photo" in stock
    edit = client.get(f"/stock/{bare.pk}/edit/").content.decode()
    assert "Not in the catalog yet: add a photo" in edit
    assert client.get(f"/stock/catalog/{bare.pk}/").status_code == 200  # the merchant's own preview still works
    add_ready_photo(bare)
    assert "Not in the catalog yet" not in client.get("/stock/mine/").content.decode()
    assert "Not in the catalog yet" not in client.get(f"/stock/{bare.pk}/edit/").content.decode()


def test_the_listing_form_says_a_photo_is_needed(client, merchant):
    client.force_login(merchant)
    assert "shows in the catalog once it has a processed photo" in client.get("/stock/new/").content.decode()


def test_the_api_tells_its_merchant_why_a_car_is_not_in_the_catalog(bare, merchant):
    body = client_for(merchant).get(f"/api/v1/vehicles/{bare.pk}/").json()
    assert (body["status"], body["photo_count"], body["in_catalog"]) == ("available", 0, False)
    add_ready_photo(bare)
    body = client_for(merchant).get(f"/api/v1/vehicles/{bare.pk}/").json()
    assert (body["photo_count"], body["in_catalog"]) == (1, True)


def test_a_photo_uploaded_through_the_api_is_ready_and_brings_the_car_in_at_once(client, bare, merchant):
    response = client_for(merchant).post(f"/api/v1/vehicles/{bare.pk}/photos/",
                                         {"image": upload(jpeg_bytes())}, format="multipart")
    assert response.status_code == 201 and response.json()["state"] == "ready"
    assert Vehicle.objects.get(pk=bare.pk).photo_count == 1
    assert all(in_catalog(client, bare).values())
