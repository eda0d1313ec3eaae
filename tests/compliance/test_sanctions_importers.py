"""Each list reader on its real file, and on broken ones: a clear error naming what is wrong."""

import pytest

from compliance.importers import ListFormatError, parse
from tests.compliance.screening_helpers import CHEMEZOV, FTM, OFAC, UN, ofac_subset

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ofac():
    return {entry.entry_ref: entry for entry in parse("ofac-sdn-csv", OFAC.read_bytes()).entries}


def test_it_reads_every_record_of_the_real_ofac_file(ofac):
    assert len(ofac) == 14965
    chemezov = ofac[CHEMEZOV]
    assert chemezov.primary_name == "CHEMEZOV, Sergei" and chemezov.kind == "person"
    assert chemezov.programs == ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    assert chemezov.birth_dates == [{"date": "1952-08-20"}] and chemezov.countries == ["RU"]


def test_it_takes_ofac_aliases_from_the_remarks_with_apostrophes_inside(ofac):
    assert {"name": "ABU-'UMAR", "quality": "good"} in ofac["3754"].aliases
    assert ofac["306"].aliases == [{"name": "BNC", "quality": "good"}]
    assert ofac["36"].kind == "organization" and ofac["36"].aliases == []


def test_it_reads_ofac_vessels_and_year_only_birth_dates(ofac):
    assert any(entry.kind == "vessel" for entry in ofac.values())
    assert ofac["35306"].birth_dates == [{"year": 1973}]


def test_it_reads_the_un_list_with_alias_quality_and_three_kinds_of_birth_date():
    entries = parse("un-xml", UN.read_bytes())
    assert entries.published == "2026-02-27"
    people = [entry for entry in entries.entries if entry.kind == "person"]
    assert len(people) == 730 and len(entries.entries) == 1003
    by_ref = {entry.entry_ref: entry for entry in entries.entries}
    assert {"name": "Rumuli", "quality": "low"} in by_ref["CDi.003"].aliases
    births = [birth for entry in people for birth in entry.birth_dates]
    assert any("from" in birth for birth in births) and any(birth.get("approx") for birth in births)
    assert any("date" in birth for birth in births)
    assert by_ref["CDe.001"].kind == "organization"
    assert {"name": "NALU", "quality": "fka"} in by_ref["CDe.001"].aliases


def test_it_reads_followthemoney_entities_with_names_in_several_scripts():
    entries = {entry.entry_ref: entry for entry in parse("ftm-json", FTM.read_bytes()).entries}
    osetrova = entries["NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert osetrova.kind == "person" and osetrova.countries == ["RU"]
    assert any(alias["name"] == "Мария Александровна Осетрова" for alias in osetrova.aliases)
    assert osetrova.birth_dates == [{"date": "1988-01-07"}]
    assert any(entry.programs for entry in entries.values())  # lent by the Sanction entities


@pytest.mark.parametrize(("fmt", "data", "says"), [
    ("ofac-sdn-csv", ofac_subset(first=50)[:-900], "truncated"),  # cut in the middle of a record
    ("ofac-sdn-csv", ofac_subset(first=5).decode("latin-1").encode("utf-16"), "UTF-16"),
    ("ofac-sdn-csv", UN.read_bytes()[:5000], "XML"),
    ("un-xml", UN.read_bytes()[:100_000], "not well-formed"),
    ("un-xml", b"<?xml version='1.0'?><sdnList></sdnList>", "CONSOLIDATED_LIST"),
    ("un-xml", OFAC.read_bytes()[:2000], "not well-formed"),
    ("ftm-json", FTM.read_bytes()[:3000], "line"),
    ("ftm-json", b'{"hello": "world"}\n', "not an entity"),
    ("ftm-json", ofac_subset(first=5), "not a JSON object"),
])
def test_a_broken_or_wrong_file_is_refused_with_a_clear_error(fmt, data, says):
    with pytest.raises(ListFormatError, match=says):
        parse(fmt, data)
