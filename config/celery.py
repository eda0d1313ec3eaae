"""The Celery app: Redis broker and result backend, JSON only; settings under CELERY_* in Django."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("exportbroker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
