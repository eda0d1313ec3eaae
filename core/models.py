from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Location(models.Model):
    """A UN/LOCODE place: a port, rail or road terminal, or a city."""

    code = models.CharField(_("UN/LOCODE"), max_length=5, primary_key=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    name_ascii = models.CharField(_("name (ASCII)"), max_length=120)
    subdivision = models.CharField(_("subdivision"), max_length=8, blank=True)
    function = models.CharField(_("function"), max_length=8, blank=True)
    is_port = models.BooleanField(_("seaport"), default=False, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("UN/LOCODE place")

    def __str__(self):
        return f"{self.code} {self.name}"


class ExchangeRate(models.Model):
    """Units of ``currency`` per one EUR on ``date`` (the ECB's convention).

    ECB rows are loaded from the shipped history; staff add rows for currencies the ECB lacks
    (KZT, KGS, AED, RUB after 2022-03). Rows are never edited: a correction is a newer row.
    """

    class Source(models.TextChoices):
        ECB = "ecb", _("European Central Bank")
        STAFF = "staff", _("Entered by staff")

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3)
    units_per_eur = models.DecimalField(_("units per EUR"), max_digits=20, decimal_places=8)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.STAFF)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True,
        help_text=_("Staff rates: the last day buyers may be quoted this rate (default: a week after its date)."))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date", "source"], name="uniq_rate_per_source_day"),
            models.CheckConstraint(condition=models.Q(units_per_eur__gt=0), name="rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-date"], name="rate_currency_date")]
        verbose_name = _("exchange rate")

    def __str__(self):
        return f"{self.date} 1 EUR = {self.units_per_eur} {self.currency}"

    @property
    def rate(self) -> Decimal:
        return self.units_per_eur


class RateFetch(models.Model):
    """One attempt to fetch the ECB's reference rates: kept, so staff see when rates last arrived."""

    started = models.DateTimeField(_("started"), auto_now_add=True)
    url = models.URLField(_("feed"), max_length=300)
    ok = models.BooleanField(_("succeeded"), default=False)
    newest_date = models.DateField(_("newest rate date"), null=True, blank=True)
    rows_added = models.PositiveIntegerField(_("rates added"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("exchange-rate fetch")

    def __str__(self):
        return f"{self.started:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class Outbox(models.Model):
    """A task owed after a commit, recorded in the same transaction as the change that owes it.

    Sent once the transaction commits; deleted when the task has run. A row still here after
    ``available_at`` (the broker was down, the message was lost, the worker died) is sent again by the
    sweeper, with back-off: see ``core.outbox``.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(help_text=_("Sent (again) by the sweeper after this time."))
    attempts = models.PositiveIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["available_at"], name="outbox_available")]

    def __str__(self):
        return f"{self.task}{self.args}"
