"""What brokerage tells buyers, merchants and staff, by message key (rendered in each reader's language)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import message_register

STATUS_PREFIX = "brokerage.order_status."
PAYMENT = "brokerage.order_payment"
PROOF = "brokerage.order_proof"
REVIEW = "brokerage.order_review"

STATUS_TITLES = {
    "reserved": _("Order %(number)s: the vehicles are reserved for you"),
    "proforma_issued": _("Order %(number)s: the proforma invoice is ready"),
    "deposit_paid": _("Order %(number)s: deposit received"),
    "paid": _("Order %(number)s: paid in full"),
    "ready_to_ship": _("Order %(number)s: ready to ship"),
    "shipped": _("Order %(number)s: shipped"),
    "delivered": _("Order %(number)s: delivered"),
    "cancelled": _("Order %(number)s: cancelled"),
    "expired": _("Order %(number)s: the reservation expired unpaid"),
}
MESSAGES = {
    PAYMENT: _("Order %(number)s: payment of %(amount)s %(currency)s recorded"),
    PROOF: _("Order %(number)s: payment proof uploaded"),
    REVIEW: _("Order %(number)s: the compliance review is decided"),
}
EMAIL_NOTE = _("Pay only into the bank account named on the order page and the proforma invoice. "
               "We never change our bank details by e-mail.")


def register() -> None:
    for status, title in STATUS_TITLES.items():
        message_register(STATUS_PREFIX + status, title=title)
    for key, title in MESSAGES.items():
        message_register(key, title=title)
