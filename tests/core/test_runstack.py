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


def test_runstack_starts_web_worker_beat_on_fresh_embedded_servers_and_ctrl_c_stops_them_all(tmp_path):
    port = _free_port()
    env = _clean_env(EMBEDDED_DATA_DIR=str(tmp_path / "dev"), EMBEDDED_REDIS_PORT=str(_free_port()))
    process = subprocess.Popen([sys.executable, "manage.py", "runstack", "--port", str(port), "--no-seed",
                                "--web-workers", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 240
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            health = _healthz(port)
            if health and health["status"] == "ok":
                break
            time.sleep(1)
        assert health == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "worker": "ok"}}
        started = psutil.Process(process.pid).children(recursive=True)
        names = " ".join(" ".join(child.cmdline()) for child in started)
        assert "gunicorn" in names and "worker" in names and "beat" in names
        embedded = [p for p in psutil.process_iter(["cmdline"])
                    if str(tmp_path) in " ".join(p.info["cmdline"] or [])
                    or env["EMBEDDED_REDIS_PORT"] in " ".join(p.info["cmdline"] or [])]
        assert embedded, "the embedded PostgreSQL and Redis run for this stack"
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output[-2000:]
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
