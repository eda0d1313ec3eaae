"""Shared set-up for the benchmarks: a database of their own, so a bench never touches the dev data."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "bench_exportbroker"
# Celery messages and cache entries a bench causes go to a Redis database of their own too: a dev
# worker must never pick up a task naming rows of the bench database.
BENCH_REDIS_DB = os.environ.get("BENCH_REDIS_DB", "15")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql", "pgsql") else parts.scheme
    return urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _create_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        with contextlib.suppress(errors.DuplicateDatabase):  # another bench created it meanwhile
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_bench_database(name: str = BENCH_DATABASE, *, migrate: bool = True) -> str:
    """Point ``DATABASE_URL`` at database ``name`` on the same server, create and migrate it, set Django up.

    ``REDIS_URL`` moves to Redis database ``BENCH_REDIS_DB`` on the same server for the same reason.

    Call it instead of ``django.setup()`` (before anything reads settings). Returns the database URL.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        from config import embedded  # the same embedded server `make run` uses

        server_url = embedded.database_url()
    _create_database(server_url, name)
    url = _with_database(server_url, name)
    os.environ["DATABASE_URL"] = url
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        from config import embedded

        redis_url = embedded.redis_url()
    os.environ["REDIS_URL"] = redis_url.rsplit("/", 1)[0] + "/" + BENCH_REDIS_DB

    import django

    django.setup()
    if migrate:
        from django.core.management import call_command
        from django.db import connection

        # Two benches started together must not migrate the same database at once.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext('bench-migrate'))")
            try:
                call_command("migrate", verbosity=0, interactive=False)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(hashtext('bench-migrate'))")
    return url
