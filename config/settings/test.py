"""Test settings: the same real PostgreSQL and Redis as development (embedded unless URLs are set)."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env
from .demo_broker import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast sign-ins in tests
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=BASE_DIR / ".dev" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "documents.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(env.path("TEST_PRIVATE_MEDIA_ROOT",
                                                     default=BASE_DIR / ".dev" / "test-private"))}},
}
# Papers: quick retries; the test-only paper kinds are registered in every test process and worker.
DOCUMENT_RETRY_SECONDS = env.float("DOCUMENT_RETRY_SECONDS", default=0.2)
CELERY_IMPORTS = ["tests.documents.kinds"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A separate Redis database so tests never consume a running dev worker's queue; TEST_REDIS_DB and
# TEST_DB_NAME let several test runs share one machine without touching each other.
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL.rsplit("/", 1)[0] + "/" + env("TEST_REDIS_DB", default="9")  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME", default="test_exportbroker")}  # noqa: F405
# The cache too: tests clear it, which must never empty a developer's cache or queue.
CACHES = {"default": {**CACHES["default"],  # noqa: F405
                      "LOCATION": REDIS_URL.rsplit("/", 1)[0] + "/" + env("TEST_CACHE_REDIS_DB", default="8")}}  # noqa: F405
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute"}}  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405  (WhiteNoise warns on every request otherwise)
# Live-server request threads must not keep connections (they would block dropping the test database).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
BROKER_BANK_ACCOUNT = "Export Broker K.K. / Test Bank / SWIFT TESTJPJT / A/C 0000001"
