"""Signals accounts sends; the apps above receive them in their ``receivers.py``.

``buyer_approval_decided(buyer_id=..., status=...)``: staff approved or rejected a registered buyer
(``status`` is ``"approved"`` or ``"rejected"``). Sent inside the transaction that records the decision,
so a receiver that owes work records it (``core.outbox``) in the same transaction. Notifications tells
the buyer's users, in the app and by e-mail.
"""

from django.dispatch import Signal

buyer_approval_decided = Signal()
