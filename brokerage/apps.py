from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokerageConfig(AppConfig):
    name = "brokerage"
    verbose_name = _("Brokerage")

    def ready(self):
        from brokerage import messages, papers, receivers  # noqa: F401 (receivers connect on import)

        messages.register()
        papers.register_papers()
