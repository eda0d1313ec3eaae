"""Loading and replacing lists: atomic, the previous version kept, what changed recorded, broken files refused."""

import pytest
from django.db import IntegrityError, InternalError, transaction

from compliance.models import SanctionEntry, SanctionList, SanctionListVersion, SanctionName
from compliance.services import lists
from compliance.services.lists import sanctions_list_import
from core.errors import ApplicationError
from tests.compliance.screening_helpers import CHEMEZOV, FTM, UN, load_ofac_subset, ofac_subset

pytestmark = pytest.mark.django_db


def test_a_first_import_loads_every_entry_and_its_names():
    result = load_ofac_subset(first=100)
    version = result.version
    assert version.version == 1 and version.entry_count == SanctionEntry.objects.filter(version=version).count()
    assert result.added == version.entry_count and result.run is not None
    assert SanctionList.objects.get(name="OFAC SDN").current == version
    chemezov = SanctionEntry.objects.get(version=version, entry_ref=CHEMEZOV)
    assert SanctionName.objects.filter(entry=chemezov, key="chemezov sergei").exists()
    assert len(version.checksum) == 64


def test_the_un_and_followthemoney_files_load_too():
    un = sanctions_list_import(fmt="un-xml", data=UN.read_bytes())
    ftm = sanctions_list_import(fmt="ftm-json", data=FTM.read_bytes())
    assert un.version.entry_count == 1003 and un.version.published == "2026-02-27"
    assert ftm.version.sanction_list.name == "OpenSanctions" and ftm.version.entry_count > 10


def test_a_replacement_records_what_changed_and_keeps_the_previous_version():
    first = load_ofac_subset(first=100).version
    result = sanctions_list_import(fmt="ofac-sdn-csv", data=ofac_subset(
        first=100, drop=(b'36,"AEROCARIBBEAN',), extra=(b"CHEMEZOV", b"TANAKA", b"ROSOBORON"),
        replace={b"Cheremkhovo": b"Cheremkhovo-2"}))
    second = result.version
    assert second.version == 2 and SanctionList.objects.get(name="OFAC SDN").current == second
    assert "36" in second.delta["removed"] and CHEMEZOV in second.delta["changed"]
    assert "18782" in second.delta["added"]  # ROSOBORONEKSPORT
    assert (result.added, result.changed, result.removed) == (len(second.delta["added"]),
                                                              len(second.delta["changed"]), 1)
    assert SanctionEntry.objects.filter(version=first).count() == first.entry_count  # kept for audit
    assert result.run.delta is True


def test_the_same_file_again_changes_nothing():
    load_ofac_subset(first=50)
    again = load_ofac_subset(first=50)
    assert again.unchanged and SanctionListVersion.objects.count() == 1


@pytest.mark.parametrize("data", [ofac_subset(first=80)[:-700], ofac_subset(first=5).decode("latin-1").encode("utf-16"),
                                  UN.read_bytes()[:4000]])
def test_a_broken_file_leaves_the_current_list_as_it_was(data):
    current = load_ofac_subset(first=50).version
    with pytest.raises(ApplicationError) as raised:
        sanctions_list_import(fmt="ofac-sdn-csv", data=data)
    assert raised.value.code == "list_format" and "OFAC SDN CSV" in raised.value.message
    assert SanctionList.objects.get(name="OFAC SDN").current == current
    assert SanctionListVersion.objects.count() == 1


def test_a_failure_while_writing_rolls_the_whole_version_back(monkeypatch):
    current = load_ofac_subset(first=50).version
    original = lists._write_entries

    def fail_half_way(version, entries, hashes, progress):
        original(version, entries[:10], hashes, progress)
        raise RuntimeError("disk full")

    monkeypatch.setattr(lists, "_write_entries", fail_half_way)
    with pytest.raises(RuntimeError):
        load_ofac_subset(first=60)
    assert SanctionList.objects.get(name="OFAC SDN").current == current
    assert SanctionListVersion.objects.count() == 1
    assert SanctionEntry.objects.count() == current.entry_count


def test_versions_and_entries_are_append_only():
    version = load_ofac_subset(first=10).version
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        SanctionEntry.objects.filter(version=version).update(primary_name="changed")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        SanctionEntry.objects.filter(version=version).delete()


def test_a_list_keeps_its_format():
    load_ofac_subset(first=10)
    with pytest.raises(ApplicationError) as raised:
        sanctions_list_import(fmt="un-xml", data=UN.read_bytes(), name="OFAC SDN")
    assert raised.value.field == "format"
