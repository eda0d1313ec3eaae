from django.contrib import admin

from shipments.models import Attachment, Carrier, Leg, Shipment, ShipmentEvent, Vessel, Voyage


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "scac"]


@admin.register(Vessel)
class VesselAdmin(admin.ModelAdmin):
    list_display = ["name", "carrier", "imo"]


@admin.register(Voyage)
class VoyageAdmin(admin.ModelAdmin):
    list_display = ["vessel", "number", "port_of_loading", "etd", "port_of_discharge", "eta"]
    raw_id_fields = ["port_of_loading", "port_of_discharge"]


class LegInline(admin.TabularInline):
    model = Leg
    extra = 0
    raw_id_fields = ["origin", "destination", "voyage"]


class EventInline(admin.TabularInline):
    """Events are append-only: shown, never edited here (staff record them on the shipment page)."""

    model = ShipmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "place", "note", "actor", "recorded"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "bl_number", "created"]
    search_fields = ["number", "bl_number"]
    readonly_fields = ["number", "status", "route", "origin", "checks", "created_by"]
    inlines = [LegInline, EventInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["shipment", "kind", "original_name", "size", "created"]
    readonly_fields = ["file", "content_type", "size", "sha256", "uploaded_by"]
