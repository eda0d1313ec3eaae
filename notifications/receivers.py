"""Notifications listens to accounts: a buyer whose registration staff decided is told (in the app, by e-mail).

The telling is owed work: it is recorded (``core.outbox``) in the transaction that records the decision,
and a worker sends it (``tasks.buyer_decision_notify``), again after a broker outage if need be.
"""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from accounts.signals import buyer_approval_decided
from core.outbox import outbox_enqueue
from notifications.messages import message_register

BUYER_APPROVED = "accounts.buyer_approved"
BUYER_REJECTED = "accounts.buyer_rejected"

message_register(BUYER_APPROVED, title=_("Your buyer account is approved"),
                 body=_("%(name)s may now ask for quotes and place orders."))
message_register(BUYER_REJECTED, title=_("Your buyer account was not approved"),
                 body=_("%(name)s was not approved. Reason: %(reason)s"))


@receiver(buyer_approval_decided, dispatch_uid="notifications-tell-buyer-decision")
def tell_buyer_decision(sender, buyer_id, status, **kwargs):
    outbox_enqueue("notifications.tasks.buyer_decision_notify", [buyer_id, status])
