from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.messages import message_render


class Mode(models.TextChoices):
    RORO = "roro", _("RoRo vessel")
    CONTAINER = "container", _("Container")
    ROAD = "road", _("Road car carrier")
    RAIL = "rail", _("Rail")
    SELF_DRIVE = "self_drive", _("Self-drive across the border")


class ContainerSize(models.TextChoices):
    FT20 = "20", _("20 ft")
    FT40 = "40", _("40 ft")


class EventKind(models.TextChoices):
    BOOKED = "booked", _("Booked")
    AT_PORT = "at_port", _("At the port")
    LOADED = "loaded", _("Loaded")
    DEPARTED = "departed", _("Departed")
    TRANSSHIPPED = "transshipped", _("Transshipped")
    ARRIVED = "arrived", _("Arrived")
    CUSTOMS_CLEARED = "customs_cleared", _("Customs cleared")
    DELIVERED = "delivered", _("Delivered")


EVENT_ORDER = [kind.value for kind in EventKind]


class ShipmentStatus(models.TextChoices):
    """A shipment's status is its latest event's kind (``booked`` once created)."""

    BOOKED = "booked", _("Booked")
    AT_PORT = "at_port", _("At the port")
    LOADED = "loaded", _("Loaded")
    DEPARTED = "departed", _("Departed")
    TRANSSHIPPED = "transshipped", _("Transshipped")
    ARRIVED = "arrived", _("Arrived")
    CUSTOMS_CLEARED = "customs_cleared", _("Customs cleared")
    DELIVERED = "delivered", _("Delivered")


class Carrier(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    scac = models.CharField(_("carrier code"), max_length=8, blank=True, help_text=_("SCAC or the line's own code."))
    website = models.URLField(_("tracking website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("carrier")

    def __str__(self):
        return self.name


class Vessel(models.Model):
    carrier = models.ForeignKey(Carrier, verbose_name=_("carrier"), on_delete=models.PROTECT, related_name="vessels")
    name = models.CharField(_("name"), max_length=120)
    imo = models.CharField(_("IMO number"), max_length=7, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vessel")
        constraints = [models.UniqueConstraint(fields=["carrier", "name"], name="vessel_carrier_name")]

    def __str__(self):
        return self.name


class Voyage(models.Model):
    """One RoRo sailing: port of loading with its ETD, port of discharge with its ETA."""

    vessel = models.ForeignKey(Vessel, verbose_name=_("vessel"), on_delete=models.PROTECT, related_name="voyages")
    number = models.CharField(_("voyage number"), max_length=20)
    port_of_loading = models.ForeignKey("core.Location", verbose_name=_("port of loading"), on_delete=models.PROTECT,
                                        related_name="+")
    etd = models.DateTimeField(_("ETD"))
    port_of_discharge = models.ForeignKey("core.Location", verbose_name=_("port of discharge"),
                                          on_delete=models.PROTECT, related_name="+")
    eta = models.DateTimeField(_("ETA"))

    class Meta:
        ordering = ["etd", "id"]
        verbose_name = _("voyage")
        constraints = [
            models.UniqueConstraint(fields=["vessel", "number"], name="voyage_vessel_number"),
            models.CheckConstraint(condition=Q(eta__gt=models.F("etd")), name="voyage_eta_after_etd"),
        ]

    def __str__(self):
        return f"{self.vessel.name} {self.number} {self.port_of_loading_id}→{self.port_of_discharge_id}"


class Shipment(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.BOOKED)
    orders = models.ManyToManyField("brokerage.Order", through="ShipmentOrder", related_name="shipments")
    bl_number = models.CharField(_("B/L number"), max_length=40, blank=True)
    courier_tracking = models.CharField(_("courier tracking number"), max_length=60, blank=True,
                                        help_text=_("For the original B/L and export papers sent to the buyer."))
    route = models.JSONField(_("route"), default=list, blank=True,
                             help_text=_("Countries after the origin, final country last."))
    origin = models.CharField(_("origin country"), max_length=2)
    checks = models.JSONField(_("route checks"), default=list, blank=True,
                              help_text=_("Each vehicle's latest compliance check for the route (booking, departure)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("shipment")

    def __str__(self):
        return self.number


class ShipmentOrder(models.Model):
    """A paid order booked on a shipment. An order rides one shipment at a time (its cars travel together)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="order_links")
    order = models.ForeignKey("brokerage.Order", on_delete=models.PROTECT, related_name="shipment_links")

    class Meta:
        verbose_name = _("shipped order")
        constraints = [models.UniqueConstraint(fields=["order"], name="shipmentorder_order_once")]


class Leg(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(_("position"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    origin = models.ForeignKey("core.Location", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey("core.Location", verbose_name=_("to"), on_delete=models.PROTECT,
                                    related_name="+")
    voyage = models.ForeignKey(Voyage, verbose_name=_("voyage"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="legs")
    container_size = models.CharField(_("container size"), max_length=2, choices=ContainerSize.choices, blank=True)
    cars_per_container = models.PositiveSmallIntegerField(_("cars per container"), null=True, blank=True,
                                                          validators=[MinValueValidator(1), MaxValueValidator(8)])
    container_no = models.CharField(_("container number"), max_length=11, blank=True)
    seal_no = models.CharField(_("seal number"), max_length=20, blank=True)

    class Meta:
        ordering = ["shipment", "position"]
        verbose_name = _("leg")
        constraints = [models.UniqueConstraint(fields=["shipment", "position"], name="leg_shipment_position")]

    def __str__(self):
        return f"{self.position}. {self.mode} {self.origin_id}→{self.destination_id}"


NOTE_PREFIX = "shipments.note."  # notes the system writes (``shipments.messages.NOTES``), by message key


class ShipmentEvent(models.Model):
    """One step of a shipment (append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("time"))
    place = models.ForeignKey("core.Location", verbose_name=_("place"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    # a note the system wrote: its key and parameters (``note`` keeps it in English, the API's text)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipment", "at", "id"]
        verbose_name = _("shipment event")

    @property
    def note_text(self) -> str:
        """The note in the reader's language when the system wrote it; a person's note as they wrote it."""
        key = (self.data or {}).get("note_key")
        if not key:
            return self.note
        return message_render(NOTE_PREFIX + key, (self.data or {}).get("note_params"), fallback=self.note)
