"""The demo broker printed on papers in development and tests (production must set its own, see production.py)."""

from .base import env

BROKER_NAME = env("BROKER_NAME", default="Export Broker K.K. (demo)")
BROKER_ADDRESS = env("BROKER_ADDRESS", default="1-2-3 Minato Mirai, Nishi-ku, Yokohama 220-0012, Japan")
BROKER_BANK_ACCOUNT = env("BROKER_BANK_ACCOUNT", default=(
    "Demo Bank, Yokohama Branch; SWIFT DEMOJPJT; account 0000000 (demo: not a real account)"))
