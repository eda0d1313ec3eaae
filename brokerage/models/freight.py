from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_currency


class FreightMode(models.TextChoices):
    """How a car travels; the mode fixes what the rate is per (RoRo: per m³; container, road: per unit)."""

    RORO = "roro", _("RoRo (per m³)")
    CONTAINER = "container", _("Container (per unit)")
    ROAD = "road", _("Road carrier (per unit)")


class FreightRate(models.Model):
    """A carrier's price from one place to another by one mode, valid for a period. Staff edit these."""

    origin = models.ForeignKey("core.Location", verbose_name=_("from"), on_delete=models.PROTECT,
                               related_name="+")
    destination = models.ForeignKey("core.Location", verbose_name=_("to"), on_delete=models.PROTECT,
                                    related_name="+")
    mode = models.CharField(_("mode"), max_length=10, choices=FreightMode.choices, default=FreightMode.RORO)
    amount = models.DecimalField(_("rate"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))],
                                 help_text=_("Per m³ for RoRo; per vehicle for container and road."))
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[validate_currency])
    insurance_rate = models.DecimalField(
        _("insurance rate (%)"), max_digits=5, decimal_places=3, default=Decimal("1.100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
        help_text=_("Marine insurance, as a percentage of the C&F value."))
    transit_days = models.PositiveSmallIntegerField(_("transit days"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["origin", "destination", "mode", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination", "mode", "valid_from"],
                                    name="freight_one_rate_per_start"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="freight_amount_positive"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                                   name="freight_valid_period"),
        ]
        indexes = [models.Index(fields=["destination", "origin"], name="freight_route")]
        verbose_name = _("freight rate")

    def __str__(self):
        return f"{self.origin_id} → {self.destination_id} {self.mode} {self.amount} {self.currency}"

    @property
    def per_m3(self) -> bool:
        return self.mode == FreightMode.RORO
