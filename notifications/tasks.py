"""Thin tasks: load by id, call one service. Idempotent, so Celery and the outbox may run them twice."""

from celery import shared_task
from django.db import OperationalError

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def buyer_decision_notify(buyer_id: int, status: str) -> int:
    from notifications import services

    return services.buyer_decision_tell(buyer_id=buyer_id, status=status)
