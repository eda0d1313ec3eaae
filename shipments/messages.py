"""What shipments tells buyers, by message key (rendered in each reader's language)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import message_register
from shipments.models.shipments import NOTE_PREFIX

EVENT_PREFIX = "shipments.event."

EVENT_TITLES = {
    "booked": _("Order %(number)s: booked on shipment %(shipment)s"),
    "at_port": _("Order %(number)s: your vehicles are at the port (%(place)s)"),
    "loaded": _("Order %(number)s: loaded on board at %(place)s"),
    "departed": _("Order %(number)s: departed from %(place)s"),
    "transshipped": _("Order %(number)s: transshipped at %(place)s"),
    "arrived": _("Order %(number)s: arrived at %(place)s"),
    "customs_cleared": _("Order %(number)s: customs cleared at %(place)s"),
    "delivered": _("Order %(number)s: delivered at %(place)s"),
}

VOYAGE = "shipments.voyage"
VOYAGE_TITLE = _("Order %(number)s: now on voyage %(voyage)s, departing %(etd)s")


# Notes the system writes on shipment events (``ShipmentEvent.note_text``), by the key stored with the event.
NOTES = {
    "voyage_set": _("Leg %(n)d %(from)s → %(to)s: voyage %(voyage)s (ETD %(etd)s)."),
    "voyage_changed": _("Leg %(n)d %(from)s → %(to)s: voyage %(voyage)s (ETD %(etd)s) instead of %(previous)s."),
}


def register() -> None:
    for key, text in NOTES.items():
        message_register(NOTE_PREFIX + key, title=text)
    for kind, title in EVENT_TITLES.items():
        message_register(EVENT_PREFIX + kind, title=title)
    message_register(VOYAGE, title=VOYAGE_TITLE)
