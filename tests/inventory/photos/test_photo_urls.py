"""Never a URL that 404s: photo URLs appear (upload answer, photo list, vehicle resource) only once they serve."""

import pytest

from inventory.services import photos
from tests.conftest import client_for
from tests.inventory.photos.conftest import add_ready_photo, jpeg_bytes, photos_url, upload

pytestmark = pytest.mark.django_db


def test_every_url_the_api_gives_serves_at_once(merchant, vehicle):
    client = client_for(merchant)
    created = client.post(photos_url(vehicle), {"image": upload(jpeg_bytes((4000, 3000)))}, format="multipart")
    assert created.status_code == 201
    listed = client.get(photos_url(vehicle)).json()
    resource = client.get(f"/api/v1/vehicles/{vehicle.pk}/").json()["photos"]
    urls = [created.json()["url"], created.json()["thumbnail_url"]]
    urls += [item[key] for item in listed + resource for key in ("url", "thumbnail_url")]
    assert len(urls) == 6 and all(urls)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_photo_still_processing_has_no_urls_and_is_not_in_the_vehicle_resource(merchant, vehicle):
    ready = add_ready_photo(vehicle, merchant)
    waiting = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
    client = client_for(merchant)
    listed = {item["id"]: item for item in client.get(photos_url(vehicle)).json()}
    assert (listed[waiting.pk]["state"], listed[waiting.pk]["url"], listed[waiting.pk]["thumbnail_url"]) == (
        "processing", None, None)
    after_update = client.patch(f"/api/v1/vehicles/{vehicle.pk}/", {"color": "red"}, format="json").json()
    for body in (client.get(f"/api/v1/vehicles/{vehicle.pk}/").json(), after_update):
        assert [item["id"] for item in body["photos"]] == [ready.pk]
