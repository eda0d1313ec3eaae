"""The staff dashboard: orders and exports per destination and month, orders by status, stock age,
compliance decisions per destination and the reservations that end today, as server-drawn SVG charts."""

import datetime as dt

from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brokerage import reports
from brokerage.charts import Series, bar_chart, hbar_chart, stacked_bar_chart
from brokerage.reports import ENDED
from brokerage.views.board import board_staff_required

MAX_SERIES = 6  # more destinations than this are summed as "Other", so the legend stays readable


def month_labels(months: list[dt.date]) -> list[tuple[str, str]]:
    """("Mar", "") per month, with the year under each January and under the first month (unless a January
    follows at once: two years side by side would run together)."""
    return [(formats.date_format(month, "M"),
             str(month.year) if month.month == 1 or (index == 0 and month.month != 12) else "")
            for index, month in enumerate(months)]


def destination_colours(*datasets: reports.MonthlySeries) -> dict[str, str]:
    """One palette class per destination, the same in every chart (the busiest destinations first)."""
    totals: dict[str, int] = {}
    for data in datasets:
        for country, values in data.series.items():
            totals[country] = totals.get(country, 0) + sum(values)
    ranked = sorted(totals, key=lambda country: (-totals[country], country))
    return {country: f"s{index}" for index, country in enumerate(ranked[:MAX_SERIES])}


def _destination_series(data: reports.MonthlySeries, colours: dict[str, str]) -> list[Series]:
    items = list(data.series.items())
    shown = sorted(((country, values) for country, values in items if country in colours),
                   key=lambda item: int(colours[item[0]][1:]))
    series = [Series(name=country, values=values, css=colours[country]) for country, values in shown]
    rest = [values for country, values in items if country not in colours]
    if rest:
        series.append(Series(name=_("Other"), values=[sum(column) for column in zip(*rest, strict=True)],
                             css=f"s{MAX_SERIES + 1}"))
    return series


def _monthly_chart(data: reports.MonthlySeries, colours: dict[str, str], *, title: str, what: str):
    first, last = data.months[0], data.months[-1]
    desc = _("%(what)s per destination country and month, %(first)s to %(last)s: %(total)s in all.") % {
        "what": what, "first": formats.date_format(first, "YEAR_MONTH_FORMAT"),
        "last": formats.date_format(last, "YEAR_MONTH_FORMAT"), "total": data.total}
    return stacked_bar_chart(title=title, desc=desc, labels=month_labels(data.months),
                             series=_destination_series(data, colours), empty=_("Nothing in these months"))


@board_staff_required
def dashboard(request):
    now = timezone.now()
    orders = reports.orders_per_destination_month()
    exports = reports.exports_per_destination_month()
    statuses = reports.orders_by_status()
    ages = reports.stock_age(now=now)
    decisions = reports.compliance_by_destination()
    expiring = reports.reservations_expiring_today(now=now)
    for order in expiring:
        order.overdue = order.reserved_until <= now
    active = sum(count for status, _label, count in statuses if status not in ENDED
                 and status != reports.S.DELIVERED)
    decision_names = {"clear": _("Clear"), "review": _("Review"), "blocked": _("Blocked")}
    colours = destination_colours(orders, exports)
    charts = {
        "orders": _monthly_chart(orders, colours, title=_("Orders per destination, last 12 months"),
                                 what=_("Orders placed")),
        "exports": _monthly_chart(exports, colours, title=_("Exports per destination, last 12 months"),
                                  what=_("Orders shipped")),
        "status": hbar_chart(
            title=_("Orders by status"),
            desc="; ".join(f"{label}: {count}" for _status, label, count in statuses),
            labels=[str(label) for _status, label, _count in statuses], values=[count for *_rest, count in statuses],
            css=["s7" if status in ENDED else "s0" for status, _label, _count in statuses]),
        "stock_age": bar_chart(
            title=_("Available vehicles by days in stock"),
            desc="; ".join(_("%(days)s days: %(count)s") % {"days": label, "count": count} for label, count in ages),
            labels=[label for label, _count in ages], values=[count for _label, count in ages], css="s4",
            name=_("Vehicles"), empty=_("No vehicles available")),
        "compliance": stacked_bar_chart(
            title=_("Compliance decisions by destination"),
            desc="; ".join(f"{country}: " + ", ".join(f"{decision_names[key]} {value}" for key, value in row.items())
                           for country, row in decisions.items()) or _("No decisions yet"),
            labels=list(decisions),
            series=[Series(name=decision_names[key], values=[row[key] for row in decisions.values()], css=key)
                    for key in reports.DECISIONS],
            empty=_("No decisions yet")),
    }
    return render(request, "brokerage/staff/dashboard.html", {
        "charts": charts, "expiring": expiring, "now": now,
        "figures": {"active": active, "expiring": len(expiring), "available": sum(count for _l, count in ages),
                    "review": sum(row["review"] for row in decisions.values())},
    })
