"""Inventory emits one signal when a vehicle's facts change; compliance listens and re-checks it."""

from django.dispatch import Signal

# sent with vehicle_ids=[...] after the change is committed
vehicles_changed = Signal()
