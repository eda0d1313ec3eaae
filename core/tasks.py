from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task
def heartbeat() -> str:
    """Beat's proof of life: the home page shows when it last ran."""
    now = timezone.now().isoformat()
    cache.set("beat:last", now, timeout=None)
    return now


@shared_task(acks_late=True)
def ecb_rates_fetch() -> str:
    """Fetch the ECB's reference rates (idempotent: a rate already stored is skipped)."""
    from core import ecb

    return ecb.ecb_rates_fetch().message


@shared_task
def add(x: int, y: int) -> int:
    """A trivial task the integration tests use to prove a worker answers through Redis."""
    return x + y


@shared_task(ignore_result=True)
def sweep() -> dict | None:
    """Beat, every ~30 s: send again what is owed, hand jobs past their lease back (core.sweeper)."""
    from core import sweeper

    return sweeper.sweep_all()
