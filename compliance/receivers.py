"""Compliance listens to inventory: every created or changed vehicle is checked by a worker.

``vehicles_changed`` arrives inside the transaction that changed the vehicles: the checks owed are
recorded in it (``core.outbox``) and sent once it commits, so a broker outage or a crash right after the
commit cannot leave a listed car unchecked (the sweeper sends them again; see also ``sweeps.py``).
"""

from django.dispatch import receiver

from compliance.services.checks import vehicles_check_enqueue
from inventory.signals import vehicles_changed


@receiver(vehicles_changed, dispatch_uid="compliance-check-changed-vehicles")
def check_changed_vehicles(sender, vehicle_ids, **kwargs):
    vehicles_check_enqueue(vehicle_ids=vehicle_ids)
