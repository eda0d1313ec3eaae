"""OFAC's legacy SDN CSV: no header, 12 quoted fields, ``-0-`` for null, CRLF, a trailing 0x1A byte.
Aliases (a.k.a., f.k.a., n.k.a.), dates of birth and nationalities are read from the Remarks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from .common import ListFormatError, ParsedEntry, ParsedList, add_unique, country_code, text_of

FIELDS = 12
KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
ALIAS = re.compile(r"\b([afn])\.k\.a\.,?\s+'(.+?)'(?=[;.,]|\s*$)", re.IGNORECASE)
DOB = re.compile(r"\bDOB\s+((?:circa\s+)?[^;]+?)(?=;|\.\s|\.$|$)")
NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][^;.()]+?)\s*(?=;|\.|\(|$)")


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def parse_birth(text: str) -> list[dict]:
    """``20 Aug 1952``, ``Aug 1952``, ``1952``, ``circa 1952``, ``1958 to 1960``."""
    text = text.strip()
    approx = text.lower().startswith("circa")
    text = re.sub(r"(?i)^circa\s+", "", text)
    span = re.fullmatch(r"(\d{4})\s+to\s+(\d{4})", text)
    if span:
        return [{"from": int(span[1]), "to": int(span[2])}]
    for fmt in ("%d %b %Y", "%d %B %Y"):
        try:
            return [{"date": dt.datetime.strptime(text, fmt).date().isoformat()}]
        except ValueError:
            pass
    year = re.search(r"\b(\d{4})\b", text)
    if year:
        return [{"year": int(year[1]), **({"approx": True} if approx else {})}]
    return []


def parse_ofac_sdn_csv(data: bytes) -> ParsedList:
    text = text_of(data, what="OFAC SDN CSV").rstrip("\x1a\r\n ")
    if text.lstrip().startswith(("<", "{", "[")):
        raise ListFormatError("OFAC SDN CSV: this looks like XML or JSON, not OFAC's legacy sdn.csv")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries, seen = [], set()
    try:
        for row in reader:
            line = reader.line_num
            if not row or row == ["\x1a"]:
                continue
            if len(row) != FIELDS:
                raise ListFormatError(f"OFAC SDN CSV, line {line}: {len(row)} fields instead of {FIELDS} "
                                      f"(a truncated file, or not OFAC's sdn.csv)")
            ent_num, name, sdn_type, program, title, *_vessel, flag, _owner, remarks = row
            if not ent_num.strip().isdigit() or not _null(name):
                raise ListFormatError(f"OFAC SDN CSV, line {line}: no entry number and name")
            ref = ent_num.strip()
            if ref in seen:
                raise ListFormatError(f"OFAC SDN CSV, line {line}: entry {ref} appears twice")
            seen.add(ref)
            remarks = _null(remarks)
            entry = ParsedEntry(entry_ref=ref, kind=KINDS.get(_null(sdn_type).lower(), "organization"),
                                primary_name=_null(name), remarks=remarks)
            entry.programs = [p.strip(" []") for p in _null(program).split("] [") if p.strip(" []")]
            for letter, alias in ALIAS.findall(remarks):
                entry.aliases.append({"name": alias.strip(), "quality": "fka" if letter.lower() != "a" else "good"})
            for match in DOB.findall(remarks):
                for birth in parse_birth(match):
                    add_unique(entry.birth_dates, birth)
            for match in NATIONALITY.findall(remarks):
                add_unique(entry.countries, country_code(match))
            add_unique(entry.countries, country_code(_null(flag)))
            if _null(title):
                entry.remarks = f"{_null(title)}; {remarks}" if remarks else _null(title)
            entries.append(entry)
    except csv.Error as exc:
        raise ListFormatError(f"OFAC SDN CSV, line {reader.line_num}: {exc} (a truncated file?)") from exc
    if not entries:
        raise ListFormatError("OFAC SDN CSV: no entries")
    return ParsedList(entries=entries)
