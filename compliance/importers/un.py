"""The UN Security Council Consolidated List (XML): individuals and entities, aliases with their quality
(Good / Low; a.k.a. / f.k.a. for entities), dates of birth exact, between two years or approximate."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree

from .common import ListFormatError, ParsedEntry, ParsedList, add_unique, country_code

QUALITY = {"good": "good", "a.k.a.": "good", "a.k.a": "good", "low": "low", "f.k.a.": "fka", "f.k.a": "fka"}


def _text(node: Element | None, tag: str) -> str:
    found = node.find(tag) if node is not None else None
    return " ".join((found.text or "").split()) if found is not None and found.text else ""


def _birth(node: Element) -> dict | None:
    kind = _text(node, "TYPE_OF_DATE").upper()
    date, year = _text(node, "DATE"), _text(node, "YEAR")
    if kind == "BETWEEN" and _text(node, "FROM_YEAR").isdigit():
        to = _text(node, "TO_YEAR")
        return {"from": int(_text(node, "FROM_YEAR")), "to": int(to) if to.isdigit() else None}
    if date and len(date) >= 10:
        return {"date": date[:10]}
    if year.isdigit():
        return {"year": int(year), **({"approx": True} if kind == "APPROXIMATELY" else {})}
    return None


def _entry(node: Element, *, person: bool) -> ParsedEntry:
    parts = [_text(node, tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(part for part in parts if part)
    ref = _text(node, "REFERENCE_NUMBER") or _text(node, "DATAID")
    if not name or not ref:
        raise ListFormatError(f"UN XML: an entry without a name or reference number ({ref or name!r})")
    entry = ParsedEntry(entry_ref=ref, kind="person" if person else "organization", primary_name=name,
                        remarks=_text(node, "COMMENTS1"))
    add_unique(entry.programs, _text(node, "UN_LIST_TYPE"))
    original = _text(node, "NAME_ORIGINAL_SCRIPT")
    if original:
        entry.aliases.append({"name": original, "quality": "good"})
    for alias in node.findall("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            quality = QUALITY.get(_text(alias, "QUALITY").lower(), "good")
            entry.aliases.append({"name": alias_name, "quality": quality})
    for value in node.findall("NATIONALITY/VALUE"):
        add_unique(entry.countries, country_code(value.text or ""))
    if not person:
        for country in node.findall("ENTITY_ADDRESS/COUNTRY"):
            add_unique(entry.countries, country_code(country.text or ""))
    for birth in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        add_unique(entry.birth_dates, _birth(birth))
    return entry


def parse_un_xml(data: bytes) -> ParsedList:
    try:
        root = ElementTree.fromstring(data)
    except ParseError as exc:
        raise ListFormatError(f"UN XML: not well-formed XML ({exc}; a truncated file?)") from exc
    except ValueError as exc:  # defusedxml refusals, encodings the parser cannot read
        raise ListFormatError(f"UN XML: {exc}") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(f"UN XML: the root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    entries = [_entry(node, person=True) for node in root.findall("INDIVIDUALS/INDIVIDUAL")]
    entries += [_entry(node, person=False) for node in root.findall("ENTITIES/ENTITY")]
    if not entries:
        raise ListFormatError("UN XML: no individuals or entities")
    refs = [entry.entry_ref for entry in entries]
    if len(set(refs)) != len(refs):
        raise ListFormatError("UN XML: a reference number appears twice")
    return ParsedList(entries=entries, published=root.get("dateGenerated", "")[:10])
