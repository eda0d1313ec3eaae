"""Signals brokerage declares for apps above it (receivers live in the upper app's receivers.py).

``order_placed(order_id)``: a reservation was committed (documents: make the proforma).
``order_paid(order_id)``: an order was paid in full.
"""

from django.dispatch import Signal

order_placed = Signal()
order_paid = Signal()
