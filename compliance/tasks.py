"""Thin tasks: load by id, call one service. Idempotent, so Celery may retry them.

The services import this module to enqueue runs, so the tasks import the services when they run
(architecture.md allows function-level imports in tasks.py for exactly this).
"""

from celery import shared_task
from django.db import OperationalError

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def check_vehicles(vehicle_ids: list[int]) -> int:
    from compliance import services

    return services.vehicles_check(vehicle_ids=vehicle_ids, only_stale=True)


@shared_task(**RETRY)
def rescreen(run_id: int) -> int | None:
    from compliance import services

    run = services.rescreen_execute(run_id=run_id)
    return run.changed if run else None


@shared_task(**RETRY)
def rescreen_rules_coming_into_force() -> int | None:
    from compliance import services

    run = services.rescreen_rules_due()
    return run.pk if run else None


@shared_task(**RETRY)
def screen_buyer(buyer_id: int) -> int:
    from compliance.services import parties

    return len(parties.buyer_screen(buyer_id=buyer_id))


@shared_task(**RETRY)
def screen_parties(run_id: int) -> int | None:
    from compliance.services import party_runs

    run = party_runs.screening_run_execute(run_id=run_id)
    return run.done if run else None
