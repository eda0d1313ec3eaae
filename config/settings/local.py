"""Development settings: the default for manage.py, make run and pytest."""

from .base import *  # noqa: F403
from .demo_broker import *  # noqa: F403
