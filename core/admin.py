from django.contrib import admin, messages

from core.models import ExchangeRate, Location, RateFetch
from core.rates import rates_warnings
from core.signals import exchange_rate_added


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "subdivision", "is_port", "function"]
    list_filter = ["is_port", "country"]
    search_fields = ["code", "name", "name_ascii"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Staff add rates for currencies the ECB lacks (KZT, KGS, AED, RUB after 2022-03). Rows are never edited.

    The list warns when the ECB rates are old, the last fetch failed or a staff rate is past its validity.
    """

    list_display = ["date", "currency", "units_per_eur", "source", "valid_until", "entered_by"]
    list_filter = ["source", "currency"]
    search_fields = ["currency"]
    date_hierarchy = "date"
    fields = ["date", "currency", "units_per_eur", "valid_until"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        for warning in rates_warnings():
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        obj.source = ExchangeRate.Source.STAFF
        obj.currency = obj.currency.upper()
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        # Catalog prices in that currency are re-expressed in EUR at once (inventory receives it).
        exchange_rate_added.send(sender=ExchangeRate, currency=obj.currency)


@admin.register(RateFetch)
class RateFetchAdmin(admin.ModelAdmin):
    """When the ECB rates last arrived, and why a fetch failed. Kept as a record; nobody edits it."""

    list_display = ["started", "ok", "newest_date", "rows_added", "message"]
    list_filter = ["ok"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
