"""Inventory reads: the public catalog and a merchant's own stock, with the filters users have."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.permissions import vehicles_writable_by
from core import fx
from inventory.models import PUBLIC_STATUSES, Vehicle, VehiclePhoto

ORDERINGS = {
    "price": ("price_eur", "id"), "-price": ("-price_eur", "-id"),
    "year": ("year", "id"), "-year": ("-year", "-id"),
    "mileage_km": ("mileage_km", "id"), "-mileage_km": ("-mileage_km", "-id"),
    "created": ("created", "id"), "-created": ("-created", "-id"),
}
DEFAULT_ORDERING = "-created"
_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\uFFFF]+")


def search_query(text: str) -> SearchQuery | None:
    """Every word must match a word prefix: 'harr zsu6' finds a Harrier ZSU60W."""
    tokens = _TOKEN.findall(text or "")[:8]
    if not tokens:
        return None
    raw = " & ".join(f"{token.lower()}:*" for token in tokens)
    return SearchQuery(raw, search_type="raw", config="simple")


def ready_photos() -> Prefetch:
    return Prefetch("photos", queryset=VehiclePhoto.objects.filter(state=VehiclePhoto.State.READY))


def catalog_base() -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(status__in=PUBLIC_STATUSES).select_related("yard").prefetch_related(ready_photos())


def vehicles_for_owner(user) -> QuerySet[Vehicle]:
    return vehicles_writable_by(user, Vehicle.objects.all()).select_related("yard").prefetch_related(ready_photos())


def vehicle_visible(user, vehicle: Vehicle) -> bool:
    """Public stock is visible to anyone; drafts and withdrawn stock only to the yard and staff."""
    return vehicle.is_public or vehicles_writable_by(user, Vehicle.objects.filter(pk=vehicle.pk)).exists()


@dataclass
class CatalogFilters:
    make: str = ""
    model: str = ""
    year_min: int | None = None
    year_max: int | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    currency: str = "USD"
    mileage_max: int | None = None
    fuel: list[str] | None = None
    steering: str = ""
    body_type: str = ""
    transmission: str = ""
    drive: str = ""
    yard_country: str = ""
    q: str = ""
    exportable_to: str = ""
    ordering: str = DEFAULT_ORDERING


def price_to_eur(amount: Decimal, currency: str) -> Decimal:
    """Convert a buyer's price bound into EUR at the latest stored rate (raises NoRate)."""
    return fx.convert(amount, currency, fx.EUR).amount


def catalog_filter(queryset: QuerySet[Vehicle], filters: CatalogFilters) -> QuerySet[Vehicle]:
    if filters.make:
        queryset = queryset.filter(make__iexact=filters.make)
    if filters.model:
        queryset = queryset.filter(model__iexact=filters.model)
    if filters.year_min is not None:
        queryset = queryset.filter(year__gte=filters.year_min)
    if filters.year_max is not None:
        queryset = queryset.filter(year__lte=filters.year_max)
    if filters.price_min is not None:
        queryset = queryset.filter(price_eur__gte=price_to_eur(filters.price_min, filters.currency))
    if filters.price_max is not None:
        queryset = queryset.filter(price_eur__lte=price_to_eur(filters.price_max, filters.currency))
    if filters.mileage_max is not None:
        queryset = queryset.filter(mileage_km__lte=filters.mileage_max)
    if filters.fuel:
        queryset = queryset.filter(fuel__in=filters.fuel)
    for field in ("steering", "body_type", "transmission", "drive"):
        value = getattr(filters, field)
        if value:
            queryset = queryset.filter(**{field: value})
    if filters.yard_country:
        queryset = queryset.filter(yard__country=filters.yard_country.upper())
    query = search_query(filters.q)
    if query is not None:
        queryset = queryset.filter(search=query)
    if filters.exportable_to:
        from compliance.selectors import exclude_blocked_for

        queryset = exclude_blocked_for(queryset, filters.exportable_to.upper())
    return queryset.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING]))


def parse_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


FACET_FIELDS = ("make", "fuel", "body_type", "steering")


def catalog_facets(queryset: QuerySet[Vehicle], limit: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of a few fields for the current filters (one grouped query per field)."""
    facets = {}
    base = queryset.order_by()
    for field in FACET_FIELDS:
        rows = base.values_list(field).annotate(n=Count("id")).order_by("-n")[:limit]
        facets[field] = list(rows)
    return facets


def yard_stock(user, *, status: str = "", q: str = "") -> QuerySet[Vehicle]:
    queryset = vehicles_for_owner(user)
    if status:
        queryset = queryset.filter(status=status)
    query = search_query(q)
    if query is not None:
        queryset = queryset.filter(search=query)
    return queryset.order_by("-updated", "-id")


def public_status_q() -> Q:
    return Q(status__in=PUBLIC_STATUSES)
