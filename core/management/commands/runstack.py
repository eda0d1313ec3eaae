"""`make run`: migrate, seed the demo once, then web (gunicorn), a Celery worker and beat, until Ctrl-C.

A web, worker or beat process that dies is restarted with back-off; nothing else stops the stack.

Ctrl-C or SIGTERM stops every process this started, then the embedded PostgreSQL and Redis
(unless --keep-services, or when DATABASE_URL / REDIS_URL point at servers we did not start).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

MAX_BACKOFF = 30  # seconds between restarts of a process that keeps dying
RESET_AFTER = 60  # a process that ran this long had no quick death: back-off starts again at 1 s


class Command(BaseCommand):
    help = "Run the whole stack: web, Celery worker and beat (what `make run` calls)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--keep-services", action="store_true",
                            help="Leave the embedded PostgreSQL and Redis running on exit.")
        parser.add_argument("--no-seed", action="store_true")

    def handle(self, *args, **options):
        embedded_postgres = os.environ.get("EMBEDDED_POSTGRES_IN_USE") == "1"
        embedded_redis = os.environ.get("EMBEDDED_REDIS_IN_USE") == "1"
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_seed"] and settings.DEBUG:
            call_command("seed_demo", "--if-empty")  # demo's command, by name: core imports no app above it
        connections.close_all()

        python = sys.executable
        env = dict(os.environ)
        beat_schedule = str(settings.BASE_DIR / ".dev" / "celerybeat-schedule")
        commands = {
            "web": [python, "-m", "gunicorn", "config.wsgi:application",
                    "--bind", f"{options['host']}:{options['port']}", "--workers", str(options["web_workers"]),
                    "--access-logfile", "-", "--timeout", "60"],
            "worker": [python, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2",
                       "-n", "worker@%h"],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "-l", "info", "-s", beat_schedule],
        }
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        def start(name):
            processes[name] = subprocess.Popen(commands[name], env=env, cwd=settings.BASE_DIR,
                                               start_new_session=True)
            started[name] = time.monotonic()

        started: dict[str, float] = {}
        failures: dict[str, int] = dict.fromkeys(commands, 0)
        restart_at: dict[str, float] = {}
        try:
            for name in commands:
                start(name)
            self.stdout.write(self.style.SUCCESS(
                f"Export Broker is running on http://{options['host']}:{options['port']}/ "
                "(web, worker, beat). Ctrl-C stops everything."))
            while not stopping:
                # Supervision: a process that dies is started again, waiting longer after each quick death
                # (1, 2, 4 … 30 s); one that ran a minute starts the count afresh. Only Ctrl-C/SIGTERM stop.
                now = time.monotonic()
                for name, process in list(processes.items()):
                    if name in restart_at:
                        if now >= restart_at[name]:
                            restart_at.pop(name)
                            self.stderr.write(f"restarting {name}")
                            start(name)
                    elif process.poll() is not None:
                        failures[name] = 0 if now - started[name] > RESET_AFTER else failures[name] + 1
                        delay = min(MAX_BACKOFF, 2 ** max(failures[name] - 1, 0)) if failures[name] else 1
                        self.stderr.write(f"{name} exited with {process.returncode}; restarting in {delay} s")
                        restart_at[name] = now + delay
                time.sleep(0.5)
        finally:
            self._terminate(processes)
            if (embedded_postgres or embedded_redis) and not options["keep_services"]:
                from config import embedded

                embedded.stop(postgres=embedded_postgres, redis=embedded_redis)
                self.stdout.write("Embedded servers stopped (data kept in .dev/).")

    def _terminate(self, processes):
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.stdout.write("Web, worker and beat stopped.")
