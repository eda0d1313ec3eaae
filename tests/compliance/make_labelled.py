"""Make the labelled screening set (tests/compliance/data/screening_labelled.json) from the real OFAC and UN
lists in data/sanctions: listed names rendered as a screener meets them, and innocent names, some of them
look-alikes. Deterministic (seeded); run again after changing it and review the diff:

    .venv/bin/python tests/compliance/make_labelled.py

Positives name the entry they must find ({"list", "entry_id"}); negatives must find nothing. A generated
"innocent" name whose parts all appear in one listed name is dropped (it would not be innocent).
"""

import json
import random
import sys
from pathlib import Path

import icu

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from compliance.importers import parse  # noqa: E402
from compliance.matching.names import analyse  # noqa: E402

OUT = ROOT / "tests" / "compliance" / "data" / "screening_labelled.json"
TO_CYRILLIC = icu.Transliterator.createInstance("Latin-Russian/BGN")
VARIANTS = [("ei", "ey"), ("ey", "ei"), ("iy", "y"), ("y", "iy"), ("yu", "iu"), ("kh", "h"), ("ye", "e"),
            ("ts", "tz"), ("ii", "iy"), ("v", "w"), ("ks", "x"), ("x", "ks")]
LEGAL = ["LLC", "OOO", "ООО", "JSC", "AO", "LLP", "TOO", "Ltd", "PJSC", "株式会社", "有限公司"]
GIVEN = ["Anna", "Boris", "Dmitry", "Elena", "Farid", "Gulnara", "Hiroshi", "Ivan", "Kenji", "Lyudmila",
         "Marat", "Nurlan", "Olga", "Pavel", "Ruslan", "Saule", "Timur", "Yuki", "Zarina", "Aigerim", "Takeshi",
         "Wei", "Li", "Bakyt", "Daniyar", "Svetlana", "Maxim", "Natalia", "Oleg", "Yerlan"]
SURNAMES = ["Tanaka", "Suzuki", "Sato", "Watanabe", "Nakamura", "Kobayashi", "Nurpeisov", "Abenov", "Zhakupov",
            "Smirnova", "Kuznetsov", "Popova", "Sokolov", "Lebedev", "Kozlova", "Novikov", "Morozova", "Volkov",
            "Alekseev", "Wang", "Zhang", "Chen", "Liu", "Akhmetov", "Seitkali", "Omarov", "Bekova", "Kim",
            "Tsoi", "Pak"]
COMPANY_WORDS = ["Almaty", "Astana", "Bishkek", "Vladivostok", "Toyama", "Yokohama", "Horgos", "Sakura",
                 "Steppe", "Silk", "Road", "Auto", "Motors", "Cars", "Trade", "Logistics", "Export", "Import",
                 "Shipping", "Parts", "Service", "Group", "Nippon", "Eurasia", "Baikal", "Amur", "Tenir", "Altyn",
                 "Kazakh", "Tokyo"]


def listed_people_and_orgs():
    ofac = parse("ofac-sdn-csv", (ROOT / "data/sanctions/ofac_sdn_2024-05-03.csv").read_bytes()).entries
    un = parse("un-xml", (ROOT / "data/sanctions/un_consolidated_2026-02-27.xml").read_bytes()).entries
    return ofac, un


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1:]


def variant(text: str, rng: random.Random) -> str | None:
    lowered = text.lower()
    options = [(a, b) for a, b in VARIANTS if a in lowered]
    if not options:
        return None
    a, b = rng.choice(options)
    return lowered.replace(a, b, 1).title()


def person_forms(entry, rng):
    """``SURNAME, Given Patronymic`` → several renderings a screener meets."""
    if "," not in entry.primary_name:
        return []
    surname, given = (part.strip() for part in entry.primary_name.split(",", 1))
    given_parts = given.split()
    if not given_parts or len(surname) < 4 or len(given_parts[0]) < 3:
        return []
    first = given_parts[0]
    forms = [
        ("reordered", f"{given} {surname.title()}"),
        ("cyrillic", TO_CYRILLIC.transliterate(f"{surname.title()} {first}")),
        ("typo", f"{first} {typo(surname.title(), rng)}"),
        ("initial", f"{first[0]}. {surname.title()}"),
        ("no_patronymic", f"{surname.title()} {first}") if len(given_parts) > 1 else None,
        ("honorific", f"Mr. {first} {surname.title()}"),
    ]
    other = variant(f"{first} {surname}", rng)
    if other:
        forms.append(("transliteration", other))
    return [form for form in forms if form]


