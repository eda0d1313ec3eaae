"""What brokerage tells buyers, merchants and staff, by message key (rendered in each reader's language)."""

from django.utils.translation import gettext_lazy as _

from brokerage.models.orders import NOTE_PREFIX
from brokerage.services.landed import register_basis_messages
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


# Notes the system writes on order events (``OrderEvent.note_text``), by the key stored with the event.
NOTES = {
    "proforma_issued": _("proforma invoice issued"),
    "reservation_expired": _("reservation deadline passed unpaid"),
    "payment": _("payment %(reference)s"),
    "booked": _("booked on shipment %(number)s"),
    "shipment_departed": _("shipment %(number)s: departed"),
    "shipment_delivered": _("shipment %(number)s: delivered"),
}


def register() -> None:
    register_basis_messages()
    for key, text in NOTES.items():
        message_register(NOTE_PREFIX + key, title=text)
    for status, title in STATUS_TITLES.items():
        message_register(STATUS_PREFIX + status, title=title)
    for key, title in MESSAGES.items():
        message_register(key, title=title)
