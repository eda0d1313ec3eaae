"""Inventory writes, one module per feature: vehicles, photos (with images), imports; raw SQL in bulk_sql.

The vehicle services are what other apps call (``inventory.services.vehicle_create(...)``).
"""

from inventory.services.bulk_sql import stock_numbers_allocate, vehicle_prices_refresh
from inventory.services.sales import vehicle_release, vehicle_reserve, vehicle_sell, vehicle_ship, vehicles_lock
from inventory.services.vehicles import (
    EDITABLE_FIELDS,
    MERCHANT_TRANSITIONS,
    REPRICE_DIRECTIONS,
    REPRICE_KINDS,
    VehicleChanged,
    vehicle_create,
    vehicle_lock,
    vehicle_set_status,
    vehicle_update,
    vehicles_bulk_action,
)

__all__ = [
    "EDITABLE_FIELDS", "MERCHANT_TRANSITIONS", "REPRICE_DIRECTIONS", "REPRICE_KINDS", "VehicleChanged",
    "stock_numbers_allocate", "vehicle_create", "vehicle_lock", "vehicle_prices_refresh", "vehicle_set_status",
    "vehicle_update", "vehicles_bulk_action", "vehicle_release", "vehicle_reserve", "vehicle_sell",
    "vehicle_ship", "vehicles_lock",
]
