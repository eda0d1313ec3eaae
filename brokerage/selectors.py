"""Reads, already scoped by who asks (accounts.permissions): orders, quotes, proofs, freight."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.permissions import buyer_scoped, is_broker_staff
from brokerage.models import FreightRate, Order, OrderEvent, OrderVehicle, Payment, PaymentProof, Quote, QuoteLine
from core.models import Location


def orders_visible_to(user) -> QuerySet[Order]:
    """Staff: every order; a buyer: their company's; a merchant: those holding their yard's stock."""
    return buyer_scoped(user, Order.objects.all(), yard_path="lines__vehicle__yard").select_related(
        "buyer", "destination_port")


def order_detail_queryset(user) -> QuerySet[Order]:
    return orders_visible_to(user).prefetch_related(
        Prefetch("lines", queryset=OrderVehicle.objects.select_related("vehicle", "vehicle__yard")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor").order_by("at", "id")),
        Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "id")),
        Prefetch("proofs", queryset=PaymentProof.objects.order_by("created", "id")),
    )


def quotes_visible_to(user) -> QuerySet[Quote]:
    """A quote is its buyer's and staff's (merchants never see buyers' quotes)."""
    return buyer_scoped(user, Quote.objects.all()).select_related("destination_port").prefetch_related(
        Prefetch("lines", queryset=QuoteLine.objects.select_related("vehicle")))


def proofs_visible_to(user) -> QuerySet[PaymentProof]:
    """Proofs of the caller's own orders (staff: all). Merchants never see buyers' bank receipts."""
    return buyer_scoped(user, PaymentProof.objects.all(), buyer_path="order__buyer")


def freight_rates_for_staff(user) -> QuerySet[FreightRate]:
    if not is_broker_staff(user):
        return FreightRate.objects.none()
    return FreightRate.objects.select_related("origin", "destination")


def ports_shipped_to(country: str, *, today=None) -> set[str]:
    """The codes of the places in ``country`` with a freight rate in force to them, from any origin (the
    registration form lists these ports first, see ``BrokerageConfig.ready``)."""
    today = today or timezone.localdate()
    return set(FreightRate.objects.filter(destination__country=country, valid_from__lte=today)
               .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
               .values_list("destination_id", flat=True))


def quote_ports(origin_code: str | None, *, today=None) -> list[Location]:
    """The ports a vehicle from ``origin_code`` can be priced to (a freight rate in force), by name."""
    if not origin_code:
        return []
    today = today or timezone.localdate()
    codes = (FreightRate.objects.filter(origin_id=origin_code, valid_from__lte=today)
             .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)).values("destination_id"))
    return list(Location.objects.filter(code__in=codes).order_by("name"))
