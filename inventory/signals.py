"""Inventory emits one signal when a vehicle's facts change; compliance listens and re-checks it."""

from django.dispatch import Signal

# sent with vehicle_ids=[...] inside the transaction that changes them: a receiver that owes work records it
# in that transaction (core.outbox.outbox_enqueue, sent once committed), so a commit never loses it
vehicles_changed = Signal()
