"""Saving a quote: the priced lines, the rates used and the findings, valid for QUOTE_VALID_HOURS."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brokerage.models import Quote, QuoteLine
from brokerage.services.gates import vehicles_blocked
from brokerage.services.pricing import QuoteRequest, price_request
from core.errors import ApplicationError


def quote_create(*, user, request: QuoteRequest) -> Quote:
    """Price and keep a quote. A blocked vehicle is a 400 naming the rule; a port without freight a 400
    naming the port."""
    priced = price_request(request)
    blocked = vehicles_blocked(priced.findings)
    if blocked:
        raise ApplicationError(
            _("Blocked for %(port)s: %(rules)s") % {"port": priced.port.code, "rules": "; ".join(blocked)},
            code="vehicle_blocked", errors={"vehicle_ids": blocked})
    with transaction.atomic():
        quote = Quote.objects.create(
            buyer=request.buyer, created_by=user if getattr(user, "pk", None) else None, terms=priced.terms,
            currency=priced.currency, destination_port=priced.port, route=priced.route, total=priced.total,
            rates=priced.rates_json(), findings=priced.findings, estimates=priced.estimates,
            valid_until=timezone.now() + timedelta(hours=settings.QUOTE_VALID_HOURS))
        lines = QuoteLine.objects.bulk_create([
            QuoteLine(quote=quote, vehicle=line.vehicle, price=line.price, inland=line.inland, freight=line.freight,
                      insurance=line.insurance, fee=line.fee, total=line.total, basis=line.basis)
            for line in priced.lines])
    quote.destination_port = priced.port
    quote._prefetched_objects_cache = {"lines": lines}  # the answer needs no second read
    return quote
