"""Photo additions, removals and reordering are recorded (VehicleEvent) and shown on the car's history page."""

import pytest

from inventory.models import VehicleEvent
from inventory.services import photos
from tests.conftest import client_for
from tests.factories import VehicleFactory
from tests.inventory.photos.conftest import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def history_html(client, user, vehicle) -> str:
    client.force_login(user)
    response = client.get(f"/stock/{vehicle.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def test_photo_additions_removals_and_reordering_are_in_the_timeline(client, merchant, yard):
    car = VehicleFactory(yard=yard)
    first = photos.photo_add(vehicle=car, user=merchant, upload=upload(jpeg_bytes()))
    second = photos.photo_add(vehicle=car, user=merchant, upload=upload(jpeg_bytes(color=(0, 90, 200))))
    photos.photo_reorder(vehicle=car, ordered_ids=[second.pk, first.pk], user=merchant)
    photos.photo_delete(photo=first, user=merchant)
    kinds = list(VehicleEvent.objects.filter(vehicle=car).order_by("at", "id").values_list("kind", "actor"))
    assert kinds == [("photo_added", merchant.pk), ("photo_added", merchant.pk),
                     ("photos_reordered", merchant.pk), ("photo_removed", merchant.pk)]
    html = history_html(client, merchant, car)
    assert html.count("Photo added") == 2 and "Photos reordered" in html and "Photo removed" in html
    assert f"#{second.pk}, #{first.pk}" in html


def test_the_photo_api_records_who_did_it(merchant, vehicle):
    response = client_for(merchant).post(f"/api/v1/vehicles/{vehicle.pk}/photos/", {"image": upload(jpeg_bytes())},
                                         format="multipart")
    client_for(merchant).delete(f"/api/v1/vehicles/{vehicle.pk}/photos/{response.json()['id']}/")
    assert list(vehicle.events.order_by("id").values_list("kind", "actor")) == [
        ("photo_added", merchant.pk), ("photo_removed", merchant.pk)]
