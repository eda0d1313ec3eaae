"""The catalog reads the inventory: the same Toyama yard, its merchant and one of its cars."""

from tests.inventory.conftest import merchant, vehicle, yard  # noqa: F401  (fixtures)
