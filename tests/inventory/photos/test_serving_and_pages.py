"""Private photo serving (who sees which photo, safe headers, caching) and the merchant's photo manager pages."""

import pytest
from django.urls import reverse

from inventory.models import VehiclePhoto
from inventory.services import photos
from tests.factories import BuyerFactory, MerchantFactory, StaffFactory, VehicleFactory, YardFactory
from tests.inventory.photos.conftest import add_ready_photo, jpeg_bytes, png_bytes, upload


@pytest.mark.django_db
class TestServing:
    def get(self, client, photo, size="web"):
        return client.get(reverse("inventory:photo", args=[photo.pk, size]))

    def test_anyone_sees_photos_of_public_stock_with_safe_headers(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        response = self.get(client, photo)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        thumb = self.get(client, photo, "thumb")
        assert thumb.status_code == 200

    def test_a_drafts_photo_is_hidden_from_everyone_but_its_yard_and_staff(self, client, yard, merchant):
        draft = VehicleFactory(yard=yard, status="draft")
        photo = add_ready_photo(draft)
        assert self.get(client, photo).status_code == 404
        for outsider in (BuyerFactory(), MerchantFactory(yard=YardFactory())):
            client.force_login(outsider)
            assert self.get(client, photo).status_code == 404
        for insider in (merchant, StaffFactory()):
            client.force_login(insider)
            response = self.get(client, photo)
            assert response.status_code == 200
            assert "private" in response["Cache-Control"]

    def test_the_original_is_never_served(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        for size in ("original", "orig", "../original", "full"):
            assert client.get(f"/stock/photos/{photo.pk}/{size}/").status_code == 404

    def test_a_photo_still_processing_is_not_found(self, client, vehicle):
        photo = photos.photo_add(vehicle=vehicle, user=None, upload=upload(jpeg_bytes()), enqueue=False)
        assert self.get(client, photo).status_code == 404

    def test_an_unknown_photo_is_not_found(self, client):
        assert client.get(reverse("inventory:photo", args=[987654, "web"])).status_code == 404

    def test_a_repeat_request_with_the_etag_gets_304(self, client, vehicle):
        photo = add_ready_photo(vehicle)
        etag = self.get(client, photo)["ETag"]
        again = client.get(reverse("inventory:photo", args=[photo.pk, "web"]), headers={"if-none-match": etag})
        assert again.status_code == 304


@pytest.mark.django_db
class TestPhotoManagerPages:
    htmx = {"HX-Request": "true"}

    def test_the_partial_offers_camera_multiple_files_and_the_accepted_types(self, client, merchant, vehicle):
        client.force_login(merchant)
        response = client.get(reverse("inventory:photo_manager", args=[vehicle.pk]), headers=self.htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'capture="environment"' in html and "multiple" in html
        assert 'accept="image/jpeg,image/png,image/webp"' in html
        assert "js/photos.js" in html

    def test_uploading_several_files_keeps_the_good_ones_and_explains_the_bad(self, client, merchant, vehicle):
        client.force_login(merchant)
        files = [upload(jpeg_bytes(), "front.jpg"), upload(b"not an image", "notes.jpg"),
                 upload(png_bytes(), "side.png")]
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]), {"images": files},
                               headers=self.htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert VehiclePhoto.objects.filter(vehicle=vehicle).count() == 2
        assert "notes.jpg" in html and "not a JPEG, PNG or WebP" in html
        assert "every 2s" not in html  # rendered during the upload: ready at once, nothing to poll for
        assert VehiclePhoto.objects.filter(vehicle=vehicle, state="ready").count() == 2

    def test_the_grid_stops_polling_when_every_photo_is_ready(self, client, merchant, vehicle):
        add_ready_photo(vehicle)
        client.force_login(merchant)
        html = client.get(reverse("inventory:photo_manager", args=[vehicle.pk]), headers=self.htmx).content.decode()
        assert "every 2s" not in html
        assert "Main photo" in html

    def test_a_plain_form_post_redirects_back_to_the_edit_page(self, client, merchant, vehicle):
        client.force_login(merchant)
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]),
                               {"images": [upload(jpeg_bytes())]})
        assert response.status_code == 302
        assert response["Location"] == reverse("inventory:vehicle_edit", args=[vehicle.pk])

    def test_move_set_main_and_delete(self, client, merchant, vehicle):
        a, b, c = (add_ready_photo(vehicle) for _ in range(3))
        client.force_login(merchant)
        client.post(reverse("inventory:photo_move", args=[vehicle.pk, c.pk]), {"direction": "left"}, headers=self.htmx)
        assert [p.pk for p in photos.photos_in_order(vehicle.pk)] == [a.pk, c.pk, b.pk]
        client.post(reverse("inventory:photo_set_main", args=[vehicle.pk, b.pk]), headers=self.htmx)
        assert photos.photos_in_order(vehicle.pk)[0].pk == b.pk
        response = client.post(reverse("inventory:photo_delete", args=[vehicle.pk, b.pk]), headers=self.htmx)
        assert response.status_code == 200
        assert [p.pk for p in photos.photos_in_order(vehicle.pk)] == [a.pk, c.pk]
        assert VehiclePhoto.objects.get(pk=a.pk).is_main

    @pytest.mark.parametrize("who", ["other_merchant", "buyer"])
    def test_others_get_404_on_every_manager_page(self, client, vehicle, who):
        photo = add_ready_photo(vehicle)
        client.force_login(MerchantFactory(yard=YardFactory()) if who == "other_merchant" else BuyerFactory())
        urls = [
            ("get", reverse("inventory:photo_manager", args=[vehicle.pk])),
            ("post", reverse("inventory:photo_upload", args=[vehicle.pk])),
            ("post", reverse("inventory:photo_set_main", args=[vehicle.pk, photo.pk])),
            ("post", reverse("inventory:photo_move", args=[vehicle.pk, photo.pk])),
            ("post", reverse("inventory:photo_delete", args=[vehicle.pk, photo.pk])),
        ]
        for method, url in urls:
            assert getattr(client, method)(url, headers=self.htmx).status_code == 404, url
        assert VehiclePhoto.objects.filter(pk=photo.pk).exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, vehicle):
        response = client.post(reverse("inventory:photo_upload", args=[vehicle.pk]))
        assert response.status_code == 302
        assert "login" in response["Location"]
