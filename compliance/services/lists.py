"""Importing a sanctions list: parse the whole file first (a broken file changes nothing), then in one
transaction write the new version with its entries and names, note what changed against the current
version, switch the list to it and owe the re-screen of every party. The previous version stays."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from compliance.importers import ListFormatError, parse
from compliance.matching import analyse
from compliance.models import SanctionEntry, SanctionList, SanctionListVersion, SanctionName, ScreeningRun
from core.errors import ApplicationError

from .party_runs import screening_run_request

DEFAULT_NAMES = {"ofac-sdn-csv": "OFAC SDN", "un-xml": "UN Security Council", "ftm-json": "OpenSanctions"}
SOURCES = {"ofac-sdn-csv": "U.S. Treasury OFAC, sdn.csv", "un-xml": "UN Security Council Consolidated List",
           "ftm-json": "OpenSanctions (FollowTheMoney)"}
BATCH = 2000


@dataclass
class ImportResult:
    version: SanctionListVersion
    added: int
    changed: int
    removed: int
    run: ScreeningRun | None
    unchanged: bool = False


def sanctions_list_import(*, fmt: str, data: bytes, name: str | None = None, file_name: str = "", user=None,
                          progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Load or replace one list from a file's bytes. Raises ``ApplicationError`` (code ``list_format``)
    for a file that is not a whole list of ``fmt``; the current version is then kept as it was."""
    try:
        parsed = parse(fmt, data)
    except ListFormatError as exc:
        raise ApplicationError(_("The file could not be read as this list format: %(error)s") % {"error": exc},
                               code="list_format", field="file") from exc
    name = (name or DEFAULT_NAMES[fmt]).strip()[:80]
    checksum = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        sanction_list, _created = SanctionList.objects.get_or_create(
            name=name, defaults={"format": fmt, "source": SOURCES[fmt]})
        sanction_list = SanctionList.objects.select_for_update().get(pk=sanction_list.pk)
        if sanction_list.format != fmt:
            raise ApplicationError(_("The list %(name)s is imported from %(format)s files.")
                                   % {"name": name, "format": sanction_list.format}, code="list_format", field="format")
        previous = sanction_list.current
        if previous is not None and previous.checksum == checksum:
            return ImportResult(previous, 0, 0, 0, None, unchanged=True)
        old = dict(SanctionEntry.objects.filter(version=previous).values_list("entry_ref", "content_hash")) \
            if previous else {}
        new = {entry.entry_ref: entry for entry in parsed.entries}
        hashes = {ref: entry.content_hash for ref, entry in new.items()}
        added = sorted(ref for ref in new if ref not in old)
        removed = sorted(ref for ref in old if ref not in new)
        changed = sorted(ref for ref in new if ref in old and old[ref] != hashes[ref])
        version = SanctionListVersion.objects.create(
            sanction_list=sanction_list, version=(previous.version + 1) if previous else 1,
            imported_by=user if getattr(user, "is_authenticated", False) else None, file_name=file_name[:255],
            checksum=checksum, published=parsed.published, entry_count=len(new), added=len(added),
            changed=len(changed), removed=len(removed), full=previous is None,
            delta={"added": added, "changed": changed, "removed": removed} if previous else {})
        _write_entries(version, parsed.entries, hashes, progress)
        sanction_list.current = version
        sanction_list.save(update_fields=["current"])
        run = screening_run_request(version=version, delta=previous is not None)
    return ImportResult(version, len(added), len(changed), len(removed), run)


def _write_entries(version, entries, hashes, progress) -> None:
    done = 0
    for start in range(0, len(entries), BATCH):
        batch = entries[start:start + BATCH]
        rows = SanctionEntry.objects.bulk_create([
            SanctionEntry(version=version, entry_ref=entry.entry_ref, kind=entry.kind,
                          primary_name=entry.primary_name[:500], aliases=entry.aliases, programs=entry.programs,
                          countries=entry.countries, birth_dates=entry.birth_dates, remarks=entry.remarks,
                          content_hash=hashes[entry.entry_ref])
            for entry in batch])
        names = []
        for row, entry in zip(rows, batch, strict=True):
            seen = set()
            for text, is_alias, quality in [(entry.primary_name, False, "good"),
                                            *((alias["name"], True, alias["quality"]) for alias in entry.aliases)]:
                key = analyse(text).key[:500]
                if not key or key in seen:
                    continue
                seen.add(key)
                names.append(SanctionName(version=version, entry=row, name=text[:500], key=key, is_alias=is_alias,
                                          low_quality=quality == "low"))
        SanctionName.objects.bulk_create(names, batch_size=BATCH)
        done += len(batch)
        if progress:
            progress(done, len(entries))
