"""The staff orders board: who may open it, columns per status, filters, pages, and the actions on a card."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brokerage import reports
from brokerage.models import Order, OrderEvent
from tests.brokerage.board_data import decide, make_order
from tests.factories import YardFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
BOARD = reverse("brokerage:board")


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def column(html: str, status: str) -> str:
    match = re.search(rf'<section class="board-column board-{status}".*?</section>', html, re.S)
    assert match, status
    return match.group(0)


def numbers_in(html: str, status: str) -> list[str]:
    return re.findall(r'data-order="([^"]+)"', column(html, status))


@pytest.mark.parametrize("name", ["brokerage:board", "brokerage:dashboard"])
def test_only_broker_staff_and_officers_open_the_staff_pages(name, buyer1, merchant, staff, officer):
    url = reverse(name)
    assert Client().get(url).status_code == 302
    assert client_as(buyer1).get(url).status_code == 403
    assert client_as(merchant).get(url).status_code == 403
    assert client_as(officer).get(url).status_code == 200
    assert client_as(staff).get(url).status_code == 200


def test_a_buyer_cannot_cancel_through_the_board(buyer1):
    order = make_order(buyer=buyer1.buyer)
    response = client_as(buyer1).post(reverse("brokerage:board_cancel", args=[order.pk]), {"reason": "mine"})
    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == "reserved"


def test_the_board_puts_each_order_in_its_status_column_with_money_and_gates(buyer1, buyer2, staff):
    reserved = make_order(buyer=buyer1.buyer, total=Decimal("12000"))
    deposit = make_order(buyer=buyer1.buyer, status="deposit_paid", total=Decimal("9000"), paid=Decimal("4500"))
    paid = make_order(buyer=buyer2.buyer, status="paid", port="KZALA", total=Decimal("5000"), paid=Decimal("5000"))
    shipped = make_order(buyer=buyer1.buyer, status="shipped", paid=Decimal("10000"))
    cancelled = make_order(buyer=buyer1.buyer, status="cancelled")
    old = make_order(buyer=buyer1.buyer, status="expired", updated=timezone.now() - dt.timedelta(days=40))
    blocked = make_order(buyer=buyer1.buyer, review_state="pending")
    decide(blocked.lines.get().vehicle, "RU", "blocked")
    decide(reserved.lines.get().vehicle, "KZ", "blocked")  # another destination: no problem for this order

    html = client_as(staff).get(BOARD).content.decode()

    assert sorted(numbers_in(html, "reserved")) == sorted([reserved.number, blocked.number])
    assert numbers_in(html, "deposit_paid") == [deposit.number]
    assert numbers_in(html, "paid") == [paid.number]
    assert numbers_in(html, "shipped") == [shipped.number]
    assert numbers_in(html, "cancelled") == [cancelled.number]
    assert old.number not in html  # ended more than 30 days ago
    deposit_card = column(html, "deposit_paid")
    assert "9,000 USD" in deposit_card and "4,500 USD" in deposit_card
    assert re.search(r'order-balance">\s*4,500 USD', deposit_card)
    assert "Almaty Cars" in column(html, "paid") and "KZALA" in column(html, "paid")
    reserved_column = column(html, "reserved")
    blocked_card = reserved_column[reserved_column.index(f'data-order="{blocked.number}"'):]
    assert "Vehicle blocked" in blocked_card and "Sale awaits review" in blocked_card
    plain_card = reserved_column[reserved_column.index(f'data-order="{reserved.number}"'):]
    plain_card = plain_card[:plain_card.index("</article>")]
    assert "Vehicle blocked" not in plain_card and "left" in plain_card  # the reservation's countdown
    assert 'id="col-paid"' in html and 'data-count="1"' in column(html, "paid")


def test_filters_narrow_the_board_by_destination_yard_and_search(buyer1, buyer2, staff, toyama):
    horgos = YardFactory(code="HG", country="CN")
    to_russia = make_order(buyer=buyer1.buyer, yard=toyama)
    to_kazakhstan = make_order(buyer=buyer2.buyer, port="RUVVO", route=["RU", "KZ"], yard=horgos)
    client = client_as(staff)

    by_country = client.get(BOARD, {"country": "KZ"}).content.decode()
    assert numbers_in(by_country, "reserved") == [to_kazakhstan.number]
    by_yard = client.get(BOARD, {"yard": toyama.pk}).content.decode()
    assert numbers_in(by_yard, "reserved") == [to_russia.number]
    by_buyer = client.get(BOARD, {"q": "almaty"}).content.decode()
    assert numbers_in(by_buyer, "reserved") == [to_kazakhstan.number]
    by_number = client.get(BOARD, {"q": to_russia.number[-4:]}).content.decode()
    assert numbers_in(by_number, "reserved") == [to_russia.number]


def test_each_column_pages_on_its_own(buyer1, staff):
    now = timezone.now()
    reserved = [make_order(buyer=buyer1.buyer, reserved_until=now + dt.timedelta(hours=hour)) for hour in range(1, 13)]
    paid = make_order(buyer=buyer1.buyer, status="paid", paid=Decimal("10000"))
    client = client_as(staff)

    first = client.get(BOARD).content.decode()
    assert numbers_in(first, "reserved") == [order.number for order in reserved[:10]]  # soonest deadline first
    assert "Page 1 of 2" in column(first, "reserved")
    second = client.get(BOARD, {"p_reserved": "2"}).content.decode()
    assert numbers_in(second, "reserved") == [order.number for order in reserved[10:]]
    assert numbers_in(second, "paid") == [paid.number]
    assert numbers_in(client.get(BOARD, {"p_reserved": "99"}).content.decode(), "reserved")[0] == reserved[10].number


def test_the_board_takes_the_same_few_queries_for_many_orders(buyer1, buyer2, staff, django_assert_max_num_queries):
    client = client_as(staff)
    for status in ("reserved", "paid", "shipped"):
        make_order(buyer=buyer1.buyer, status=status, cars=2)
    with django_assert_max_num_queries(9) as few:
        assert client.get(BOARD).status_code == 200
    for index, status in enumerate(reports.BOARD_COLUMNS * 4):
        order = make_order(buyer=(buyer1 if index % 2 else buyer2).buyer, status=status, cars=3)
        decide(order.lines.first().vehicle, "RU", "review")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(BOARD)
    assert response.content.decode().count("<article") == len(reports.BOARD_COLUMNS) * 4 + 3


def test_staff_cancel_an_order_with_a_reason_through_the_cards_form(buyer1, staff):
    order = make_order(buyer=buyer1.buyer, status="deposit_paid", paid=Decimal("5000"))
    client = client_as(staff)
    page = client.get(BOARD, {"q": order.number}).content.decode()
    data = form_data(page, having="reason")
    assert data["back"] == f"q={order.number}"
    data["reason"] = "buyer asked, refund agreed"

    response = client.post(reverse("brokerage:board_cancel", args=[order.pk]), data)

    assert response.status_code == 302 and response["Location"] == f"{BOARD}?q={order.number}"
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert order.lines.get().vehicle.status == "available"
    event = OrderEvent.objects.filter(order=order, to_status="cancelled").get()
    assert event.note == "buyer asked, refund agreed" and event.actor == staff
    assert "is cancelled" in client.get(response["Location"]).content.decode()


def test_a_cancel_without_a_reason_changes_nothing_and_says_why(buyer1, staff):
    order = make_order(buyer=buyer1.buyer)
    client = client_as(staff)
    data = form_data(client.get(BOARD).content.decode(), having="reason")  # the reason left empty

    response = client.post(reverse("brokerage:board_cancel", args=[order.pk]), data, follow=True)

    assert Order.objects.get(pk=order.pk).status == "reserved"
    assert "give the reason for cancelling" in response.content.decode()


def test_a_paid_order_moves_to_ready_to_ship_from_its_card(buyer1, staff):
    order = make_order(buyer=buyer1.buyer, status="paid", paid=Decimal("10000"))
    client = client_as(staff)
    page = client.get(BOARD).content.decode()
    assert "/ready/" not in column(page, "reserved") and "/ready/" in column(page, "paid")
    data = form_data(page, having="to")

    response = client.post(reverse("brokerage:board_ready", args=[order.pk]), data, follow=True)

    assert Order.objects.get(pk=order.pk).status == "ready_to_ship"
    assert numbers_in(response.content.decode(), "ready_to_ship") == [order.number]


def test_a_closed_gate_refuses_the_move_and_the_board_says_so(buyer1, staff):
    order = make_order(buyer=buyer1.buyer, status="paid", paid=Decimal("10000"), review_state="pending")
    client = client_as(staff)
    data = form_data(client.get(BOARD).content.decode(), having="to")

    response = client.post(reverse("brokerage:board_ready", args=[order.pk]), data, follow=True)

    assert Order.objects.get(pk=order.pk).status == "paid"
    assert "cannot move on yet" in response.content.decode()


def test_a_move_the_order_does_not_allow_is_refused(buyer1, staff):
    order = make_order(buyer=buyer1.buyer)
    response = client_as(staff).post(reverse("brokerage:board_ready", args=[order.pk]), {"to": "ready_to_ship"},
                                     follow=True)
    assert Order.objects.get(pk=order.pk).status == "reserved"
    assert "cannot become" in response.content.decode()
