"""Load or replace one sanctions list from a file, then re-screen every party (api.md, Commands)."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compliance.importers import PARSERS
from compliance.models import ScreeningRun
from compliance.services.lists import sanctions_list_import
from compliance.services.party_runs import screening_run_execute
from core.errors import ApplicationError


class Progress:
    """tqdm when installed, else a plain bar on stderr."""

    def __init__(self, label: str):
        self.label, self.bar = label, None
        try:
            from tqdm import tqdm

            self.tqdm = tqdm
        except ImportError:
            self.tqdm = None

    def __call__(self, done: int, total: int) -> None:
        if self.tqdm is not None:
            if self.bar is None:
                self.bar = self.tqdm(total=total, desc=self.label, unit="entries", file=sys.stderr)
            self.bar.update(done - self.bar.n)
            return
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def close(self):
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = "Load or replace one sanctions list (OFAC SDN CSV, UN XML, FollowTheMoney JSON), then re-screen parties."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(PARSERS), dest="fmt")
        parser.add_argument("file")
        parser.add_argument("--list", dest="name", default=None, help="the list's name (default: by format)")
        parser.add_argument("--no-rescreen", action="store_true", help="leave the re-screen to the workers")

    def handle(self, *args, fmt, file, name, no_rescreen, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        started = time.monotonic()
        progress = Progress("entries")
        try:
            result = sanctions_list_import(fmt=fmt, data=path.read_bytes(), name=name, file_name=path.name,
                                           progress=progress)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            progress.close()
        version = result.version
        label = f"{version.sanction_list.name} v{version.version}"
        if result.unchanged:
            self.stdout.write(f"{label}: the same file as the current version; nothing changed.")
            return
        self.stdout.write(f"{label}: {version.entry_count} entries ({result.added} added, {result.changed} changed, "
                          f"{result.removed} removed) in {time.monotonic() - started:.1f} s")
        if no_rescreen or result.run is None:
            return
        started = time.monotonic()
        run = screening_run_execute(run_id=result.run.pk)
        while run is None or run.status in (ScreeningRun.Status.PENDING, ScreeningRun.Status.RUNNING):
            time.sleep(0.5)  # a worker took the run first: follow it
            run = ScreeningRun.objects.get(pk=result.run.pk)
            if time.monotonic() - started > 600:
                break
        mode = "changed entries only" if run.delta else "full"
        self.stdout.write(f"parties re-screened: {run.done} buyers ({mode}), {run.flagged} with open hits, "
                          f"in {time.monotonic() - started:.1f} s")
