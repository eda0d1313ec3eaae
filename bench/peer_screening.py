"""Peer comparison: OpenSanctions' nomenklatura ``logic-v2`` matcher and ours on the same labelled names and
the same OFAC entries. NOT a project dependency: it needs a scratch virtualenv,

    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install nomenklatura rapidfuzz==3.14.6 defusedxml==0.7.1
    /tmp/peer-venv/bin/python bench/peer_screening.py

Both sides are candidate-free here (each query is compared with every entry of one subset of the real OFAC
list: every entry a labelled name expects, the entries our index retrieves for any labelled name — the hard
look-alikes — and a random 500), on ``PEER_QUERIES`` labelled names of each kind (default 100 listed and 100
innocent). Prints one JSON line per matcher: recall, false-positive rate, milliseconds per query.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.importers import parse  # noqa: E402  (plain Python: no Django needed)
from compliance.matching import Candidate, NameIndex, Query, analyse, best_matches  # noqa: E402

QUERIES = int(os.environ.get("PEER_QUERIES", "100"))
THRESHOLD = 0.70
SCHEMA = {"person": "Person", "organization": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}


def main() -> None:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    rng = random.Random(7)
    labelled = json.loads((ROOT / "tests/compliance/data/screening_labelled.json").read_text())
    listed = [item for item in labelled if item["label"] == "listed" and item["list"] == "OFAC SDN"]
    innocent = [item for item in labelled if item["label"] == "innocent"]
    items = rng.sample(listed, min(QUERIES, len(listed))) + rng.sample(innocent, min(QUERIES, len(innocent)))
    entries = parse("ofac-sdn-csv", (ROOT / "data/sanctions/ofac_sdn_2024-05-03.csv").read_bytes()).entries
    by_ref = {entry.entry_ref: entry for entry in entries}
    names = [(entry, name) for entry in entries for name in [entry.primary_name] + [a["name"] for a in entry.aliases]]
    index = NameIndex([analyse(name).key for _e, name in names])
    chosen = {item["entry_id"] for item in items if "entry_id" in item}
    for item in items:
        chosen.update(names[position][0].entry_ref for position in index.search(analyse(item["name"]), limit=30))
    chosen.update(rng.sample(sorted(by_ref), 500))
    subset = [by_ref[ref] for ref in sorted(chosen)]

    ours = [Candidate(entry.entry_ref, entry.kind, name, is_alias=name != entry.primary_name,
                      countries=tuple(entry.countries), birth_dates=tuple(entry.birth_dates))
            for entry in subset for name in [entry.primary_name] + [a["name"] for a in entry.aliases]]
    theirs = []
    for entry in subset:
        proxy = model.make_entity(SCHEMA[entry.kind])
        proxy.id = f"ofac-{entry.entry_ref}"
        proxy.add("name", entry.primary_name)
        for alias in entry.aliases:
            proxy.add("alias", alias["name"])
        theirs.append(proxy)

    algorithm = get_algorithm("logic-v2")
    config = algorithm.default_config()

    def ours_hits(item):
        return {m.candidate.entry_ref for m in best_matches(Query(item["name"], kind=item.get("kind")), ours)}

    def theirs_hits(item):
        query = model.make_entity(SCHEMA.get(item.get("kind"), "LegalEntity"))
        query.id = f"query-{item['name']}"  # the matcher caches its analysis of an entity by id
        query.add("name", item["name"])
        found = set()
        for proxy in theirs:
            if not query.schema.can_match(proxy.schema):
                continue
            if algorithm.compare(query, proxy, config).score >= THRESHOLD:
                found.add(proxy.id.removeprefix("ofac-"))
        return found

    for name, screen in (("ours", ours_hits), ("nomenklatura-logic-v2", theirs_hits)):
        found = false_positives = 0
        began = time.perf_counter()
        for item in items:
            hits = screen(item)
            if item["label"] == "listed":
                found += item["entry_id"] in hits
            else:
                false_positives += bool(hits)
        per_query = (time.perf_counter() - began) * 1000 / len(items)
        n_listed = sum(1 for item in items if item["label"] == "listed")
        print(json.dumps({"bench": "peer_screening", "matcher": name, "entries": len(subset),
                          "listed": n_listed, "innocent": len(items) - n_listed,
                          "recall": round(found / n_listed, 4),
                          "fp_rate": round(false_positives / (len(items) - n_listed), 4),
                          "ms_per_query_candidate_free": round(per_query, 2)}), flush=True)


if __name__ == "__main__":
    main()
