"""Shipping: carriers, RoRo vessels and voyages, shipments with legs, their events and uploaded papers."""

from shipments.models.attachments import Attachment
from shipments.models.shipments import (
    EVENT_ORDER,
    Carrier,
    ContainerSize,
    EventKind,
    Leg,
    Mode,
    Shipment,
    ShipmentEvent,
    ShipmentOrder,
    ShipmentStatus,
    Vessel,
    Voyage,
)

__all__ = ["EVENT_ORDER", "Attachment", "Carrier", "ContainerSize", "EventKind", "Leg", "Mode", "Shipment",
           "ShipmentEvent", "ShipmentOrder", "ShipmentStatus", "Vessel", "Voyage"]
