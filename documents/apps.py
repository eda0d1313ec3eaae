from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core import health, sweeper
        from documents import services

        health.register_backlog("documents_overdue", services.documents_overdue_count, threshold=0,
                                description="Papers still pending well after they were asked for.")
        health.register_backlog("documents_failed", services.documents_failed_count, threshold=0,
                                description="Papers that failed to render and have no newer version yet.")
        sweeper.register_sweep("document_leases", services.document_leases_sweep)
