"""Compliance listens to inventory and accounts.

``vehicles_changed`` arrives inside the transaction that changed the vehicles: the checks owed are
recorded in it (``core.outbox``) and sent once it commits, so a broker outage or a crash right after the
commit cannot leave a listed car unchecked (the sweeper sends them again; see also ``sweeps.py``).
A buyer created or changed owes the screening of its parties the same way.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import BuyerCompany
from compliance.services.checks import vehicles_check_enqueue
from compliance.services.parties import buyer_screen_enqueue
from inventory.signals import vehicles_changed


@receiver(vehicles_changed, dispatch_uid="compliance-check-changed-vehicles")
def check_changed_vehicles(sender, vehicle_ids, **kwargs):
    vehicles_check_enqueue(vehicle_ids=vehicle_ids)


@receiver(post_save, sender=BuyerCompany, dispatch_uid="compliance-screen-saved-buyer")
def screen_saved_buyer(sender, instance, raw=False, **kwargs):
    if not raw:
        buyer_screen_enqueue(buyer_id=instance.pk)
