"""The order's papers on a real worker: the proforma is asked for with the order and, once rendered, moves the
order to proforma issued (documents' ``document_ready``); the contract comes with the deposit."""

import time

import pytest
from django.utils import timezone

from brokerage.models import OrderStatus
from brokerage.services import order_place, payment_record
from core.money import round_money
from documents.models import Document
from notifications.models import Notification

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def wait(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_the_proforma_is_made_with_the_order_and_issues_it_then_the_contract_follows_the_deposit(
        celery_worker, buyer1, car, staff):
    order = order_place(user=buyer1, buyer=buyer1.buyer, vehicle_ids=[car.pk], destination_port="RUVVO", terms="CIF")
    proforma = Document.objects.get(object_id=order.pk, kind="proforma_invoice")
    assert proforma.language == "ru"
    assert wait(lambda: order.__class__.objects.get(pk=order.pk).status == OrderStatus.PROFORMA_ISSUED), \
        list(order.events.values("from_status", "to_status", "note")) or \
        Document.objects.filter(pk=proforma.pk).values("status", "error").first()
    assert Document.objects.get(pk=proforma.pk).status == "ready"
    assert not Document.objects.filter(object_id=order.pk, kind="sales_contract").exists()
    order.refresh_from_db()
    payment_record(order=order, by=staff, amount=round_money(order.total / 2, order.currency), currency=order.currency,
                   paid_on=timezone.localdate(), reference="TT-1")
    assert wait(lambda: Document.objects.filter(object_id=order.pk, kind="sales_contract", status="ready").exists())
    deposit = order.events.get(to_status=OrderStatus.DEPOSIT_PAID)
    # the worker is done with this order (its last notification sent) before the test's tables are emptied
    assert wait(lambda: Notification.objects.filter(key=f"order-event:{deposit.pk}").exists())
