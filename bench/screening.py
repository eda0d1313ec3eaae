"""Bench: party screening against the full OFAC SDN list, in process.

Imports data/sanctions/ofac_sdn_2024-05-03.csv into the bench database (timed; skipped when the same file is
the current version already), screens the names of the labelled set (tests/compliance/data) one by one
(candidates from the name index + scoring, as a buyer's party is screened; storage not included), then
re-screens ``BENCH_PARTIES`` buyers (default 10,000, created once) with a full leased run, in this process.
Prints ``{"bench": "screening", "list_size", "p50_ms", "p95_ms", "rescreen_parties", "rescreen_seconds",
"rescreen_parties_per_s", "import_seconds"}``. Targets: p95 <= 20 ms (aim 5); 10,000 parties in <= 60 s.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, setup_bench_database  # noqa: E402

PARTIES = int(os.environ.get("BENCH_PARTIES", "10000"))
OFAC = ROOT / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv"
CITY = "Bench City"


def main() -> None:
    setup_bench_database()
    from accounts.models import BuyerCompany
    from compliance.models import SanctionList, ScreeningRun
    from compliance.selectors.parties import Party, current_versions
    from compliance.services.lists import sanctions_list_import
    from compliance.services.parties import loaded_lists, screen_party
    from compliance.services.party_runs import screening_run_execute

    started = time.perf_counter()
    result = sanctions_list_import(fmt="ofac-sdn-csv", data=OFAC.read_bytes(), file_name=OFAC.name)
    import_seconds = None if result.unchanged else round(time.perf_counter() - started, 1)
    SanctionList.objects.exclude(name="OFAC SDN").update(current=None)  # the OFAC list alone
    versions = current_versions()
    loaded_lists(versions)  # the index, built once per process per version (not a query's cost)

    labelled = json.loads((ROOT / "tests" / "compliance" / "data" / "screening_labelled.json").read_text())
    timings = []
    for item in labelled:
        party = Party("query", item["name"], "", item.get("kind"))
        begin = time.perf_counter()
        screen_party(party, versions)
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()

    existing = BuyerCompany.objects.filter(city=CITY).count()
    if existing < PARTIES:
        names = [item["name"] for item in labelled]
        BuyerCompany.objects.bulk_create([  # bulk: no post_save, so no screening owed per buyer here
            BuyerCompany(name=f"{names[n % len(names)]}"[:160], kind="person" if n % 2 else "company",
                         country="KZ", city=CITY, consignee_name="", notify_party="")
            for n in range(existing, PARTIES)])
    parties = BuyerCompany.objects.count()  # every buyer's own name (consignee and notify are empty here)
    run = ScreeningRun.objects.create(version=versions[0], delta=False)
    begin = time.perf_counter()
    run = screening_run_execute(run_id=run.pk)
    seconds = time.perf_counter() - begin
    print(json.dumps({
        "bench": "screening", "list_size": versions[0].entry_count,
        "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "rescreen_parties": parties, "rescreen_seconds": round(seconds, 1),
        "rescreen_parties_per_s": round(parties / seconds), "flagged": run.flagged, "import_seconds": import_seconds,
    }))


if __name__ == "__main__":
    main()
