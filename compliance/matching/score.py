"""Comparing a screened name with a listed one: parts aligned in any order, a score from 0 to 1, and the
steps that explain it (message keys and parameters; the app renders them in the reader's language).

Scoring: each aligned pair of parts counts its similarity times both parts' weights (longer parts weigh
more, initials little); parts left over count against the match, except a listed patronymic or middle
name the query leaves out. Legal forms and honorifics never count either way. A country or birth date
given with the query and known for the entry raises or lowers the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .index import allowed_edits
from .names import AnalysedName, NamePart, analyse

ALGORITHM = "names-align-1"
DEFAULT_THRESHOLD = 0.70
COUNTRY_MATCH, COUNTRY_MISMATCH = 0.05, -0.10
BIRTH_EXACT, BIRTH_YEAR, BIRTH_MISMATCH = 0.05, 0.03, -0.15
LOW_QUALITY_ALIAS = -0.05
UNMATCHED = 1.5  # a part left over on either side weighs this much more than an aligned one
CONFLICT = 0.8  # a person's leftover parts on both sides (another given name): the name score times this
FIRST_LETTER = 0.85
KINDS_COMPATIBLE = {
    "person": {"person"},
    "organization": {"organization", "vessel", "aircraft"},
    "vessel": {"vessel"},
    "aircraft": {"aircraft"},
}


@dataclass(frozen=True)
class Step:
    key: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"key": self.key, "params": self.params}


@dataclass(frozen=True)
class Query:
    name: str
    kind: str | None = None  # person, organization, vessel (None: any)
    country: str | None = None
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class Candidate:
    """One listed name (the primary name or an alias) of an entry, with the entry's facts."""

    entry_ref: str
    kind: str
    name: str
    is_alias: bool = False
    low_quality: bool = False
    countries: tuple[str, ...] = ()
    birth_dates: tuple[dict, ...] = ()  # {"date": "1952-08-20"} | {"year": 1952, "approx"?: true} | {"from", "to"}
    payload: object = None  # whatever the caller needs back with a hit (not compared)


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float
    name_score: float
    steps: tuple[Step, ...]


def weight(part: NamePart) -> float:
    return part.weight


def part_similarity(a: NamePart, b: NamePart) -> tuple[float, str]:
    """How alike two parts are (0..1) and how: exact, variant (a transliteration variant), typo or initial.
    Short parts (three letters or fewer) must be equal: one letter changes a short name."""
    if a.text == b.text:
        return 1.0, "exact"
    if a.folded == b.folded:
        return 1.0, "variant"
    if a.is_initial or b.is_initial:
        if a.text[0] != b.text[0]:
            return 0.0, ""
        return (0.5 if a.is_patronymic or b.is_patronymic else 0.8), "initial"
    allowed = allowed_edits(min(len(a.folded), len(b.folded)))
    if allowed == 0:
        return 0.0, ""
    distance = OSA.distance(a.folded, b.folded, score_cutoff=allowed)  # a swap of two letters is one edit
    if distance > allowed:
        return 0.0, ""
    similarity = 1.0 - distance / max(len(a.folded), len(b.folded))
    if a.folded[0] != b.folded[0]:  # typos seldom hit the first letter
        similarity *= FIRST_LETTER
    return similarity, "typo"


def align(query: AnalysedName, listed: AnalysedName) -> list[tuple[int, int, float, str]]:
    """Pairs (query part, listed part, similarity, how), best first, each part used once; word order is free.
    A part written as two words on the other side (or two as one) aligns as one."""
    pairs = []
    for i, q in enumerate(query.parts):
        for j, c in enumerate(listed.parts):
            similarity, how = part_similarity(q, c)
            if similarity > 0:
                pairs.append((similarity, weight(q) + weight(c), i, j, how))
    pairs.sort(key=lambda pair: (-pair[0], -pair[1]))
    used_q, used_c, result = set(), set(), []
    for similarity, _w, i, j, how in pairs:
        if i not in used_q and j not in used_c:
            used_q.add(i)
            used_c.add(j)
            result.append((i, j, similarity, how))
    return result


def name_score(query: AnalysedName, listed: AnalysedName, *, person: bool) -> tuple[float, list[Step]]:
    """The names' own similarity (0..1) and the steps that explain it."""
    if not query.parts or not listed.parts:
        return 0.0, []
    if len(query.parts) != len(listed.parts) and query.joined == listed.joined:
        return 1.0, [Step("parts_joined", {"query": " ".join(p.text for p in query.parts),
                                           "listed": " ".join(p.text for p in listed.parts)})]
    pairs = align(query, listed)
    steps, matched = [], 0.0
    for i, j, similarity, how in pairs:
        q, c = query.parts[i], listed.parts[j]
        matched += similarity * (weight(q) + weight(c))
        steps.append(Step("part_aligned", {"query": q.text, "listed": c.text, "how": how,
                                           "similarity": round(similarity, 2)}))
    aligned_q = {i for i, *_ in pairs}
    aligned_c = {j for _, j, *_ in pairs}
    total, leftover_q, leftover_c = 0.0, False, False
    for i, part in enumerate(query.parts):
        if i in aligned_q:
            total += weight(part)
        elif person and part.is_patronymic and aligned_c:
            total += 0.1 * weight(part)
            steps.append(Step("query_patronymic_ignored", {"part": part.text}))
        else:
            total += UNMATCHED * weight(part)
            leftover_q = True
            steps.append(Step("query_part_unmatched", {"part": part.text}))
    for j, part in enumerate(listed.parts):
        if j in aligned_c:
            total += weight(part)
        elif person and part.is_patronymic and len(aligned_q) >= 1:
            total += 0.1 * weight(part)
            steps.append(Step("patronymic_missing", {"part": part.text}))
        elif person and len(aligned_c) >= 2:  # a middle name the query leaves out
            total += 0.5 * weight(part)
            steps.append(Step("listed_part_missing", {"part": part.text}))
        else:
            total += UNMATCHED * weight(part)
            leftover_c = True
            steps.append(Step("listed_part_unmatched", {"part": part.text}))
    if len(pairs) >= 2 and [j for _i, j, *_ in sorted(pairs)] != sorted(j for _i, j, *_ in pairs):
        steps.append(Step("order_differs"))
    score = matched / total if total else 0.0
    if person and leftover_q and leftover_c:
        score *= CONFLICT
        steps.append(Step("parts_conflict"))
    return score, steps


