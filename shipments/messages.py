"""What shipments tells buyers, by message key (rendered in each reader's language)."""

from django.utils.translation import gettext_lazy as _

from notifications.messages import message_register

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


def register() -> None:
    for kind, title in EVENT_TITLES.items():
        message_register(EVENT_PREFIX + kind, title=title)
    message_register(VOYAGE, title=VOYAGE_TITLE)
