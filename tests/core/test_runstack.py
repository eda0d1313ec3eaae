"""`make run` as a user runs it: one command brings everything up, Ctrl-C takes everything down."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "EMBEDDED_POSTGRES_IN_USE", "EMBEDDED_REDIS_IN_USE",
                          "DJANGO_SETTINGS_MODULE")}
    env.update(extra)
    return env


def _healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.loads(response.read())
    except Exception:
        return None


def _children(process) -> list[psutil.Process]:
    return psutil.Process(process.pid).children(recursive=True)


def _worker_main(process) -> psutil.Process | None:
    """The Celery worker's main process (its parent is runstack itself)."""
    for child in psutil.Process(process.pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and " worker " in " ".join(child.cmdline()) + " ":
                return child
        except psutil.Error:  # gone, or dead and not yet reaped
            continue
    return None


def _wait_healthy(port: int, process, timeout: float) -> dict | None:
    deadline = time.monotonic() + timeout
    health = None
    while time.monotonic() < deadline and process.poll() is None:
        health = _healthz(port)
        if health and health["status"] == "ok":
            return health
        time.sleep(1)
    return health


def test_runstack_starts_web_worker_beat_on_fresh_embedded_servers_restarts_a_killed_worker_and_ctrl_c_stops_all(
        tmp_path):
    port = _free_port()
    env = _clean_env(EMBEDDED_DATA_DIR=str(tmp_path / "dev"), EMBEDDED_REDIS_PORT=str(_free_port()))
    log = (tmp_path / "runstack.log").open("w+")
    process = subprocess.Popen([sys.executable, "manage.py", "runstack", "--port", str(port), "--no-seed",
                                "--web-workers", "1"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, text=True)
    embedded: list[psutil.Process] = []
    started: list[psutil.Process] = []
    try:
        health = _wait_healthy(port, process, 240)
        assert health and health["checks"] == {"database": "ok", "redis": "ok", "worker": "ok"}
        started = _children(process)
        names = " ".join(" ".join(child.cmdline()) for child in started)
        assert "gunicorn" in names and "worker" in names and "beat" in names
        embedded = [p for p in psutil.process_iter(["cmdline"])
                    if str(tmp_path) in " ".join(p.info["cmdline"] or [])
                    or env["EMBEDDED_REDIS_PORT"] in " ".join(p.info["cmdline"] or [])]
        assert embedded, "the embedded PostgreSQL and Redis run for this stack"

        # A worker killed outright (OOM, kill -9) comes back by itself; web and beat keep running.
        victim = _worker_main(process)
        os.killpg(victim.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replacement = _worker_main(process)
            if replacement and replacement.pid != victim.pid:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the killed worker was not restarted")
        assert process.poll() is None, "killing the worker must not stop the stack"
        assert _wait_healthy(port, process, 90)["status"] == "ok"
        started = _children(process)
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        process.wait(timeout=90)
    log.seek(0)
    output = log.read()
    assert process.returncode == 0, output[-2000:]
    assert "restarting worker" in output
    time.sleep(1)
    leftovers = [p for p in [*started, *embedded] if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert leftovers == [], [p.cmdline() for p in leftovers]
    assert "Embedded servers stopped" in output


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not (_reachable(5432) and _reachable(6379)), reason="no PostgreSQL/Redis server on this machine")
def test_setting_database_url_and_redis_url_switches_to_real_servers_with_no_code_change():
    code = ("from django.conf import settings; from django.db import connection; import os;"
            "connection.ensure_connection();"
            "print(settings.DATABASES['default']['PORT'], settings.REDIS_URL,"
            " os.environ.get('EMBEDDED_POSTGRES_IN_USE'), os.environ.get('EMBEDDED_REDIS_IN_USE'))")
    env = _clean_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres", REDIS_URL="redis://127.0.0.1:6379/5")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "5432 redis://127.0.0.1:6379/5 None None"
