"""Thin tasks: load by id, call one service. Idempotent, so Celery may retry or the sweeper resend them."""

from celery import shared_task
from django.db import OperationalError

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def shipment_event_notify(event_id: int) -> int:
    from shipments.services.notify import shipment_event_notify as notify

    return notify(event_id=event_id)
