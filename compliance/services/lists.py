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
from compliance.models import SanctionEntry, SanctionList, SanctionListVersion, ScreeningRun
from core.errors import ApplicationError

from . import bulk_sql
from .party_runs import screening_run_request

DEFAULT_NAMES = {"ofac-sdn-csv": "OFAC SDN", "un-xml": "UN Security Council", "ftm-json": "OpenSanctions"}
SOURCES = {"ofac-sdn-csv": "U.S. Treasury OFAC, sdn.csv", "un-xml": "UN Security Council Consolidated List",
           "ftm-json": "OpenSanctions (FollowTheMoney)"}
BATCH = 5000


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


def _names_of(entry):
    """Its primary name and aliases as the matcher reads them, each folded key once."""
    seen = set()
    for text, is_alias, quality in [(entry.primary_name, False, "good"),
                                    *((alias["name"], True, alias["quality"]) for alias in entry.aliases)]:
        key = analyse(text).key
        if key and key not in seen:
            seen.add(key)
            yield text, key, is_alias, quality == "low"


def _write_entries(version, entries, hashes, progress) -> None:
    """In batches (COPY), reporting progress after each."""
    for start in range(0, len(entries), BATCH):
        batch = entries[start:start + BATCH]
        bulk_sql.sanction_entries_copy(version_id=version.pk, entries=batch, hashes=hashes, names_of=_names_of)
        if progress:
            progress(min(start + BATCH, len(entries)), len(entries))
