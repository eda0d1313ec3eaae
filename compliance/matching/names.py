"""Names as the matcher reads them: transliterated to Latin, legal forms and honorifics set aside, split
into parts and folded so the common spelling variants of one name read alike.

Transliteration is ICU's (PyICU): Russian BGN/PCGN for Cyrillic (Чемезов → Chemezov), ICU's generic
Any-Latin for other scripts. Legal forms are rigour's (OpenSanctions' own list: LLC, LLP, JSC, AO, PJSC,
OOO, GmbH ...), plus the few post-Soviet and East Asian forms it does not read (TOO, PAO, OsOO, 株式会社,
有限公司).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu
from rigour.names import extract_org_types, remove_org_types, remove_person_prefixes

# Forms rigour's table does not hold (checked against rigour 2.6.1), as their Latin transliteration.
EXTRA_LEGAL_FORMS = frozenset({
    "too", "pao", "osoo", "oao", "zao", "tov", "pat", "ao", "ooo", "llp", "llc", "jsc", "pjsc", "ltd", "co",
    "inc", "corp", "gmbh", "sa", "fze", "fzco", "fzc", "fzllc", "kk", "yk", "gk", "chp", "ip", "mchj", "ojsc",
    "cjsc", "plc", "limited", "company", "corporation", "kabushiki", "kaisha", "youxian", "gongsi",
})
# East Asian forms, removed before transliteration (ICU would read 株式会社 in its Chinese reading).
CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限責任公司", "集团有限公司", "有限公司", "株式会社", "有限会社",
                   "合同会社", "合資会社", "合名会社", "公司", "集团", "(株)", "（株）", "㈱")
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "gen", "general", "col", "colonel",
                        "sheikh", "shaykh", "haji", "hajji", "mullah", "maulana", "san", "sama", "gospodin",
                        "gospozha", "mister", "madam", "lt", "capt", "captain", "major", "admiral"})
# Words many company names share: they weigh half (a shared "Shipping" says little about who a company is).
GENERIC_WORDS = frozenset({
    "trading", "trade", "shipping", "service", "services", "logistics", "group", "international", "holding",
    "holdings", "auto", "motors", "export", "import", "industrial", "industries", "industry", "enterprise",
    "enterprises", "investment", "investments", "maritime", "marine", "security", "general", "global",
    "commercial", "bank", "energy", "oil", "gas", "petroleum", "construction", "development", "technology",
    "technologies", "systems", "solutions", "partners", "transport", "consulting", "management", "capital",
    "finance", "financial", "foundation", "association", "agency", "center", "centre", "production", "factory",
    "plant", "engineering", "equipment", "electronics", "airlines", "air", "line", "lines", "navigation",
    "de", "del", "la", "el", "the", "and", "of", "y", "et", "for", "al",
})
PATRONYMIC = re.compile(r"(ovich|evich|ovic|evic|ich|ovna|evna|ichna|inichna|ogly|oglu|kyzy|qizi|uly|vich|vna)$")
SCRIPT_NAMES = {"Cyrl": "Cyrillic", "Hani": "Chinese", "Hira": "Japanese", "Kana": "Japanese", "Arab": "Arabic",
                "Hang": "Korean", "Grek": "Greek", "Hebr": "Hebrew", "Geor": "Georgian", "Armn": "Armenian",
                "Thai": "Thai"}
_SPLIT = re.compile(r"[^0-9a-z]+")
# Spelling variants of one Cyrillic (and Arabic) name in Latin letters, folded to one form: ey/ei, iy/y/ii,
# yu/iu, kh/h, ye/e, ts/tz, ks/x, ej/ei, dzh/j, w/v, ph/f and doubled letters.
_FOLDS = (("dzh", "j"), ("aj", "ai"), ("ej", "ei"), ("oj", "oi"), ("uj", "ui"), ("ij", "i"), ("kh", "h"),
          ("tz", "ts"), ("x", "ks"), ("ph", "f"), ("w", "v"), ("ye", "e"), ("yu", "iu"), ("ya", "ia"),
          ("yo", "io"), ("ey", "ei"), ("iy", "i"), ("yy", "i"), ("y", "i"), ("ii", "i"), ("q", "k"), ("ck", "k"))
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=4)
def _translit(rules: str):
    return icu.Transliterator.createInstance(rules)


def scripts_of(text: str) -> list[str]:
    """Non-Latin scripts used in ``text`` (as English names), in order of appearance."""
    found: list[str] = []
    for char in text:
        if char.isalpha() and ord(char) > 0x24F:
            code = icu.Script.getScript(char).getShortName()
            name = SCRIPT_NAMES.get(code, code)
            if name not in found:
                found.append(name)
    return found


def to_latin(text: str) -> str:
    """Latin ASCII letters for any script (Cyrillic in Russian BGN/PCGN), accents dropped."""
    if text.isascii():
        return text
    return _translit("Russian-Latin/BGN; Any-Latin; Latin-ASCII").transliterate(unicodedata.normalize("NFC", text))


def fold(token: str) -> str:
    """One spelling for the common transliteration variants of a name part (``sergey``, ``sergei`` → ``sergei``)."""
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return _DOUBLE.sub(r"\1", token)


@dataclass(frozen=True)
class NamePart:
    text: str  # as written, lower-case ASCII
    folded: str
    is_initial: bool = False
    is_patronymic: bool = False
    weight: float = 0.0  # longer parts weigh more, initials little


def name_part(token: str) -> NamePart:
    folded = fold(token)
    initial = len(token) == 1 and token.isalpha()
    return NamePart(token, folded, is_initial=initial,
                    is_patronymic=len(token) > 5 and bool(PATRONYMIC.search(token)),
                    weight=3.0 if initial else (min(len(folded), 10) + 2.0) * (0.5 if token in GENERIC_WORDS else 1))


@dataclass(frozen=True)
class AnalysedName:
    original: str
    latin: str  # the transliterated form ('' when the name was already Latin)
    scripts: tuple[str, ...]
    parts: tuple[NamePart, ...]
    legal_forms: tuple[str, ...]
    honorifics: tuple[str, ...]

    @property
    def key(self) -> str:
        """Folded parts, sorted: what the trigram index holds."""
        return " ".join(sorted(part.folded for part in self.parts))

    @property
    def joined(self) -> str:
        return "".join(part.folded for part in self.parts)


@lru_cache(maxsize=65536)
def analyse(text: str) -> AnalysedName:
    """Split a name into comparable parts, setting legal forms and honorifics aside."""
    original = " ".join(unicodedata.normalize("NFKC", text or "").split())
    working = original
    legal: list[str] = []
    for form in CJK_LEGAL_FORMS:
        if form in working:
            legal.append(form)
            working = working.replace(form, " ")
    scripts = tuple(scripts_of(working))
    latin = to_latin(working)
    # rigour reads legal forms in Latin letters (after transliteration ООО is OOO, ПАО is PAO)
    found = extract_org_types(latin)
    for form, _canonical in found:
        legal.append(form)
    kept = remove_org_types(latin, replacement=" ") if found else latin
    lowered = kept.lower().replace("'", "").replace("`", "")
    tokens = [token for token in _SPLIT.split(lowered) if token]
    stripped = remove_person_prefixes(" ".join(tokens)).split()
    honorifics = tuple(token for token in tokens[:len(tokens) - len(stripped)])
    parts, honor = [], list(honorifics)
    for token in stripped:
        if token in EXTRA_LEGAL_FORMS:
            legal.append(token.upper())
        elif token in HONORIFICS:
            honor.append(token)
        else:
            parts.append(name_part(token))
    if not parts and tokens:  # a name that is only a legal form or title keeps its words (never empty)
        parts = [name_part(token) for token in tokens]
    return AnalysedName(original=original, latin=latin if latin != working else "", scripts=scripts,
                        parts=tuple(parts), legal_forms=tuple(dict.fromkeys(legal)), honorifics=tuple(honor))
