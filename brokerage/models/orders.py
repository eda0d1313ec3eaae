from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_currency
from notifications.messages import message_render


class Terms(models.TextChoices):
    FOB = "FOB", _("FOB (free on board)")
    CFR = "CFR", _("CFR (cost and freight)")
    CIF = "CIF", _("CIF (cost, insurance and freight)")


class OrderStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    PROFORMA_ISSUED = "proforma_issued", _("Proforma issued")
    DEPOSIT_PAID = "deposit_paid", _("Deposit paid")
    PAID = "paid", _("Paid")
    READY_TO_SHIP = "ready_to_ship", _("Ready to ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# Orders in these states hold their vehicles; OrderVehicle.active mirrors it (the no-double-sale index).
ACTIVE_STATUSES = (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED, OrderStatus.DEPOSIT_PAID, OrderStatus.PAID,
                   OrderStatus.READY_TO_SHIP, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
FINAL_STATUSES = (OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.EXPIRED)


class ReviewState(models.TextChoices):
    """The sale-scope compliance review (house policy), decided once per order by an officer."""

    NONE = "none", _("Not needed")
    PENDING = "pending", _("Awaiting an officer")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    buyer = models.ForeignKey("accounts.BuyerCompany", verbose_name=_("buyer"), on_delete=models.PROTECT,
                              related_name="orders")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("placed by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    quote = models.ForeignKey("brokerage.Quote", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="orders")
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices,
                              default=OrderStatus.RESERVED)
    destination_port = models.ForeignKey("core.Location", verbose_name=_("destination port"),
                                         on_delete=models.PROTECT, related_name="+")
    terms = models.CharField(_("terms"), max_length=3, choices=Terms.choices)
    route = ArrayField(models.CharField(max_length=2), verbose_name=_("route"), default=list, blank=True,
                       help_text=_("Countries after the origin, final destination last."))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    paid = models.DecimalField(_("paid"), max_digits=16, decimal_places=2, default=0)
    deposit_share = models.DecimalField(_("deposit share"), max_digits=4, decimal_places=3, default="0.5",
                                        help_text=_("Share of the total that moves the order to deposit paid."))
    reserved_until = models.DateTimeField(_("reserved until"), null=True, blank=True)
    review_state = models.CharField(_("compliance review"), max_length=10, choices=ReviewState.choices,
                                    default=ReviewState.NONE)
    review_findings = models.JSONField(_("sale findings"), default=list, blank=True)
    rates = models.JSONField(_("exchange rates used"), default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=models.F("total")), name="order_paid_range"),
            models.CheckConstraint(condition=Q(total__gt=0), name="order_total_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "reserved_until"], name="order_status_until"),
            models.Index(fields=["buyer", "-created"], name="order_buyer_created"),
        ]
        verbose_name = _("order")

    def __str__(self):
        return self.number

    @property
    def balance_due(self):
        return self.total - self.paid

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class OrderVehicle(models.Model):
    """A vehicle an order holds, priced in the order's currency. ``active`` is true while the order holds
    it: a partial unique index on it makes a second active order for the same car impossible."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="lines")
    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.PROTECT, related_name="order_lines")
    price = models.DecimalField(_("vehicle price"), max_digits=16, decimal_places=2)
    inland = models.DecimalField(_("inland transport"), max_digits=16, decimal_places=2, default=0)
    freight = models.DecimalField(_("freight"), max_digits=16, decimal_places=2, default=0)
    insurance = models.DecimalField(_("insurance"), max_digits=16, decimal_places=2, default=0)
    fee = models.DecimalField(_("broker fee"), max_digits=16, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    basis = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], condition=Q(active=True), name="vehicle_one_active_order"),
            models.UniqueConstraint(fields=["order", "vehicle"], name="order_vehicle_once"),
        ]
        verbose_name = _("ordered vehicle")


def _choice_label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


# Notes the system writes on events: kept in English in ``note`` (the API's text) with a message key and parameters
# in ``data`` (``brokerage.messages.NOTES``, rendered by the notifications registry), so that pages show them in
# the reader's language. Older rows carry the English text only.
NOTE_PREFIX = "brokerage.note."
_LEGACY_NOTES = {"proforma invoice issued": "proforma_issued",
                 "reservation deadline passed unpaid": "reservation_expired"}


class OrderEvent(models.Model):
    """One thing that happened to an order (append-only, a database trigger refuses UPDATE and DELETE)."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        PAYMENT = "payment", _("Payment recorded")
        PROOF = "proof", _("Payment proof uploaded")
        REVIEW = "review", _("Compliance review")
        NOTE = "note", _("Note")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STATUS)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "at", "id"]
        verbose_name = _("order event")

    # What the timeline shows: the statuses' and the review outcome's labels in the reader's language, not codes.
    @property
    def from_label(self) -> str:
        return _choice_label(OrderStatus, self.from_status)

    @property
    def to_label(self) -> str:
        return _choice_label(OrderStatus, self.to_status)

    @property
    def review_label(self) -> str:
        return _choice_label(ReviewState, (self.data or {}).get("outcome", ""))

    @property
    def note_text(self) -> str:
        """The note in the reader's language when the system wrote it; a person's note as they wrote it."""
        data = self.data or {}
        key = data.get("note_key") or _LEGACY_NOTES.get(self.note)
        if not key:
            return self.note
        return message_render(NOTE_PREFIX + key, data.get("note_params"), fallback=self.note)
        return self.note
