"""Shared fixtures: reference data loaded once, a real Celery worker process, API clients per role."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.db.backends.postgresql.operations import DatabaseOperations
from django.utils import translation
from knox.models import AuthToken
from rest_framework.test import APIClient

from config.celery import app
from core import reference
from core.models import ExchangeRate, Location

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.trade"]  # the trade's shared fixtures: rules, a Toyama yard, staff, officer, merchant


def ensure_reference_data() -> None:
    """The shipped places and ECB rates (since 2015): loaded if missing, committed."""
    if not Location.objects.exists():
        reference.load_locations()
    if not ExchangeRate.objects.filter(source="ecb").exists():
        reference.load_ecb_rates(since="2015-01-01")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()
    yield
    # Keep-alive request threads of the live server may still hold a connection; end them so the
    # test database can be dropped cleanly.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(scope="session", autouse=True)
def _flush_may_truncate():
    """Transactional tests end with a flush (one TRUNCATE of every table). The append-only tables refuse
    TRUNCATE (compliance migration 0008) unless the session says ``exportbroker.allow_truncate``: the flush,
    and only the flush, says so (``SET LOCAL``: for its own transaction)."""
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if sql_list:
            sql_list = ["SET LOCAL exportbroker.allow_truncate = 'on'", *sql_list]
        # A worker process of a fault test may still be finishing a query: the TRUNCATE then loses a deadlock
        # and is simply tried again once the worker's transaction is over.
        for attempt in range(5):
            try:
                return original(self, sql_list)
            except OperationalError as exc:
                if "deadlock detected" not in str(exc) or attempt == 4:
                    raise
                time.sleep(0.5 * (attempt + 1))

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Transactional tests (real workers, browsers) end by emptying every table; the next one reloads.

    pytest-django runs plain database tests first and transactional ones after them, so the
    reload happens outside any test transaction and costs only the transactional tests.
    """
    wants_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames)
    if not wants_db:
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _default_language():
    """LocaleMiddleware activates a request's language for the whole thread and never undoes it: a test that
    reads a page in Japanese must not leave the next test's messages in Japanese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (throttle counters, cached facets): the test Redis database."""
    cache.clear()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real `celery worker` process on the test database and the test Redis database (no eager mode).

    Tests that use it must be transactional (`django_db(transaction=True)`) so the worker sees their rows.
    """
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["DATABASE_URL"] = _database_url(db)
    env["PYTHONUNBUFFERED"] = "1"
    app.control.purge()
    log = open(ROOT / ".dev" / f"test-worker-{db['NAME']}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1",
         "--without-gossip", "--without-mingle", "-l", "info", "-n", f"test-worker-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited; see {log.name}")
        if app.control.ping(timeout=0.5):
            break
    else:
        process.terminate()
        raise RuntimeError("celery worker did not answer within 60 s")
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _database_url(db: dict) -> str:
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = db.get("PASSWORD") or ""
    if host.startswith("/"):
        return f"postgresql://{db['USER']}:{password}@/{db['NAME']}?host={host}"
    return f"postgresql://{db['USER']}:{password}@{host}{port}/{db['NAME']}"


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Poll until ``predicate()`` is truthy (work done by the worker); return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def api_client():
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    _, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
