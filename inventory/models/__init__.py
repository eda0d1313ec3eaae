"""Inventory's tables, one module per feature; every model is importable from ``inventory.models``."""

from inventory.models.events import VehicleEvent
from inventory.models.imports import ImportJob, ImportRowError
from inventory.models.photo_archives import PhotoArchive, PhotoArchiveEntry
from inventory.models.photos import VehiclePhoto
from inventory.models.vehicles import (
    PUBLIC_STATUSES,
    BodyType,
    Category,
    Drive,
    Fuel,
    Status,
    Steering,
    Transmission,
    Vehicle,
    in_catalog_q,
)

__all__ = [
    "PUBLIC_STATUSES", "BodyType", "Category", "Drive", "Fuel", "ImportJob",
    "ImportRowError", "PhotoArchive", "PhotoArchiveEntry", "Status", "Steering", "Transmission", "Vehicle",
    "VehicleEvent", "VehiclePhoto", "in_catalog_q",
]
