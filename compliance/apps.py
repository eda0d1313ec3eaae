from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from accounts.hooks import register_buyer_status
        from compliance import messages, receivers  # noqa: F401
        from compliance.selectors.approvals import screening_status
        from compliance.services import checks, party_runs, rescreen
        from core import health, sweeper

        health.register_backlog("vehicles_unchecked", checks.vehicles_unchecked_count, threshold=0,
                                description="Listed vehicles changed over a minute ago without current decisions.")
        health.register_backlog("rescreens_stuck", rescreen.rescreens_stuck_count, threshold=0,
                                description="Re-screen runs past their lease (their worker died).")
        health.register_backlog("party_screenings_stuck", party_runs.screening_runs_stuck_count, threshold=0,
                                description="Party re-screens after a list import past their lease.")
        sweeper.register_sweep("rescreen_leases", rescreen.rescreen_leases_sweep)
        sweeper.register_sweep("party_screening_leases", party_runs.screening_leases_sweep)
        sweeper.register_sweep("vehicles_unchecked", checks.vehicles_unchecked_sweep)

        messages.register()
        register_buyer_status(screening_status)
