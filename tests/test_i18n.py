"""The shipped translations: pages switch language through /i18n/setlang/, and every catalog is complete."""

import re
import struct
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))

# language code -> (the "Catalog" nav item, the home page heading, the catalog's "Filters" summary)
PAGES = {
    "ja": ("カタログ", "日本と中国の中古車を、輸出前にすべてチェック", "絞り込み"),
    "ru": ("Каталог", "Подержанные автомобили из Японии и Китая, проверенные для экспорта", "Фильтры"),
    "zh-hans": ("车辆目录", "来自日本和中国的二手车，已通过出口审核", "筛选"),
}


@pytest.mark.parametrize("code", sorted(PAGES))
def test_the_language_switcher_translates_the_pages(client, code):
    catalog, heading, filters = PAGES[code]
    response = client.post("/i18n/setlang/", {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == code

    home = client.get("/").content.decode()
    assert f'<html lang="{code}">' in home
    assert catalog in home
    assert f"<h1>{heading}</h1>" in home
    assert "Used cars from Japan and China" not in home

    page = client.get("/stock/catalog/").content.decode()
    assert f'<html lang="{code}">' in page
    assert f"<h1>{catalog}</h1>" in page
    assert filters in page
    assert ">Filters<" not in page


def test_english_stays_the_default(client):
    home = client.get("/").content.decode()
    assert '<html lang="en">' in home
    assert "<h1>Used cars from Japan and China, cleared for export</h1>" in home


# --- a minimal .po reader (polib is not a dependency) ---------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+(?:![a-z])?\}")


def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural, msgstr (or msgstr[0], msgstr[1], ...) and flags; obsolete ones left out."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if line.startswith("#~"):
            continue
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key = match.group(1)
            entry[key] = _unquote(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += _unquote(line[1:-1])
    return entries


def _nplurals(header: dict) -> int:
    return int(re.search(r"nplurals\s*=\s*(\d+)", header["msgstr"]).group(1))


def test_there_is_a_catalog_for_every_language_but_english():
    languages = {path.parts[-3] for path in CATALOGS}
    assert languages == {"ja", "ru", "zh_Hans"}
    assert {code for code, _ in settings.LANGUAGES} == {"en", "ja", "ru", "zh-hans"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(path):
    entries = read_po(path)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    nplurals = _nplurals(header)
    assert nplurals == (3 if path.parts[-3] == "ru" else 1)
    assert len(messages) > 500

    problems = []
    for entry in messages:
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if "msgid_plural" in entry:
            forms = [entry.get(f"msgstr[{n}]", "") for n in range(nplurals)]
            wanted = _PLACEHOLDER.findall(entry["msgid_plural"])
        else:
            forms = [entry.get("msgstr", "")]
            wanted = _PLACEHOLDER.findall(entry["msgid"])
        if not all(forms):
            problems.append(f"untranslated: {entry['msgid']!r}")
        problems += [f"placeholders differ: {form!r}" for form in forms
                     if form and sorted(_PLACEHOLDER.findall(form)) != sorted(wanted)]
    assert problems == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_the_compiled_catalog_is_committed_and_up_to_date(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"run: manage.py compilemessages --ignore=.venv ({mo} is missing)"
    magic, _revision, count = struct.unpack("<III", mo.read_bytes()[:12])
    assert magic == 0x950412DE
    assert count == len(read_po(path)), "the .mo is older than the .po: run manage.py compilemessages"
