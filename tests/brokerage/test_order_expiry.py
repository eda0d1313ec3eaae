"""An unpaid reservation expires by itself: the beat schedule's task, run by a real worker, releases the cars,
records the event and tells buyer and merchant (in their language)."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from brokerage.models import Order, OrderStatus
from config.celery import app
from inventory.models import Vehicle
from notifications.models import Notification
from tests.brokerage.test_order_states import place
from tests.conftest import wait_for


def test_the_expiry_task_is_in_the_beat_schedule():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "brokerage.tasks.orders_expire")
    assert entry["schedule"].total_seconds() <= 60


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_worker_expires_an_unpaid_reservation_and_tells_buyer_and_merchant(celery_worker, buyer1, merchant, car,
                                                                                 rules):
    due = place(buyer1, car)
    later = place(buyer1, type(car).objects.create(**{
        **{f.name: getattr(car, f.name) for f in car._meta.concrete_fields if f.name not in ("id", "stock_no",
                                                                                             "chassis_no")},
        "stock_no": "T-LATER", "chassis_no": "ZRE212-7654321", "status": "available"}))
    Order.objects.filter(pk=due.pk).update(reserved_until=timezone.now() - dt.timedelta(minutes=1))
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "brokerage.tasks.orders_expire")

    assert app.send_task(entry["task"]).get(timeout=60) == 1
    assert app.send_task(entry["task"]).get(timeout=60) == 0  # idempotent: nothing left to expire

    due.refresh_from_db()
    assert due.status == OrderStatus.EXPIRED and due.reserved_until is None
    assert Vehicle.objects.get(pk=car.pk).status == "available"
    # the worker may have issued its proforma meanwhile (documents' document_ready): still unpaid, still held
    assert Order.objects.get(pk=later.pk).status in (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED)
    event = due.events.get(to_status="expired")
    assert event.actor_id is None and event.from_status in ("reserved", "proforma_issued")
    notified = wait_for(lambda: set(Notification.objects.filter(key=f"order-event:{event.pk}")
                                    .values_list("user_id", flat=True)) >= {buyer1.pk, merchant.pk} or None)
    assert notified
    note = Notification.objects.get(key=f"order-event:{event.pk}", user=buyer1)
    assert note.message_key == "brokerage.order_status.expired" and note.params == {"number": due.number}
    assert due.number in note.display_title
