"""Compliance listens to inventory: every created or changed vehicle is checked by a worker."""

from django.db import transaction
from django.dispatch import receiver

from compliance.tasks import check_vehicles
from inventory.signals import vehicles_changed

BATCH = 500


@receiver(vehicles_changed, dispatch_uid="compliance-check-changed-vehicles")
def check_changed_vehicles(sender, vehicle_ids, **kwargs):
    ids = sorted({int(pk) for pk in vehicle_ids})
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        transaction.on_commit(lambda batch=batch: check_vehicles.delay(batch))
