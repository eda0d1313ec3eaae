"""Measure the matcher on the labelled set against the real OFAC and UN lists, in memory (no database): the
same index and scoring the app uses (``compliance.matching``), built from the parsed files."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compliance.importers import parse
from compliance.matching import DEFAULT_THRESHOLD, Candidate, NameIndex, Query, analyse, best_matches

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "compliance" / "data" / "screening_labelled.json"
LISTS = (("OFAC SDN", "ofac-sdn-csv", "data/sanctions/ofac_sdn_2024-05-03.csv"),
         ("UN Security Council", "un-xml", "data/sanctions/un_consolidated_2026-02-27.xml"))


@lru_cache(maxsize=1)
def loaded() -> tuple[list[Candidate], NameIndex]:
    candidates = []
    for list_name, fmt, path in LISTS:
        for entry in parse(fmt, (ROOT / path).read_bytes()).entries:
            for name, alias, quality in [(entry.primary_name, False, "good")] + [
                    (a["name"], True, a["quality"]) for a in entry.aliases]:
                candidates.append(Candidate(entry_ref=entry.entry_ref, kind=entry.kind, name=name, is_alias=alias,
                                            low_quality=quality == "low", countries=tuple(entry.countries),
                                            birth_dates=tuple(entry.birth_dates), payload=list_name))
    return candidates, NameIndex([analyse(candidate.name).key for candidate in candidates])


def screen(name: str, kind: str | None = None, threshold: float = DEFAULT_THRESHOLD):
    candidates, index = loaded()
    found = [candidates[position] for position in index.search(analyse(name), limit=30)]
    return best_matches(Query(name=name, kind=kind), found, threshold=threshold)


@dataclass
class Figures:
    listed: int
    innocent: int
    found: int
    false_positives: int
    missed: list
    flagged_innocents: list
    ms_per_query: float

    @property
    def recall(self) -> float:
        return self.found / self.listed

    @property
    def fp_rate(self) -> float:
        return self.false_positives / self.innocent

    @property
    def precision(self) -> float:
        return self.found / ((self.found + self.false_positives) or 1)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / ((self.precision + self.recall) or 1)

    def as_json(self) -> dict:
        return {"listed": self.listed, "innocent": self.innocent, "recall": round(self.recall, 4),
                "fp_rate": round(self.fp_rate, 4), "precision": round(self.precision, 4), "f1": round(self.f1, 4),
                "ms_per_query": round(self.ms_per_query, 3)}


def evaluate(items=None, *, use_kind: bool = True) -> Figures:
    items = items if items is not None else json.loads(LABELLED.read_text())
    loaded()
    found = false_positives = 0
    missed, flagged = [], []
    started = time.perf_counter()
    for item in items:
        hits = screen(item["name"], item.get("kind") if use_kind else None)
        if item["label"] == "listed":
            if any(hit.candidate.entry_ref == item["entry_id"] and hit.candidate.payload == item["list"]
                   for hit in hits):
                found += 1
            else:
                missed.append(item)
        elif hits:
            false_positives += 1
            flagged.append((item, hits[0].candidate.name, hits[0].score))
    elapsed = (time.perf_counter() - started) * 1000 / len(items)
    listed = sum(1 for item in items if item["label"] == "listed")
    return Figures(listed, len(items) - listed, found, false_positives, missed, flagged, elapsed)
