"""Inventory reads: a merchant's own stock and imports, who may see a vehicle, and the stock search words."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Prefetch, QuerySet

from accounts.permissions import vehicles_writable_by, yard_scoped
from inventory.models import ImportJob, PhotoArchive, Vehicle, VehiclePhoto

_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\uFFFF]+")


def search_terms(text: str) -> list[str]:
    """Whole words match exactly and the last word also by prefix ('toyota harr' finds a Harrier).

    Serial numbers (4+ digits) always match whole: a chassis search must find its one car.
    """
    terms = [token.lower().replace("'", "") for token in _TOKEN.findall(text or "")[:8]]
    if terms:
        last = terms[-1]
        if not (last.isdigit() and len(last) >= 4) and len(last) >= 2:
            terms[-1] = f"{last}:*"
    return terms


def search_query(text: str) -> SearchQuery | None:
    terms = search_terms(text)
    if not terms:
        return None
    return SearchQuery(" & ".join(terms), search_type="raw", config="simple")


def ready_photos() -> Prefetch:
    return Prefetch("photos", queryset=VehiclePhoto.objects.filter(state=VehiclePhoto.State.READY))


def vehicle_visible(user, vehicle: Vehicle) -> bool:
    """Catalog stock is visible to anyone; drafts, withdrawn stock and cars without a photo yet only to the
    yard and staff."""
    return vehicle.in_catalog or vehicles_writable_by(user, Vehicle.objects.filter(pk=vehicle.pk)).exists()


def yard_stock(user, *, status: str = "", q: str = "") -> QuerySet[Vehicle]:
    queryset = vehicles_writable_by(user, Vehicle.objects.all()).select_related("yard").prefetch_related(
        ready_photos())
    if status:
        queryset = queryset.filter(status=status)
    query = search_query(q)
    if query is not None:
        queryset = queryset.filter(search=query)
    return queryset.order_by("-updated", "-id")


def yard_stock_counts(user) -> dict[str, int]:
    """How many of the vehicles ``user`` may change are in each status."""
    return dict(vehicles_writable_by(user, Vehicle.objects.all()).order_by()
                .values_list("status").annotate(n=Count("id")))


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """A merchant's own yard's jobs; broker staff see every yard's."""
    return yard_scoped(user, ImportJob.objects.select_related("yard", "uploaded_by"))


def photo_archives_visible_to(user) -> QuerySet[PhotoArchive]:
    """A merchant's own yard's photo archives; broker staff see every yard's."""
    return yard_scoped(user, PhotoArchive.objects.select_related("yard", "uploaded_by", "import_job"))
