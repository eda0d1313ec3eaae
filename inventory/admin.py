from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inventory.models import ImportJob, ImportRowError, Vehicle, VehicleEvent, VehiclePhoto


class PhotoInline(admin.TabularInline):
    model = VehiclePhoto
    extra = 0
    fields = ["position", "is_main", "state", "width", "height", "created"]
    readonly_fields = ["state", "width", "height", "created"]


@admin.register(Vehicle)
class VehicleAdmin(SimpleHistoryAdmin):
    list_display = ["stock_no", "make", "model", "year", "chassis_no", "fuel", "engine_cc", "price_amount",
                    "price_currency", "status", "yard", "updated"]
    list_filter = ["status", "fuel", "body_type", "steering", "yard__country", "yard"]
    list_select_related = ["yard"]
    search_fields = ["stock_no", "chassis_no", "make", "model", "model_code"]
    readonly_fields = ["stock_no", "price_eur", "created", "updated"]
    date_hierarchy = "created"
    inlines = [PhotoInline]
    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over a million rows on every page


@admin.register(VehiclePhoto)
class VehiclePhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "vehicle", "position", "is_main", "state", "width", "height", "created"]
    list_filter = ["state", "is_main"]
    raw_id_fields = ["vehicle", "uploaded_by"]


@admin.register(VehicleEvent)
class VehicleEventAdmin(admin.ModelAdmin):
    """Append-only: shown, never added, changed or deleted here."""

    list_display = ["at", "vehicle", "kind", "photo_id", "actor"]
    list_filter = ["kind"]
    raw_id_fields = ["vehicle", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# CSV imports are read-only here: jobs are made by uploads only.
@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "file_name", "yard", "status", "total_rows", "processed_rows", "created_count",
                    "updated_count", "error_count", "created", "finished"]
    list_filter = ["status", "yard"]
    search_fields = ["file_name", "yard__code", "uploaded_by__username"]
    date_hierarchy = "created"
    list_select_related = ["yard"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ImportRowError)
class ImportRowErrorAdmin(admin.ModelAdmin):
    list_display = ["job", "row", "field", "message"]
    list_filter = ["field"]
    search_fields = ["message", "field"]
    raw_id_fields = ["job"]
    readonly_fields = ["job", "row", "field", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
