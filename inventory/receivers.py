"""Inventory's reactions to signals of the apps below it."""

from django.dispatch import receiver

from core.signals import exchange_rate_added
from inventory.services import vehicle_prices_refresh


@receiver(exchange_rate_added, dispatch_uid="inventory-reprice-on-new-rate")
def reprice_on_new_rate(sender, currency, **kwargs):
    """Catalog prices in ``currency`` re-expressed in EUR at the new rate (one UPDATE)."""
    vehicle_prices_refresh(currency)
