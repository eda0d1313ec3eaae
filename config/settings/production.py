"""Production settings: refuse to start without real secrets and servers."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("EMBEDDED_SERVICES", "false")
for required in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be a long random value in production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Printed on every invoice and contract: a paper must never tell a buyer to pay to a made-up account.
for required in ("BROKER_NAME", "BROKER_ADDRESS", "BROKER_BANK_ACCOUNT"):
    if not env(required, default=""):
        raise ImproperlyConfigured(f"{required} must be set in production: it is printed on every paper")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