def _years(birth: dict) -> tuple[int, int] | None:
    if "date" in birth:
        return int(birth["date"][:4]), int(birth["date"][:4])
    if "from" in birth:
        return int(birth["from"]), int(birth.get("to") or birth["from"])
    if "year" in birth:
        slack = 1 if birth.get("approx") else 0
        return int(birth["year"]) - slack, int(birth["year"]) + slack
    return None


def birth_effect(born: dt.date, listed: tuple[dict, ...]) -> Step | None:
    """Exact date, year (or range, or approximate year) agreeing, or none of the listed dates agreeing."""
    listed_text = ", ".join(_birth_text(birth) for birth in listed)
    if any(birth.get("date") == born.isoformat() for birth in listed):
        return Step("birth_date_exact", {"date": born.isoformat(), "effect": BIRTH_EXACT})
    for birth in listed:
        years = _years(birth)
        if years and years[0] <= born.year <= years[1] and "date" not in birth:
            return Step("birth_year_match", {"date": born.isoformat(), "listed": listed_text, "effect": BIRTH_YEAR})
    if any(_years(birth) for birth in listed):
        return Step("birth_date_mismatch", {"date": born.isoformat(), "listed": listed_text,
                                            "effect": BIRTH_MISMATCH})
    return None


def _birth_text(birth: dict) -> str:
    if "date" in birth:
        return birth["date"]
    if "from" in birth:
        return f"{birth['from']}–{birth.get('to') or ''}"
    return f"~{birth['year']}" if birth.get("approx") else str(birth.get("year", ""))


EFFECT = {"birth_date_exact": BIRTH_EXACT, "birth_year_match": BIRTH_YEAR, "birth_date_mismatch": BIRTH_MISMATCH}


def compare(query: Query, candidate: Candidate, *, analysed: AnalysedName | None = None) -> Match | None:
    """Score one listed name against the query; None when the kinds cannot be the same party."""
    if query.kind and candidate.kind not in KINDS_COMPATIBLE.get(query.kind, {candidate.kind}):
        return None
    mine = analysed or analyse(query.name)
    listed = analyse(candidate.name)
    person = candidate.kind == "person"
    base, steps = name_score(mine, listed, person=person)
    if base <= 0:
        return None
    steps = _context_steps(mine, listed, candidate) + steps
    score = base
    if candidate.low_quality:
        score += LOW_QUALITY_ALIAS
        steps.append(Step("alias_low_quality", {"effect": LOW_QUALITY_ALIAS}))
    if query.country and candidate.countries:
        if query.country.upper() in candidate.countries:
            score += COUNTRY_MATCH
            steps.append(Step("country_match", {"country": query.country.upper(), "effect": COUNTRY_MATCH}))
        else:
            score += COUNTRY_MISMATCH
            steps.append(Step("country_mismatch", {"country": query.country.upper(),
                                                   "listed": ", ".join(candidate.countries),
                                                   "effect": COUNTRY_MISMATCH}))
    if query.birth_date and candidate.birth_dates and person:
        step = birth_effect(query.birth_date, candidate.birth_dates)
        if step:
            score += EFFECT[step.key]
            steps.append(step)
    score = max(0.0, min(1.0, score))
    return Match(candidate, round(score, 4), round(base, 4), tuple(steps))


def _context_steps(mine: AnalysedName, listed: AnalysedName, candidate: Candidate) -> list[Step]:
    steps = []
    for name, side in ((mine, "query"), (listed, "listed")):
        if name.latin:
            steps.append(Step("transliterated", {"side": side, "script": ", ".join(name.scripts) or "?",
                                                 "original": name.original, "latin": " ".join(name.latin.split())}))
    forms = list(dict.fromkeys(mine.legal_forms + listed.legal_forms))
    if forms:
        steps.append(Step("legal_form_ignored", {"forms": ", ".join(forms)}))
    titles = list(dict.fromkeys(mine.honorifics + listed.honorifics))
    if titles:
        steps.append(Step("honorific_ignored", {"titles": ", ".join(titles)}))
    if candidate.is_alias:
        steps.insert(0, Step("alias_matched", {"alias": candidate.name}))
    return steps


def best_matches(query: Query, candidates, *, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """The best-scoring name of each entry at or above ``threshold``, best first."""
    analysed = analyse(query.name)
    best: dict[str, Match] = {}
    for candidate in candidates:
        match = compare(query, candidate, analysed=analysed)
        if match is None or match.score < threshold:
            continue
        held = best.get(candidate.entry_ref)
        if held is None or match.score > held.score or (match.score == held.score and not candidate.is_alias):
            best[candidate.entry_ref] = match
    return sorted(best.values(), key=lambda match: (-match.score, match.candidate.entry_ref))
