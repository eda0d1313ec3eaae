from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from rigour.territories import get_territories


class ListFormatError(ValueError):
    """The file is not a readable list of the format asked for (truncated, wrong encoding, wrong format)."""


@dataclass
class ParsedEntry:
    entry_ref: str
    kind: str  # person, organization, vessel, aircraft
    primary_name: str
    aliases: list[dict] = field(default_factory=list)  # {"name", "quality": good|low|fka}
    programs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    birth_dates: list[dict] = field(default_factory=list)
    remarks: str = ""

    @property
    def content_hash(self) -> str:
        data = asdict(self)
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class ParsedList:
    entries: list[ParsedEntry]
    published: str = ""


# Names lists use that rigour's table lacks or words differently.
EXTRA_COUNTRIES = {"russia": "RU", "iran": "IR", "syria": "SY", "north korea": "KP", "korea, north": "KP",
                   "south korea": "KR", "korea, south": "KR", "burma": "MM", "venezuela": "VE", "bolivia": "BO",
                   "tanzania": "TZ", "vietnam": "VN", "laos": "LA", "moldova": "MD", "turkey": "TR",
                   "democratic republic of the congo": "CD", "congo, democratic republic of the": "CD",
                   "united states": "US", "iran (islamic republic of)": "IR",
                   "united kingdom": "GB", "czech republic": "CZ", "palestinian": "PS"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Every name and code of rigour's territories (OpenSanctions' table), read once, lower-case."""
    names: dict[str, str] = {}
    for territory in get_territories():
        code = territory.ftm_country or territory.code
        if not code or len(code) != 2:
            continue
        for name in (territory.name, territory.full_name, territory.code, territory.alpha3):
            if name:
                names.setdefault(name.lower(), code.upper())
    names.update(EXTRA_COUNTRIES)
    return names


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 of a country name or code as lists write them."""
    name = " ".join((name or "").split()).strip(" .").lower()
    return _country_names().get(name) if name else None


def add_unique(items: list, value) -> None:
    if value and value not in items:
        items.append(value)


def text_of(data: bytes, *, what: str) -> str:
    """Decode a list file: UTF-8 (a BOM is fine), else Windows-1252 as OFAC's legacy files are; a UTF-16 or
    binary file is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ListFormatError(f"{what}: the file is UTF-16 or binary, not a text file in UTF-8 or Latin-1")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
