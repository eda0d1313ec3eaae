from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from brokerage.models.orders import Terms
from core.validators import validate_currency


class Quote(models.Model):
    """A priced offer kept as it was shown: every line, the exchange rates used and the findings."""

    buyer = models.ForeignKey("accounts.BuyerCompany", verbose_name=_("buyer"), on_delete=models.PROTECT,
                              related_name="quotes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    terms = models.CharField(_("terms"), max_length=3, choices=Terms.choices)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    destination_port = models.ForeignKey("core.Location", verbose_name=_("destination port"),
                                         on_delete=models.PROTECT, related_name="+")
    route = ArrayField(models.CharField(max_length=2), verbose_name=_("route"), default=list, blank=True)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    rates = models.JSONField(_("exchange rates used"), default=list, blank=True)
    findings = models.JSONField(_("compliance findings"), default=list, blank=True)
    estimates = models.JSONField(_("landed-cost estimates"), default=list, blank=True)
    valid_until = models.DateTimeField(_("valid until"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("quote")

    def __str__(self):
        return f"Q{self.pk} {self.terms} {self.destination_port_id} {self.total} {self.currency}"


class QuoteLine(models.Model):
    """One vehicle of a quote, every component in the quote's currency."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.PROTECT, related_name="+")
    price = models.DecimalField(_("vehicle price"), max_digits=16, decimal_places=2)
    inland = models.DecimalField(_("inland transport"), max_digits=16, decimal_places=2)
    freight = models.DecimalField(_("freight"), max_digits=16, decimal_places=2)
    insurance = models.DecimalField(_("insurance"), max_digits=16, decimal_places=2)
    fee = models.DecimalField(_("broker fee"), max_digits=16, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    # How freight was priced: mode, origin, rate, m³ or units (kept so the figure can be explained later).
    basis = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["quote", "id"]
        constraints = [models.UniqueConstraint(fields=["quote", "vehicle"], name="quote_line_once")]
