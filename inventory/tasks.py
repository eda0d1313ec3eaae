"""Inventory background work. Each task loads by id, calls one service and is safe to run twice."""

from celery import shared_task
from django.db import DatabaseError

from inventory import photos
from inventory.models import VehiclePhoto

# --- Photos -------------------------------------------------------------------------------------


@shared_task(autoretry_for=(OSError, DatabaseError), retry_backoff=True, max_retries=5)
def photo_process(photo_id: int) -> str:
    """Web version and thumbnail of an uploaded photo (storage or database hiccups are retried)."""
    photo = VehiclePhoto.objects.select_related("vehicle").filter(pk=photo_id).first()
    if photo is None:  # deleted before a worker got to it
        return "gone"
    return photos.photo_process(photo).state
