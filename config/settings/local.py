"""Development settings: the default for manage.py, make run and pytest."""

from .base import *  # noqa: F403
