"""A temporary catalogue of the strings a branch adds (``locale/new_strings_<branch>.json``), compiled with Babel,
so tests can read them in Japanese, Russian and Chinese before the lead merges them into ``locale/*.po``.

Keys are msgids; a key with a context is ``"<context>\\u0004<msgid>"`` (gettext's own form in .mo files); a
plural is ``"<singular>\\u0000<plural>"`` with a list of forms per language.
"""

import json
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"ja": "ja", "ru": "ru", "zh_Hans": "zh_Hans"}


def compile_new_strings(directory: Path, name: str) -> Path:
    """Write ``<directory>/<lang>/LC_MESSAGES/django.mo`` for each language; returns ``directory``."""
    strings = json.loads((ROOT / "locale" / f"new_strings_{name}.json").read_text(encoding="utf-8"))
    for folder, locale in LANGUAGES.items():
        catalog = Catalog(locale=locale)
        for key, translations in strings.items():
            translated = translations.get(folder)
            if not translated:
                continue
            context, _sep, msgid = key.rpartition("\u0004")
            if "\u0000" in msgid:
                msgid = tuple(msgid.split("\u0000"))
                translated = tuple(translated) if isinstance(translated, list) else (translated,) * 3
            catalog.add(msgid, translated, context=context or None)
        target = directory / folder / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        with open(target / "django.mo", "wb") as handle:
            write_mo(handle, catalog)
    return directory
