"""The Celery app: Redis broker and result backend, JSON only; settings under CELERY_* in Django."""

import os

from celery import Celery

from config.embedded import ensure_environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
ensure_environment()  # before Django reads settings: the embedded servers unless the URLs are set

app = Celery("exportbroker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
