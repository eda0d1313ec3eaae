"""Shipments' writes, one module per feature."""

from shipments.services.attachments import attachment_upload
from shipments.services.booking import LegInput, shipment_book
from shipments.services.events import shipment_event_record, shipment_references_update

__all__ = ["LegInput", "attachment_upload", "shipment_book", "shipment_event_record", "shipment_references_update"]
