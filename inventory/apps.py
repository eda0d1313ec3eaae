from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from core import health, sweeper
        from inventory import receivers  # noqa: F401
        from inventory.services import imports, photos
        from inventory.services.imports import photo_archive

        health.register_backlog("imports_stuck", imports.imports_stuck_count, threshold=0,
                                description="CSV imports past their lease (their worker died).")
        health.register_backlog("photos_stuck", photos.photos_stuck_count, threshold=0,
                                description="Photos past their lease (their worker died).")
        sweeper.register_sweep("import_leases", imports.imports_leases_sweep)
        sweeper.register_sweep("photo_leases", photos.photos_leases_sweep)
        health.register_backlog("photo_archives_stuck", photo_archive.photo_archives_stuck_count, threshold=0,
                                description="ZIPs of photos past their lease (their worker died).")
        sweeper.register_sweep("photo_archive_leases", photo_archive.photo_archives_leases_sweep)
