"""Signals documents declares for the owner apps above it (receivers live in the owner app's receivers.py).

``document_ready(document_id, kind, content_type_id, object_id)``: a paper was rendered and stored. Sent inside
the transaction that makes it ready, so a receiver's writes commit with it (a receiver must not raise): brokerage
moves an order to ``proforma_issued`` when its proforma is.
"""

from django.dispatch import Signal

document_ready = Signal()
