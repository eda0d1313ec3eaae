"""What buyers read: the public catalog with its filters, full-text search and facet counts, and the home page."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from accounts.models import BuyerCompany, Yard
from compliance.selectors import exclude_blocked_for, rules_in_force_count
from core import money, rates
from inventory.models import Vehicle, in_catalog_q
from inventory.selectors import ready_photos, search_query, search_terms

ORDERINGS = {
    "price": ("price_eur", "id"), "-price": ("-price_eur", "-id"),
    "year": ("year", "id"), "-year": ("-year", "-id"),
    "mileage_km": ("mileage_km", "id"), "-mileage_km": ("-mileage_km", "-id"),
    "created": ("created", "id"), "-created": ("-created", "-id"),
}
DEFAULT_ORDERING = "-created"


def catalog_base() -> QuerySet[Vehicle]:
    """What the public catalog may show (pages, API, facets, counts): public cars with enough processed photos."""
    return Vehicle.objects.filter(in_catalog_q()).select_related("yard").prefetch_related(ready_photos())


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
    body_type: list[str] | None = None
    transmission: str = ""
    drive: str = ""
    yard_country: str = ""
    q: str = ""
    exportable_to: str = ""
    ordering: str = DEFAULT_ORDERING
    rates: money.RateTable | None = None  # today's rate table, when the caller already loaded it


def price_to_eur(amount: Decimal, currency: str, table: money.RateTable | None = None) -> Decimal:
    """Convert a buyer's price bound into EUR at the latest stored rate (raises NoRate)."""
    if table is not None:
        return money.convert_with(table, amount, currency, money.EUR).amount
    return rates.convert(amount, currency, money.EUR).amount


NARROW_SEARCH_LIMIT = 2000
_FREQUENT_TERMS: dict[str, object] = {"at": 0.0, "terms": frozenset()}


def _frequent_terms() -> frozenset[str]:
    """Words common in the catalog, from PostgreSQL's own statistics (refreshed every 10 minutes)."""
    if time.monotonic() - _FREQUENT_TERMS["at"] > 600:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[] FROM pg_stats WHERE tablename = %s AND attname = 'search'",
                [Vehicle._meta.db_table],
            )
            row = cursor.fetchone()
        _FREQUENT_TERMS.update(at=time.monotonic(), terms=frozenset(row[0] if row and row[0] else ()))
    return _FREQUENT_TERMS["terms"]


def _is_rare(term: str) -> bool:
    frequent = _frequent_terms()
    if term.endswith(":*"):
        stem = term[:-2]
        return not any(word.startswith(stem) for word in frequent)
    return term not in frequent


def _search(queryset: QuerySet[Vehicle], query: SearchQuery, terms: list[str]) -> QuerySet[Vehicle]:
    """Full-text filter that stays fast at both ends.

    For a rare word (a chassis serial) the planner misjudges the matches and walks the date index
    looking for it under a small LIMIT: seconds at a million rows. Rare queries therefore probe
    the GIN index first and continue with a primary-key list; common words (makes, models, where
    walking the ordered index finds a page at once) keep the plain filter. What is common comes
    from the column's statistics, not from a guess.
    """
    matching = queryset.filter(search=query)
    if not all(_is_rare(term) for term in terms):
        return matching
    ids = list(matching.order_by().values_list("pk", flat=True)[: NARROW_SEARCH_LIMIT + 1])
    if len(ids) <= NARROW_SEARCH_LIMIT:
        return queryset.filter(pk__in=ids)
    return matching


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
        queryset = queryset.filter(price_eur__gte=price_to_eur(filters.price_min, filters.currency, filters.rates))
    if filters.price_max is not None:
        queryset = queryset.filter(price_eur__lte=price_to_eur(filters.price_max, filters.currency, filters.rates))
    if filters.mileage_max is not None:
        queryset = queryset.filter(mileage_km__lte=filters.mileage_max)
    if filters.fuel:
        queryset = queryset.filter(fuel__in=filters.fuel)
    if filters.body_type:
        queryset = queryset.filter(body_type__in=filters.body_type)
    for field in ("steering", "transmission", "drive"):
        value = getattr(filters, field)
        if value:
            queryset = queryset.filter(**{field: value})
    if filters.yard_country:
        queryset = queryset.filter(yard__country=filters.yard_country.upper())
    query = search_query(filters.q)
    if query is not None:
        queryset = _search(queryset, query, search_terms(filters.q))
    if filters.exportable_to:
        queryset = exclude_blocked_for(queryset, filters.exportable_to.upper())
    return queryset.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING]))


FACET_FIELDS = ("make", "fuel", "body_type", "steering")
FACET_CACHE_SECONDS = 300


def _facet_key(queryset: QuerySet[Vehicle]) -> str:
    sql, params = queryset.order_by().values(*FACET_FIELDS).query.sql_with_params()
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()


def catalog_facets(queryset: QuerySet[Vehicle], limit: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Counts per make, fuel, body and steering for the current filters.

    One scan with GROUPING SETS instead of one per field, cached for five minutes per filter set:
    at a million vehicles an unfiltered scan costs a few hundred milliseconds, and counts that are
    minutes old serve a buyer as well as fresh ones.
    """
    try:
        sql, params = queryset.order_by().values(*FACET_FIELDS).query.sql_with_params()
    except EmptyResultSet:
        return {field: [] for field in FACET_FIELDS}
    key = "facets:" + _facet_key(queryset)
    cached = cache.get(key)
    if cached is not None:
        return cached
    columns = ", ".join(FACET_FIELDS)
    sets = ", ".join(f"({field})" for field in FACET_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}, GROUPING({columns}), count(*) FROM ({sql}) AS matches "
                       f"GROUP BY GROUPING SETS ({sets})", params)
        rows = cursor.fetchall()
    facets: dict[str, list[tuple[str, int]]] = {field: [] for field in FACET_FIELDS}
    width = len(FACET_FIELDS)
    for row in rows:
        grouping, count = row[width], row[width + 1]
        for index, field in enumerate(FACET_FIELDS):
            # GROUPING() has a 0 bit for the column this row is grouped by (the leftmost column is the high bit)
            if not grouping & (1 << (width - 1 - index)):
                facets[field].append((row[index], count))
    for field in FACET_FIELDS:
        facets[field] = sorted(facets[field], key=lambda item: (-item[1], str(item[0])))[:limit]
    cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def catalog_facets_warm() -> int:
    """Recompute the cached facets of the default catalog views (beat runs this every four minutes).

    The default views are the unfiltered catalog and, for each buyer country, what that country can
    receive (the filter a buyer's catalog page starts with).
    """
    views = [{}] + [{"exportable_to": country} for country in
                    BuyerCompany.objects.order_by().values_list("country", flat=True).distinct()]
    for params in views:
        queryset = catalog_filter(catalog_base(), CatalogFilters(**params))
        cache.delete("facets:" + _facet_key(queryset))
        catalog_facets(queryset)
    return len(views)


def home_context(user) -> dict:
    available = cache.get_or_set(  # a COUNT over the catalog: a minute old is fine on the home page
        "home:available", lambda: Vehicle.objects.filter(in_catalog_q(), status="available").count(), 60)
    return {
        "vehicles_available": available,
        "yards": Yard.objects.count(),
        "rule_count": rules_in_force_count(),
    }
