from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokerageConfig(AppConfig):
    name = "brokerage"
    verbose_name = _("Brokerage")

    def ready(self):
        from accounts.hooks import register_shipped_ports
        from brokerage import messages, papers, receivers, selectors  # noqa: F401 (receivers connect on import)

        messages.register()
        papers.register_papers()
        register_shipped_ports(selectors.ports_shipped_to)
