"""Loaded by pytest (``-p config.pytest_plugin``) before pytest-django configures Django.

It points ``DATABASE_URL`` / ``REDIS_URL`` at the embedded servers when they are unset, as
``manage.py`` does: importing settings starts nothing by itself.
"""

from config.embedded import ensure_environment

ensure_environment()
