"""Admin: staff edit freight rates; orders, events, payments and proofs are read there (changes go through the
services and pages, so every change leaves its event)."""

from django.contrib import admin

from brokerage.models import FreightRate, Order, OrderEvent, OrderVehicle, Payment, PaymentProof, Quote


@admin.register(FreightRate)
class FreightRateAdmin(admin.ModelAdmin):
    list_display = ["origin", "destination", "mode", "amount", "currency", "insurance_rate", "valid_from",
                    "valid_until"]
    list_filter = ["mode", "currency"]
    search_fields = ["origin__code", "origin__name", "destination__code", "destination__name"]
    raw_id_fields = ["origin", "destination"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = OrderVehicle
    extra = 0
    can_delete = False
    readonly_fields = ["vehicle", "price", "inland", "freight", "insurance", "fee", "total", "active"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "from_status", "to_status", "actor", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "buyer", "status", "total", "paid", "currency", "reserved_until", "created"]
    list_filter = ["status", "review_state"]
    search_fields = ["number", "buyer__name"]
    inlines = [LineInline, EventInline]


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["id", "buyer", "terms", "destination_port", "total", "currency", "valid_until"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order", "amount", "currency", "paid_on", "reference", "recorded_by"]
    search_fields = ["order__number", "reference"]


@admin.register(PaymentProof)
class PaymentProofAdmin(ReadOnlyAdmin):
    list_display = ["order", "original_name", "content_type", "size", "status", "created"]
    exclude = ["file"]
