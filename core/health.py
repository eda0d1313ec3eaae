"""Health checks: real answers from the database, Redis and a live Celery worker."""

import redis
from celery import current_app as app
from django.conf import settings
from django.db import connection


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # any failure is the answer, not a crash
        return f"error: {exc.__class__.__name__}"


def check_redis(url: str) -> str:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def check_worker(url: str, timeout: float = 1.5) -> str:
    """Broadcast a ping; at least one worker must answer within ``timeout`` seconds."""
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
            replies = app.control.ping(timeout=timeout, connection=conn)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok" if replies else "error: no worker answered"


def run_checks() -> dict[str, str]:
    url = settings.REDIS_URL
    checks = {"database": check_database(), "redis": check_redis(url)}
    checks["worker"] = (
        check_worker(settings.CELERY_BROKER_URL) if checks["redis"] == "ok" else "error: broker unreachable"
    )
    return checks
