"""Inventory reads: a merchant's own stock and imports, who may see a vehicle, and the stock search words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from accounts.permissions import vehicles_writable_by, yard_scoped
from core.money import format_money
from inventory.models import ImportJob, PhotoArchive, Vehicle, VehicleEvent, VehiclePhoto
from inventory.services.vehicles import EDITABLE_FIELDS

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


# --- A vehicle's history: field changes and photo events in one timeline ---------------------------

HISTORY_FIELDS = [name for name in (*EDITABLE_FIELDS, "status") if name not in ("price_amount", "price_currency")]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: dt.datetime
    who: object  # a user or None (the system)
    title: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    note: str = ""


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = Vehicle._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.date) and name == "first_registration":
        return value.strftime("%Y-%m")
    return str(value)


def _money(record) -> str:
    return format_money(record.price_amount, record.price_currency, to_locale(get_language() or "en"))


def record_changes(new, old) -> list[FieldChange]:
    """What changed between two historical records of a vehicle, as people read it (no query).

    The price is one change, formatted with its currency for the reader's locale: "¥1,850,000 → ¥1,790,000".
    """
    changed = {change.field for change in new.diff_against(old, included_fields=[*HISTORY_FIELDS, "price_amount",
                                                                                 "price_currency"]).changes}
    changes = []
    if changed & {"price_amount", "price_currency"}:
        changes.append(FieldChange("price", str(Vehicle._meta.get_field("price_amount").verbose_name),
                                   _money(old), _money(new)))
    for name in HISTORY_FIELDS:
        if name in changed:
            changes.append(FieldChange(name, str(Vehicle._meta.get_field(name).verbose_name),
                                       _shown(name, getattr(old, name)), _shown(name, getattr(new, name))))
    return changes


def vehicle_timeline(vehicle: Vehicle, limit: int = 200) -> list[TimelineEntry]:
    """The newest ``limit`` entries of a vehicle's history, field changes and photo events merged by time.

    Three queries whatever the length: the history records (one more than shown, to diff the oldest
    against), and the photo events, each with their user.
    """
    records = list(vehicle.history.select_related("history_user").order_by("-history_date", "-history_id")
                   [:limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = TimelineEntry(at=record.history_date, who=record.history_user,
                              note=record.history_change_reason or "")
        if record.history_type == "+":
            entry.title = _("Listed")
            entry.changes = [FieldChange("price", str(Vehicle._meta.get_field("price_amount").verbose_name), "",
                                         _money(record))]
        elif previous is not None:
            entry.changes = record_changes(record, previous)
        entries.append(entry)
    for event in vehicle.events.select_related("actor").order_by("-at", "-id")[:limit]:
        entries.append(TimelineEntry(at=event.at, who=event.actor, title=event.get_kind_display(),
                                     note=_photo_note(event)))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def _photo_note(event: VehicleEvent) -> str:
    if event.kind == VehicleEvent.Kind.PHOTOS_REORDERED:
        return _("New order: %(ids)s") % {"ids": ", ".join(f"#{pk}" for pk in event.detail.get("order", []))}
    return _("Photo #%(id)s") % {"id": event.photo_id} if event.photo_id else ""


def vehicle_changes_since(vehicle: Vehicle, version: int) -> tuple[list[FieldChange], list]:
    """What others saved to ``vehicle`` after the ``version`` someone was editing, and who saved it.

    Compares the newest history record at or before that version with the newest one; empty when the
    history does not reach back that far.
    """
    records = list(vehicle.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    newest = records[0] if records else None
    base = next((record for record in records if record.version <= version), None)
    if newest is None or base is None or base is newest:
        return [], []
    later = records[:records.index(base)]
    who = list(dict.fromkeys(record.history_user for record in later if record.history_user))
    return record_changes(newest, base), who
