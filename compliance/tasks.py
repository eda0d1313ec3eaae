"""Thin tasks: load by id, call one service. Idempotent, so Celery may retry them."""

from celery import shared_task
from django.db import OperationalError

from compliance import services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def check_vehicles(vehicle_ids: list[int]) -> int:
    return services.vehicles_check(vehicle_ids=vehicle_ids)


@shared_task(**RETRY)
def rescreen(run_id: int) -> int | None:
    run = services.rescreen_execute(run_id=run_id)
    return run.changed if run else None


@shared_task(**RETRY)
def rescreen_rules_coming_into_force() -> int | None:
    run = services.rescreen_rules_due()
    return run.pk if run else None
