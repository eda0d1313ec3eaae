"""The exchange rates printed on an order's papers (proforma, contract, commercial invoice)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from brokerage.papers import order_common
from tests.brokerage.test_order_states import place

pytestmark = pytest.mark.django_db


def test_the_papers_print_each_exchange_rate_with_its_date(buyer1, car, rules):
    """The order keeps the rates' dates as text: the papers printed "ecb," with the date left out."""
    order = place(buyer1, car)
    order.rates = [{"from": "EUR", "to": "JPY", "rate": "163.36", "date": "2025-05-09", "source": "ecb"},
                   {"from": "EUR", "to": "RUB", "rate": "93.5", "date": "", "source": "staff"}]
    html = render_to_string("papers/rates.html", {"rates": order_common(order)["rates"]})
    assert "ECB reference rate, 2025-05-09" in html
    assert "1 EUR = 93.5 RUB" in html


def test_the_papers_name_each_rate_source_in_the_papers_language_not_its_code(buyer1, car, rules):
    """The papers printed the stored codes "ecb" and "staff"."""
    order = place(buyer1, car)
    order.rates = [{"from": "EUR", "to": "JPY", "rate": "163.36", "date": "2025-05-09", "source": "ecb"},
                   {"from": "EUR", "to": "RUB", "rate": "93.5", "date": "2025-05-09", "source": "staff"}]
    with translation.override("ru"):
        html = render_to_string("papers/rates.html", {"rates": order_common(order)["rates"]})
    assert "ECB reference rate" in html and "справочный курс ЕЦБ" in html
    assert "broker&#x27;s rate" in html and "курс брокера" in html
    assert ">ecb" not in html and ">staff" not in html
