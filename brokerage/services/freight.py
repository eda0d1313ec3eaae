"""Freight rates, edited by staff (the admin and the staff page)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from brokerage.models import FreightRate
from core.errors import ApplicationError

FIELDS = ("origin", "destination", "mode", "amount", "currency", "insurance_rate", "transit_days", "valid_from",
          "valid_until", "note")


def freight_rate_save(*, rate: FreightRate | None = None, data: dict) -> FreightRate:
    """Create or change a freight rate (validated; one rate per route, mode and start date)."""
    rate = rate or FreightRate()
    for name, value in data.items():
        if name not in FIELDS:
            raise ApplicationError(_("Unknown fields: %s") % name, code="unknown_field")
        setattr(rate, name, value)
    rate.currency = (rate.currency or "").upper()
    rate.full_clean()
    try:
        with transaction.atomic():
            rate.save()
    except IntegrityError:
        raise ApplicationError(_("A rate for this route and mode already starts on that date."),
                               field="valid_from", code="duplicate") from None
    return rate
