"""Signals compliance sends. ``decisions_changed`` (``run_id=...``) fires after a re-screen run has
recorded its ``DecisionChange`` rows: the place for open orders to be re-checked once they exist."""

from django.dispatch import Signal

decisions_changed = Signal()

# ``party_flagged`` (``buyer_id=...``) fires after a party screening leaves a buyer with an open hit:
# the place for brokerage to hold its open orders.
party_flagged = Signal()
