"""Staff reads: the orders board and the dashboard's aggregates.

Every function is set-based: the board is two queries (the counts per status, then one page of every
column through a window function) plus one prefetch of the vehicles; each dashboard chart is one
aggregate query. Callers check who asks (staff and officers only, ``brokerage.views.board``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone

from brokerage.models import Order, OrderEvent, OrderStatus, OrderVehicle, ReviewState
from compliance.models import VehicleDecision
from inventory.models import Status as VehicleStatus
from inventory.models import Vehicle

S = OrderStatus
# The board's columns, in the order an order moves through them; the last two only show recent ones.
BOARD_COLUMNS = (S.RESERVED, S.PROFORMA_ISSUED, S.DEPOSIT_PAID, S.PAID, S.READY_TO_SHIP, S.SHIPPED, S.DELIVERED,
                 S.CANCELLED, S.EXPIRED)
ENDED = (S.CANCELLED, S.EXPIRED)
ENDED_RECENT_DAYS = 30
BOARD_PAGE_SIZE = 10
HOLDING = (S.RESERVED, S.PROFORMA_ISSUED)
DECISIONS = ("clear", "review", "blocked")
STOCK_AGE_BUCKETS = ((0, 30, "0–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, 180, "91–180"), (181, None, ">180"))


class LastItem(Func):
    """``array[array_length(array, 1)]``: the last element of a PostgreSQL array (NULL when empty)."""

    template = "(%(expressions)s)[array_length(%(expressions)s, 1)]"
    output_field = CharField()


def destination_country():
    """An order's final destination: the route's last country (the port's country without a route)."""
    return Coalesce(LastItem("route"), F("destination_port__country"), output_field=CharField())


# --- the board ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardFilters:
    country: str = ""
    yard: int | None = None
    q: str = ""


@dataclass
class BoardColumn:
    status: str
    label: str
    count: int
    page: int
    pages: int
    orders: list = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def board_queryset(filters: BoardFilters, *, now: dt.datetime | None = None) -> QuerySet[Order]:
    """Orders on the board: every active one and the cancelled or expired of the last 30 days, filtered."""
    now = now or timezone.now()
    queryset = Order.objects.annotate(destination=destination_country()).filter(
        ~Q(status__in=ENDED) | Q(updated__gte=now - dt.timedelta(days=ENDED_RECENT_DAYS)))
    if filters.country:
        queryset = queryset.filter(destination=filters.country)
    if filters.yard:
        queryset = queryset.filter(Exists(OrderVehicle.objects.filter(order=OuterRef("pk"),
                                                                      vehicle__yard_id=filters.yard)))
    if filters.q:
        queryset = queryset.filter(Q(number__icontains=filters.q) | Q(buyer__name__icontains=filters.q))
    return queryset


def _gate_problems(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """Whether any of the order's vehicles is blocked, or awaits an officer, for its destination now."""
    decisions = VehicleDecision.objects.filter(vehicle__order_lines__order=OuterRef("pk"),
                                               destination=OuterRef("destination"))
    return queryset.annotate(vehicle_blocked=Exists(decisions.filter(decision="blocked")),
                             vehicle_review=Exists(decisions.filter(decision="review")))


def board(filters: BoardFilters, pages: dict[str, int], *, page_size: int = BOARD_PAGE_SIZE,
          now: dt.datetime | None = None) -> list[BoardColumn]:
    """The board's columns, each with its count and the requested page (``pages``: status → page number)."""
    base = board_queryset(filters, now=now)
    counts = dict(base.order_by().values_list("status").annotate(n=Count("id")))
    columns, wanted = [], Q()
    for status in BOARD_COLUMNS:
        count = counts.get(status, 0)
        last = max(1, -(-count // page_size))
        page = min(max(1, pages.get(status, 1)), last)
        columns.append(BoardColumn(status=status, label=S(status).label, count=count, page=page, pages=last))
        if count:
            wanted |= Q(status=status, position__gt=(page - 1) * page_size, position__lte=page * page_size)
    if not wanted:
        return columns
    ordering = (F("reserved_until").asc(nulls_last=True), F("created").desc(), F("id").desc())
    rows = _gate_problems(base).select_related("buyer", "destination_port").annotate(
        position=Window(RowNumber(), partition_by=[F("status")], order_by=ordering),
    ).filter(wanted).prefetch_related(
        Prefetch("lines", queryset=OrderVehicle.objects.select_related("vehicle", "vehicle__yard").order_by("id")),
    ).order_by("status", "position")
    by_status: dict[str, list[Order]] = {}
    for order in rows:
        order.gate_problems = _problems(order)
        by_status.setdefault(order.status, []).append(order)
    for column in columns:
        column.orders = by_status.get(column.status, [])
    return columns


def _problems(order: Order) -> list[str]:
    """Short keys the template turns into badges (blocked, vehicle review, sale review, sale refused)."""
    problems = []
    if order.vehicle_blocked:
        problems.append("blocked")
    if order.vehicle_review:
        problems.append("review")
    if order.review_state == ReviewState.PENDING:
        problems.append("sale_review")
    elif order.review_state == ReviewState.REJECTED:
        problems.append("sale_refused")
    return problems


def board_countries() -> list[str]:
    """Destination countries that orders go to (the board's filter)."""
    return sorted(Order.objects.annotate(destination=destination_country()).order_by()
                  .values_list("destination", flat=True).distinct())


# --- the dashboard -----------------------------------------------------------------------------------------

def last_months(count: int = 12, *, today: dt.date | None = None) -> list[dt.date]:
    """The first day of each of the last ``count`` months, oldest first, this month last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(month.year, month.month, 1))


@dataclass(frozen=True)
class MonthlySeries:
    months: list[dt.date]
    series: dict[str, list[int]]  # destination country → one count per month

    @property
    def total(self) -> int:
        return sum(sum(values) for values in self.series.values())


def _monthly(rows, months: list[dt.date]) -> MonthlySeries:
    index = {month: position for position, month in enumerate(months)}
    series: dict[str, list[int]] = {}
    for month, country, count in rows:
        key = timezone.localtime(month).date() if isinstance(month, dt.datetime) else month
        if key in index:
            series.setdefault(country, [0] * len(months))[index[key]] += count
    ranked = sorted(series.items(), key=lambda item: (-sum(item[1]), item[0]))
    return MonthlySeries(months=months, series=dict(ranked))


def orders_per_destination_month(*, months: int = 12, today: dt.date | None = None) -> MonthlySeries:
    """Orders placed per final destination and month (cancelled and expired ones included: demand)."""
    span = last_months(months, today=today)
    rows = (Order.objects.filter(created__gte=_month_start(span[0]))
            .annotate(month=TruncMonth("created"), destination=destination_country())
            .order_by().values_list("month", "destination").annotate(n=Count("id")))
    return _monthly(rows, span)


def exports_per_destination_month(*, months: int = 12, today: dt.date | None = None) -> MonthlySeries:
    """Orders that left (their move to shipped) per final destination and month of departure."""
    span = last_months(months, today=today)
    rows = (OrderEvent.objects.filter(to_status=S.SHIPPED, at__gte=_month_start(span[0]))
            .annotate(month=TruncMonth("at"),
                      destination=Coalesce(LastItem("order__route"), F("order__destination_port__country"),
                                           output_field=CharField()))
            .order_by().values_list("month", "destination").annotate(n=Count("order_id", distinct=True)))
    return _monthly(rows, span)


def orders_by_status() -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the board's order; ended ones count all time."""
    counts = dict(Order.objects.order_by().values_list("status").annotate(n=Count("id")))
    return [(status, S(status).label, counts.get(status, 0)) for status in BOARD_COLUMNS]


def stock_age(*, now: dt.datetime | None = None) -> list[tuple[str, int]]:
    """Available vehicles by days since they were listed, in the buckets 0–30, 31–60, 61–90, 91–180, >180."""
    now = now or timezone.now()
    aggregates = {}
    for low, high, label in STOCK_AGE_BUCKETS:
        # Days in stock = whole days since listing: a car listed 30.9 days ago is 30 days old.
        condition = Q(created__lte=now - dt.timedelta(days=low))
        if high is not None:
            condition &= Q(created__gt=now - dt.timedelta(days=high + 1))
        aggregates[label] = Count("id", filter=condition)
    counts = Vehicle.objects.filter(status=VehicleStatus.AVAILABLE).aggregate(**aggregates)
    return [(label, counts[label]) for _low, _high, label in STOCK_AGE_BUCKETS]


def compliance_by_destination() -> dict[str, dict[str, int]]:
    """For the stock on offer (available and reserved): clear, review and blocked decisions per country."""
    rows = (VehicleDecision.objects.filter(vehicle__status__in=(VehicleStatus.AVAILABLE, VehicleStatus.RESERVED))
            .order_by().values_list("destination", "decision").annotate(n=Count("id")))
    table: dict[str, dict[str, int]] = {}
    for country, decision, count in rows:
        table.setdefault(country, dict.fromkeys(DECISIONS, 0))[decision] = count
    return dict(sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def reservations_expiring_today(*, now: dt.datetime | None = None, limit: int = 50) -> list[Order]:
    """Unpaid reservations whose deadline falls before the end of today (those already past first)."""
    now = now or timezone.now()
    end_of_day = timezone.make_aware(dt.datetime.combine(timezone.localtime(now).date() + dt.timedelta(days=1),
                                                         dt.time.min))
    return list(Order.objects.filter(status__in=HOLDING, reserved_until__lt=end_of_day)
                .select_related("buyer", "destination_port").order_by("reserved_until", "id")[:limit])
