"""The staff dashboard: each chart's aggregate is right for a known data set, the numbers reach the SVG, the
charts are accessible and safe, and the page takes one query per chart however much there is."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from brokerage import reports
from brokerage.charts import Series, nice_ceiling, stacked_bar_chart
from brokerage.views.dashboard import month_labels
from tests.brokerage.board_data import decide, make_order, ship_event
from tests.factories import VehicleFactory

DASHBOARD = reverse("brokerage:dashboard")


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def month_ago(months: int, *, day: int = 15) -> dt.datetime:
    today = timezone.localdate()
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return timezone.make_aware(dt.datetime(year, month, day, 12, 0))


def figure(html: str, chart_id: str) -> str:
    match = re.search(rf'<figure class="chart-card" id="{chart_id}">.*?</figure>', html, re.S)
    assert match, chart_id
    return match.group(0)


def segment_titles(svg: str) -> list[str]:
    return re.findall(r"<rect [^>]*><title>([^<]+)</title>", svg)


@pytest.mark.django_db
def test_orders_per_destination_and_month_count_the_last_twelve_months(buyer1, buyer2):
    make_order(buyer=buyer1.buyer, created=month_ago(0))
    make_order(buyer=buyer1.buyer, status="cancelled", created=month_ago(0, day=1))
    make_order(buyer=buyer2.buyer, port="RUVVO", route=["RU", "KZ"], created=month_ago(1))
    make_order(buyer=buyer2.buyer, port="KZALA", created=month_ago(11))
    make_order(buyer=buyer1.buyer, created=month_ago(12))  # thirteen months back: left out

    data = reports.orders_per_destination_month()

    assert len(data.months) == 12 and data.months[-1] == timezone.localdate().replace(day=1)
    assert data.series == {"KZ": [1] + [0] * 9 + [1, 0], "RU": [0] * 11 + [2]}
    assert data.total == 4


@pytest.mark.django_db
def test_exports_count_orders_by_the_month_they_shipped(buyer1, buyer2):
    early = make_order(buyer=buyer1.buyer, status="shipped", created=month_ago(5))
    ship_event(early, at=month_ago(3))
    late = make_order(buyer=buyer2.buyer, status="delivered", port="KZALA")
    ship_event(late, at=month_ago(0))
    make_order(buyer=buyer1.buyer, status="paid")  # not shipped

    data = reports.exports_per_destination_month()

    assert data.series == {"KZ": [0] * 11 + [1], "RU": [0] * 8 + [1, 0, 0, 0]}


@pytest.mark.django_db
def test_stock_age_buckets_count_available_vehicles_by_whole_days_in_stock():
    now = timezone.now()
    for days, status in ((0, "available"), (30, "available"), (31, "available"), (75, "available"),
                         (100, "available"), (181, "available"), (400, "available"), (10, "reserved"),
                         (10, "draft")):
        vehicle = VehicleFactory(status=status)
        type(vehicle).objects.filter(pk=vehicle.pk).update(created=now - dt.timedelta(days=days, hours=1))

    assert reports.stock_age(now=now) == [("0–30", 2), ("31–60", 1), ("61–90", 1), ("91–180", 1), (">180", 2)]


@pytest.mark.django_db
def test_compliance_decisions_per_destination_count_the_stock_on_offer():
    cars = [VehicleFactory() for _ in range(3)]
    decide(cars[0], "RU", "clear")
    decide(cars[1], "RU", "review")
    decide(cars[2], "RU", "blocked")
    decide(cars[0], "KZ", "clear")
    decide(VehicleFactory(status="shipped"), "RU", "blocked")  # gone: not counted

    assert reports.compliance_by_destination() == {"RU": {"clear": 1, "review": 1, "blocked": 1},
                                                   "KZ": {"clear": 1, "review": 0, "blocked": 0}}


@pytest.mark.django_db
def test_reservations_ending_today_list_the_overdue_and_the_soon_first(buyer1):
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    soon = make_order(buyer=buyer1.buyer, reserved_until=now + dt.timedelta(hours=3))
    overdue = make_order(buyer=buyer1.buyer, status="proforma_issued", reserved_until=now - dt.timedelta(hours=1))
    make_order(buyer=buyer1.buyer, reserved_until=now + dt.timedelta(days=1))  # tomorrow
    make_order(buyer=buyer1.buyer, status="paid", reserved_until=now + dt.timedelta(hours=2))  # paid: no deadline

    assert reports.reservations_expiring_today(now=now) == [overdue, soon]


@pytest.mark.django_db
def test_the_dashboard_draws_the_known_numbers_into_its_svg(buyer1, buyer2, staff):
    this_month = formats.date_format(timezone.localdate(), "M")
    make_order(buyer=buyer1.buyer, created=month_ago(0))
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=59)
    make_order(buyer=buyer1.buyer, created=month_ago(0),
               reserved_until=min(timezone.now() + dt.timedelta(minutes=90), end_of_today))
    make_order(buyer=buyer2.buyer, status="paid", port="KZALA", paid=Decimal("10000"), created=month_ago(0))
    decide(VehicleFactory(), "RU", "blocked")

    html = client_as(staff).get(DASHBOARD).content.decode()

    orders = figure(html, "chart-orders")
    assert f"RU, {this_month}" in orders and segment_titles(orders) == [f"RU, {this_month}: 2", f"KZ, {this_month}: 1"]
    assert re.search(r'class="chart-value">3</text>', orders)  # the month's total on top of its bar
    status = figure(html, "chart-status")
    assert "Reserved: 2" in segment_titles(status) and "Paid: 1" in segment_titles(status)
    assert "RU: Clear 0, Review 0, Blocked 1" in figure(html, "chart-compliance")
    assert segment_titles(figure(html, "chart-compliance")) == ["Blocked, RU: 1"]
    assert 'id="fig-active">3<' in html and 'id="fig-expiring">1<' in html
    expiring = html[html.index('id="expiring"'):]
    assert "left" in expiring and buyer1.buyer.name in expiring


@pytest.mark.django_db
def test_an_empty_dashboard_says_so_instead_of_drawing_nothing(staff):
    html = client_as(staff).get(DASHBOARD).content.decode()
    assert "Nothing in these months" in figure(html, "chart-orders")
    assert "No vehicles available" in figure(html, "chart-stock-age")
    assert "No reservation ends today." in html


@pytest.mark.django_db
def test_the_dashboard_takes_one_query_per_chart_however_much_data(buyer1, buyer2, staff,
                                                                    django_assert_max_num_queries):
    client = client_as(staff)
    with django_assert_max_num_queries(10) as few:
        client.get(DASHBOARD)
    for months in range(12):
        order = make_order(buyer=(buyer1 if months % 2 else buyer2).buyer, status="shipped", created=month_ago(months),
                           port="KZALA" if months % 3 else "RUVVO", cars=2)
        ship_event(order, at=month_ago(months))
        decide(order.lines.first().vehicle, "RU", "review")
        make_order(buyer=buyer1.buyer, reserved_until=timezone.now() + dt.timedelta(minutes=5 + months))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(DASHBOARD).status_code == 200


def test_a_chart_is_an_accessible_svg_that_escapes_its_texts_and_scales():
    svg = stacked_bar_chart(title="Orders <all>", desc="RU & KZ", labels=[("Jan", "2026"), ("Feb", "")],
                            series=[Series(name="<script>", values=[1, 2]), Series(name="KZ", values=[0, 3])])
    assert svg.startswith('<svg class="chart" viewBox="0 0 ') and 'role="img"' in svg
    assert re.search(r'aria-labelledby="(chart\d+)-t \1-d"', svg)
    assert "<title id=" in svg and "Orders &lt;all&gt;" in svg and "<desc id=" in svg and "RU &amp; KZ" in svg
    assert "<script>" not in svg and "&lt;script&gt;, Feb: 2" in svg
    assert "style=" not in svg  # the Content-Security-Policy allows no style attributes
    assert ">5</text>" in svg and 'class="chart-value">1</text>' in svg  # Feb's total, Jan's


@pytest.mark.parametrize(("value", "expected"), [(0, (4, 1)), (3, (3, 1)), (7, (8, 2)), (23, (30, 10)),
                                                  (180, (200, 50)), (1, (1, 1))])
def test_the_axis_ends_on_a_round_number(value, expected):
    assert nice_ceiling(value) == expected


def test_month_labels_carry_the_year_without_running_two_years_together():
    labels = month_labels(reports.last_months(12, today=dt.date(2026, 11, 29)))
    assert labels[0] == ("Dec", "") and labels[1] == ("Jan", "2026") and labels[-1] == ("Nov", "")
    assert month_labels(reports.last_months(3, today=dt.date(2026, 5, 2)))[0] == ("Mar", "2026")
