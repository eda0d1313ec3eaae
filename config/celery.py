"""The Celery app: Redis broker and result backend, JSON only; settings under CELERY_* in Django."""

import contextlib
import os

import redis
from celery import Celery
from celery.signals import worker_ready, worker_shutdown

from config.embedded import ensure_environment
from core import heartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
ensure_environment()  # before Django reads settings: the embedded servers unless the URLs are set

app = Celery("exportbroker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_heartbeat: dict = {}


@worker_ready.connect
def _start_heartbeat(sender, **kwargs):
    """Each worker tells /healthz it is alive (core.heartbeat), instead of answering broadcast pings."""
    _heartbeat["stop"] = heartbeat.start_beating(app.conf.broker_url, sender.hostname)
    _heartbeat["hostname"] = sender.hostname


@worker_shutdown.connect
def _stop_heartbeat(sender, **kwargs):
    if "stop" in _heartbeat:
        _heartbeat["stop"].set()
        with contextlib.suppress(redis.RedisError):  # shutting down with Redis gone: the beat goes stale
            heartbeat.forget(redis.Redis.from_url(app.conf.broker_url, socket_timeout=2), _heartbeat["hostname"])
