from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inventory.models import Vehicle, VehiclePhoto


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
from inventory import admin_imports  # noqa: E402,F401  registers the import admin
