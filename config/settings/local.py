"""Development settings: the default for manage.py, make run and pytest."""

from .base import *  # noqa: F403
from .base import env

# A demo account so the order pages show where to pay; production sets the broker's real one.
BROKER_BANK_ACCOUNT = env(
    "BROKER_BANK_ACCOUNT",
    default="Export Broker K.K. / MUFG Bank, Toyama Branch / SWIFT BOTKJPJT / A/C 0123456 (USD, JPY) (DEMO)",
)
