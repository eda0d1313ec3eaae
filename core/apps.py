from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Reference data")

    def ready(self):
        # The Celery app, so that every Django process (web, shell, tests) sends tasks through Redis.
        import config.celery  # noqa: F401
        from core import health, outbox, rates

        health.register_warnings("exchange_rates", rates.rates_warnings)
        # owed tasks the broker never got (or that never ran) for more than a minute past their time
        health.register_backlog("outbox_overdue", outbox.outbox_overdue_count, threshold=0,
                                description="Tasks owed after a commit and not run in time.")
