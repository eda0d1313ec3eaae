"""The photo API: who may add, delete and order a vehicle's photos, and its schema."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from inventory.models import VehiclePhoto
from tests.conftest import client_for
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory
from tests.inventory.photos.conftest import add_ready_photo, jpeg_bytes, photos_url, upload


@pytest.mark.django_db
class TestUploadPermissions:
    def test_the_owning_yards_merchant_adds_a_photo_whose_urls_serve_at_once(
            self, merchant, vehicle, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            response = client_for(merchant).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                 format="multipart")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) >= {"id", "url", "thumbnail_url", "state"}
        assert body["state"] == "ready"
        assert body["url"] == reverse("inventory:photo", args=[body["id"], "web"])
        assert body["thumbnail_url"] == reverse("inventory:photo", args=[body["id"], "thumb"])
        assert not callbacks  # rendered during the upload: no worker needed
        for url in (body["url"], body["thumbnail_url"]):  # immediately, no waiting: never a URL that 404s
            served = client_for(merchant).get(url)
            assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"

    def test_broker_staff_add_a_photo_to_any_yards_vehicle(self, vehicle):
        response = client_for(StaffFactory()).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                   format="multipart")
        assert response.status_code == 201

    def test_it_rejects_other_merchants_vehicle_as_not_found(self, vehicle):
        other = MerchantFactory(yard=YardFactory())
        response = client_for(other).post(photos_url(vehicle), {"image": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 404
        assert not VehiclePhoto.objects.exists()

    def test_a_buyer_cannot_add_photos(self, vehicle):
        response = client_for(BuyerFactory()).post(photos_url(vehicle), {"image": upload(jpeg_bytes())},
                                                   format="multipart")
        assert response.status_code in (403, 404)
        assert not VehiclePhoto.objects.exists()

    def test_anonymous_callers_must_sign_in(self, api_client, vehicle):
        response = api_client.post(photos_url(vehicle), {"image": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 401
        assert not VehiclePhoto.objects.exists()

    def test_a_missing_image_field_is_a_clear_400(self, merchant, vehicle):
        response = client_for(merchant).post(photos_url(vehicle), {"file": upload(jpeg_bytes())}, format="multipart")
        assert response.status_code == 400
        assert "image" in response.json()["errors"]


@pytest.mark.django_db
class TestDeleteAndOrderPermissions:
    @pytest.fixture
    def photo(self, vehicle, merchant):
        return add_ready_photo(vehicle, merchant)

    def detail_url(self, photo):
        return f"/api/v1/vehicles/{photo.vehicle_id}/photos/{photo.pk}/"

    def order_url(self, vehicle):
        return f"/api/v1/vehicles/{vehicle.pk}/photos/order/"

    def test_the_owner_deletes_a_photo_and_its_files(self, merchant, photo, django_capture_on_commit_callbacks):
        names = [photo.original.name, photo.web.name, photo.thumbnail.name]
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(merchant).delete(self.detail_url(photo))
        assert response.status_code == 204
        assert not VehiclePhoto.objects.filter(pk=photo.pk).exists()
        assert not any(default_storage.exists(name) for name in names)

    @pytest.mark.parametrize("who", ["other_merchant", "buyer"])
    def test_others_cannot_delete_or_order(self, who, photo, vehicle):
        user = MerchantFactory(yard=YardFactory()) if who == "other_merchant" else BuyerFactory()
        client = client_for(user)
        assert client.delete(self.detail_url(photo)).status_code == 404
        response = client.post(self.order_url(vehicle), {"ids": [photo.pk]}, format="json")
        assert response.status_code == 404
        assert VehiclePhoto.objects.filter(pk=photo.pk).exists()

    def test_anonymous_cannot_delete_or_order(self, api_client, photo, vehicle):
        assert api_client.delete(self.detail_url(photo)).status_code == 401
        assert api_client.post(self.order_url(vehicle), {"ids": [photo.pk]}, format="json").status_code == 401

    def test_a_photo_of_another_vehicle_is_not_found(self, merchant, photo, yard):
        other_vehicle = VehicleFactory(yard=yard)
        response = client_for(merchant).delete(f"/api/v1/vehicles/{other_vehicle.pk}/photos/{photo.pk}/")
        assert response.status_code == 404

    def test_the_owner_orders_photos_and_chooses_the_main_one(self, merchant, vehicle, photo):
        second, third = add_ready_photo(vehicle, merchant), add_ready_photo(vehicle, merchant)
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [third.pk, second.pk, photo.pk],
                                                                      "main": second.pk}, format="json")
        assert response.status_code == 200, response.content
        result = response.json()["photos"]
        assert [p["id"] for p in result] == [second.pk, third.pk, photo.pk]  # main first, then by position
        assert [p["is_main"] for p in result] == [True, False, False]
        assert VehiclePhoto.objects.get(pk=third.pk).position == 0

    def test_ordering_with_a_foreign_photo_is_refused(self, merchant, vehicle, photo):
        foreign = add_ready_photo(VehicleFactory(yard=YardFactory()))
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [foreign.pk, photo.pk]}, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "unknown_photo"

    def test_ordering_with_duplicates_is_refused(self, merchant, vehicle, photo):
        response = client_for(merchant).post(self.order_url(vehicle), {"ids": [photo.pk, photo.pk]}, format="json")
        assert response.status_code == 400

    def test_the_owner_lists_photos_with_their_state(self, merchant, vehicle, photo):
        response = client_for(merchant).get(photos_url(vehicle))
        assert response.status_code == 200
        assert response.json()[0]["state"] == "ready"
        assert client_for(BuyerFactory()).get(photos_url(vehicle)).status_code == 404


@pytest.mark.django_db
def test_the_api_schema_documents_the_photo_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/vehicles/{id}/photos/" in text
    assert "/api/v1/vehicles/{id}/photos/order/" in text
