"""The shipments API's shapes (api.md): input serializers and the output data builders."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from shipments.models import ContainerSize, EventKind, Mode, Shipment, ShipmentEvent

MAX_ID = 2**31 - 1


class LegInputSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=Mode.choices)
    # "from" is a Python keyword: the field is declared under its JSON name below
    to = serializers.CharField(max_length=5, min_length=5)
    voyage = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    container_size = serializers.ChoiceField(choices=ContainerSize.choices, required=False, allow_blank=True)
    cars_per_container = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=8)
    container_no = serializers.CharField(required=False, allow_blank=True, max_length=11)
    seal_no = serializers.CharField(required=False, allow_blank=True, max_length=20)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(max_length=5, min_length=5)
        return fields


class ShipmentRequestSerializer(serializers.Serializer):
    order_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1,
                                      max_length=50)
    legs = LegInputSerializer(many=True, min_length=1, max_length=6)
    bl_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    courier_tracking = serializers.CharField(required=False, allow_blank=True, max_length=60)


class EventRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    at = serializers.DateTimeField()
    place = serializers.CharField(max_length=5, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class VoyageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vessel = serializers.CharField()
    carrier = serializers.CharField()
    number = serializers.CharField()
    port_of_loading = serializers.CharField()
    etd = serializers.DateTimeField()
    port_of_discharge = serializers.CharField()
    eta = serializers.DateTimeField()


class LegSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=Mode.choices)
    to = serializers.CharField()
    voyage = VoyageSerializer(allow_null=True)
    container_size = serializers.CharField()
    cars_per_container = serializers.IntegerField(allow_null=True)
    container_no = serializers.CharField()
    seal_no = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField()
        return fields


class ShipmentVehicleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stock_no = serializers.CharField()
    chassis_no = serializers.CharField()
    make = serializers.CharField()
    model = serializers.CharField()
    year = serializers.IntegerField()
    order = serializers.IntegerField()


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    at = serializers.DateTimeField()
    place = serializers.CharField(allow_null=True)
    note = serializers.CharField()


class ShipmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=EventKind.choices)
    orders = serializers.ListField(child=serializers.IntegerField())
    legs = LegSerializer(many=True)
    route = serializers.ListField(child=serializers.CharField())
    vehicles = ShipmentVehicleSerializer(many=True)
    bl_number = serializers.CharField()
    courier_tracking = serializers.CharField()
    events = EventSerializer(many=True)
    url = serializers.CharField()
    created = serializers.DateTimeField()


def voyage_data(voyage) -> dict | None:
    if voyage is None:
        return None
    return {"id": voyage.pk, "vessel": voyage.vessel.name, "carrier": voyage.vessel.carrier.name,
            "number": voyage.number, "port_of_loading": voyage.port_of_loading_id, "etd": voyage.etd,
            "port_of_discharge": voyage.port_of_discharge_id, "eta": voyage.eta}


def event_data(event: ShipmentEvent) -> dict:
    return {"id": event.pk, "kind": event.kind, "at": event.at, "place": event.place_id, "note": event.note}


def shipment_data(shipment: Shipment) -> dict:
    orders = list(shipment.orders.all())
    return {
        "id": shipment.pk, "number": shipment.number, "status": shipment.status,
        "orders": [order.pk for order in orders],
        "legs": [{"position": leg.position, "mode": leg.mode, "from": leg.origin_id, "to": leg.destination_id,
                  "voyage": voyage_data(leg.voyage), "container_size": leg.container_size,
                  "cars_per_container": leg.cars_per_container, "container_no": leg.container_no,
                  "seal_no": leg.seal_no} for leg in shipment.legs.all()],
        "route": [shipment.origin, *shipment.route],
        "vehicles": [{"id": line.vehicle.pk, "stock_no": line.vehicle.stock_no, "chassis_no": line.vehicle.chassis_no,
                      "make": line.vehicle.make, "model": line.vehicle.model, "year": line.vehicle.year,
                      "order": order.pk} for order in orders for line in order.lines.all()],
        "bl_number": shipment.bl_number, "courier_tracking": shipment.courier_tracking,
        "events": [event_data(event) for event in shipment.events.all()],
        "url": reverse("shipments:detail", args=[shipment.pk]), "created": shipment.created,
    }
