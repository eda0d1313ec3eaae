"""FollowTheMoney entities, one JSON object a line, as OpenSanctions exports them. Persons, companies,
organisations, legal entities, vessels and airplanes become entries; ``Sanction`` entities lend their
programs to the entity they name."""

from __future__ import annotations

import json
import re

from .common import ListFormatError, ParsedEntry, ParsedList, add_unique, country_code, text_of

KINDS = {"Person": "person", "Company": "organization", "Organization": "organization",
         "LegalEntity": "organization", "PublicBody": "organization", "Vessel": "vessel", "Airplane": "aircraft"}
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _birth(value: str) -> dict | None:
    match = DATE.match(value or "")
    if not match:
        return None
    if match[3]:
        return {"date": match[0]}
    return {"year": int(match[1])}


def parse_ftm_json(data: bytes) -> ParsedList:
    text = text_of(data, what="FollowTheMoney JSON")
    entries: dict[str, ParsedEntry] = {}
    programs: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ListFormatError(f"FollowTheMoney JSON, line {number}: not a JSON object ({exc.msg}; "
                                  f"a truncated file?)") from exc
        if not isinstance(item, dict) or not isinstance(item.get("properties"), dict) or "schema" not in item:
            raise ListFormatError(f"FollowTheMoney JSON, line {number}: not an entity with id, schema and "
                                  f"properties")
        props, schema = item["properties"], item["schema"]
        if schema == "Sanction":
            for target in props.get("entity", []):
                for program in props.get("program", []) + props.get("programId", []):
                    add_unique(programs.setdefault(target, []), program)
            continue
        if schema not in KINDS or not item.get("id"):
            continue
        names = [name for name in props.get("name", []) if name.strip()]
        if not names:
            continue
        entry = ParsedEntry(entry_ref=str(item["id"]), kind=KINDS[schema], primary_name=item.get("caption") or names[0],
                            remarks="; ".join(props.get("notes", []))[:4000])
        for name in names:
            if name != entry.primary_name:
                entry.aliases.append({"name": name, "quality": "good"})
        for prop, quality in (("alias", "good"), ("weakAlias", "low"), ("previousName", "fka")):
            for name in props.get(prop, []):
                entry.aliases.append({"name": name, "quality": quality})
        for prop in ("country", "nationality", "citizenship", "jurisdiction"):
            for value in props.get(prop, []):
                add_unique(entry.countries, country_code(value))
        for value in props.get("birthDate", []):
            add_unique(entry.birth_dates, _birth(value))
        for program in props.get("program", []):
            add_unique(entry.programs, program)
        entries[entry.entry_ref] = entry
    if not entries:
        raise ListFormatError("FollowTheMoney JSON: no persons, companies, organisations or vessels")
    for ref, names in programs.items():
        if ref in entries:
            for program in names:
                add_unique(entries[ref].programs, program)
    return ParsedList(entries=list(entries.values()))
