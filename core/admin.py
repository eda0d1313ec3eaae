from django.contrib import admin

from core.models import ExchangeRate, Location
from core.signals import exchange_rate_added


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "subdivision", "is_port", "function"]
    list_filter = ["is_port", "country"]
    search_fields = ["code", "name", "name_ascii"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Staff add rates for currencies the ECB lacks (KZT, KGS, AED, RUB after 2022-03). Rows are never edited."""

    list_display = ["date", "currency", "units_per_eur", "source", "entered_by"]
    list_filter = ["source", "currency"]
    search_fields = ["currency"]
    date_hierarchy = "date"
    fields = ["date", "currency", "units_per_eur"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.source = ExchangeRate.Source.STAFF
        obj.currency = obj.currency.upper()
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        # Catalog prices in that currency are re-expressed in EUR at once (inventory receives it).
        exchange_rate_added.send(sender=ExchangeRate, currency=obj.currency)