def org_forms(entry, rng):
    name = entry.primary_name.rstrip(".")
    words = [word.strip("'\"") for word in name.replace(",", " ").split()]
    if not all(word.isalpha() for word in words):
        return []
    if len(words) < 2 or len(name) > 60:
        return []
    core = " ".join(words)
    forms = [("legal_form", f"{rng.choice(LEGAL)} {core.title()}"), ("legal_form_after", f"{core} {rng.choice(LEGAL)}"),
             ("typo", " ".join(typo(word, rng) if word == max(words, key=len) else word for word in words)),
             ("cyrillic", TO_CYRILLIC.transliterate(core.title()))]
    return forms


def is_listed(name: str, keys: set[frozenset]) -> bool:
    """All its parts in one listed name, or a listed name's parts all in it (a listed one-word company name
    inside a longer one is a fair hit for review, so such a name is no innocent either)."""
    parts = frozenset(part.folded for part in analyse(name).parts)
    return any(parts <= key or key <= parts for key in keys if key)


def main():
    rng = random.Random(20261129)
    ofac, un = listed_people_and_orgs()
    keys = {frozenset(part.folded for part in analyse(name).parts)
            for entry in ofac + un for name in [entry.primary_name] + [a["name"] for a in entry.aliases]}
    positives = []
    people = [entry for entry in ofac if entry.kind == "person" and "," in entry.primary_name]
    orgs = [entry for entry in ofac if entry.kind == "organization"]
    rng.shuffle(people)
    rng.shuffle(orgs)
    chemezov = next(entry for entry in ofac if entry.entry_ref == "16685")
    for entry in [chemezov] + people[:40]:
        for how, name in person_forms(entry, rng):
            positives.append({"name": name, "how": how, "list": "OFAC SDN", "entry_id": entry.entry_ref,
                              "listed": entry.primary_name, "kind": "person"})
    for entry in orgs[:25]:
        for how, name in org_forms(entry, rng):
            positives.append({"name": name, "how": how, "list": "OFAC SDN", "entry_id": entry.entry_ref,
                              "listed": entry.primary_name, "kind": "organization"})
    un_people = [entry for entry in un if entry.kind == "person" and len(entry.primary_name.split()) >= 2]
    rng.shuffle(un_people)
    for entry in un_people[:25]:
        parts = entry.primary_name.title().split()
        positives.append({"name": " ".join(reversed(parts)), "how": "reordered", "list": "UN Security Council",
                          "entry_id": entry.entry_ref, "listed": entry.primary_name, "kind": "person"})
        positives.append({"name": " ".join(parts[:1] + [typo(parts[-1], rng)] + parts[1:-1]), "how": "typo",
                          "list": "UN Security Council", "entry_id": entry.entry_ref, "listed": entry.primary_name,
                          "kind": "person"})
    negatives = [{"name": "Tanaka Hiroshi", "how": "innocent"}, {"name": "Almaty Auto Trade LLP", "how": "innocent"}]
    for entry in people[40:140]:  # look-alikes: the same surname, another given name
        surname, given = (part.strip() for part in entry.primary_name.split(",", 1))
        other = rng.choice([name for name in GIVEN if name.lower()[:3] not in given.lower()])
        negatives.append({"name": f"{other} {surname.title()}", "how": "same_surname", "listed": entry.primary_name,
                          "kind": "person"})
    for entry in orgs[25:125]:  # look-alikes: one word of a listed company in another company's name
        words = [word for word in entry.primary_name.replace(",", " ").split() if word.isalpha() and len(word) > 4]
        if not words:
            continue
        word = rng.choice(words).title()
        negatives.append({"name": f"{word} {rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} "
                                  f"{rng.choice(LEGAL)}", "how": "same_company_word", "listed": entry.primary_name,
                          "kind": "organization"})
    for _i in range(80):
        negatives.append({"name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", "how": "innocent", "kind": "person"})
    for _i in range(40):
        negatives.append({"name": f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {rng.choice(LEGAL)}",
                          "how": "innocent", "kind": "organization"})
    negatives = [item for item in negatives if not is_listed(item["name"], keys)]
    seen, unique = set(), []
    for item in positives + negatives:
        if item["name"] not in seen:
            seen.add(item["name"])
            unique.append({**item, "label": "listed" if "entry_id" in item else "innocent"})
    OUT.write_text(json.dumps(unique, ensure_ascii=False, indent=1) + "\n")
    counts = {label: sum(1 for item in unique if item["label"] == label) for label in ("listed", "innocent")}
    print(f"{OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
