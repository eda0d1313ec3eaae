"""Admin for CSV imports (imported by inventory/admin.py). Read-only: jobs are made by uploads only."""

from django.contrib import admin

from inventory.models_imports import ImportJob, ImportRowError


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
