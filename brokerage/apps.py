from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokerageConfig(AppConfig):
    name = "brokerage"
    verbose_name = _("Brokerage")

    def ready(self):
        from brokerage import messages

        messages.register()
