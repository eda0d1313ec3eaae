"""A photo's processing is owed with its upload and leased while a worker makes its versions."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.leases import lease_claim
from core.models import Outbox
from inventory.models import VehiclePhoto
from inventory.services import photos
from tests.inventory.photos.conftest import jpeg_bytes, upload


def expire(photo):
    VehiclePhoto.objects.filter(pk=photo.pk).update(lease_expires=timezone.now() - dt.timedelta(seconds=1))


@pytest.mark.django_db
def test_an_upload_owes_its_processing_in_the_same_transaction(vehicle, merchant, monkeypatch):
    monkeypatch.setattr(photos, "_store_rendered", lambda *args: None)  # the storage failed: a worker must do it
    with pytest.raises(RuntimeError), transaction.atomic():
        photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()))
        raise RuntimeError("the request failed after the upload")
    assert not Outbox.objects.exists()
    photo = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()))
    assert list(Outbox.objects.values_list("task", "args")) == [("inventory.tasks.photo_process", [photo.pk])]


@pytest.mark.django_db
def test_a_photo_held_by_a_live_worker_is_left_alone_and_a_dead_workers_photo_is_processed(vehicle, merchant):
    photo = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
    assert lease_claim(photos.PHOTO_LEASE, photo.pk, owner="other:1")
    assert photos.photo_process(photo).state == "processing"  # a redelivered message finds it leased

    expire(photo)
    assert photos.photos_stuck_count() == 1
    assert photos.photos_leases_sweep() == 1
    assert Outbox.objects.filter(task="inventory.tasks.photo_process", args=[photo.pk]).exists()
    done = photos.photo_process(VehiclePhoto.objects.get(pk=photo.pk))
    assert (done.state, VehiclePhoto.objects.get(pk=photo.pk).lease_owner) == ("ready", "")


@pytest.mark.django_db
@override_settings(JOB_MAX_ATTEMPTS=1)
def test_a_photo_that_kills_its_workers_ends_failed_and_another_becomes_main(vehicle, merchant):
    first = photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()), enqueue=False)
    second = photos.photo_process(photos.photo_add(vehicle=vehicle, user=merchant, upload=upload(jpeg_bytes()),
                                                   enqueue=False))
    assert lease_claim(photos.PHOTO_LEASE, first.pk, owner="dead:1")
    expire(first)
    assert photos.photos_leases_sweep() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.is_main, second.is_main) == ("failed", False, True)
