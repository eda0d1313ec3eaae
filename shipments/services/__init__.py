"""Shipments' writes, one module per feature."""

from shipments.services.attachments import attachment_upload
from shipments.services.booking import LegInput, leg_voyage_set, shipment_book
from shipments.services.events import shipment_event_record, shipment_references_update

__all__ = ["LegInput", "attachment_upload", "leg_voyage_set", "shipment_book", "shipment_event_record",
           "shipment_references_update"]
