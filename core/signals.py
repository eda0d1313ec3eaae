"""Signals core sends; the apps above receive them in their ``receivers.py``.

``exchange_rate_added(currency=...)``: staff (or the daily ECB fetch) stored a new rate for
``currency``, after the commit. Inventory re-expresses catalog prices in that currency.
"""

from django.dispatch import Signal

exchange_rate_added = Signal()
