"""Bench: a 10,000-row CSV stock import through the real import service, in a database of its own.

Rows are valid and realistic: makes, models, engine sizes, fuels and drives from the EPA data in
``data/epa_japan_makes.csv``, Japanese frame numbers (``MODELCODE-SERIAL``). Prints one JSON line:
``{"bench": "csv_import", "rows": 10000, "seconds": ..., "rows_per_second": ...}``. Target: >= 1,000 rows/s.
``BENCH_CSV_ROWS`` changes the row count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, setup_bench_database  # noqa: E402

ROWS = int(os.environ.get("BENCH_CSV_ROWS", "10000"))
YARD_CODE = "BCSV"
MODEL_CODES = {
    "Toyota": ["ZVW30", "NZE161", "GRS200", "ZRE212", "AZR60", "ACU30", "NHP10", "ZWR80", "AGH30", "MXPA10"],
    "Lexus": ["AGL20", "GSE20", "AVE30", "MXAA54", "URZ40"],
    "Nissan": ["E12", "NT32", "Z34", "C27", "HE12", "T32", "FE0", "ZE1"],
    "Honda": ["GP5", "GK3", "RU1", "FD2", "RP3", "ZE2", "GB5"],
    "Mazda": ["DJ5FS", "KE2FW", "DK5FW", "BM5FP", "GJ2FP", "ND5RC"],
    "Mitsubishi": ["CV5W", "GG2W", "B11W", "CW5W", "GK1W"],
    "Subaru": ["GP7", "BRM", "SJ5", "VAB", "GT7", "BN9"],
    "Suzuki": ["ZC33S", "JB64W", "MH55S", "ZC72S", "MK53S"],
    "Daihatsu": ["LA150S", "LA700S", "S321V"],
}
COLORS = ["White", "Pearl White", "Black", "Silver", "Grey", "Blue", "Red", "パールホワイト", "ガンメタリック"]
FUELS = {"Hybrid": "hybrid", "Plug-in Hybrid": "plugin_hybrid", "EV": "electric", "FCV": "hydrogen", "CNG": "cng",
         "Diesel": "diesel"}


def _body_type(vclass: str) -> str:
    for needle, body in (("Wagon", "wagon"), ("Sport Utility", "suv"), ("Pickup", "pickup"), ("Minivan", "minivan"),
                         ("Van", "van"), ("Two Seaters", "coupe"), ("Special Purpose", "suv")):
        if needle in vclass:
            return body
    return "sedan"


def _drive(drive: str) -> str:
    if drive.startswith("All-Wheel"):
        return "awd"
    return "4wd" if "4-Wheel" in drive else "2wd"


def _transmission(trany: str) -> str:
    if "AV" in trany or "variable" in trany:
        return "cvt"
    return "manual" if trany.startswith("Manual") else "automatic"


def generate_csv(rows: int, seed: int = 42) -> bytes:
    """``rows`` valid rows with distinct Japanese frame numbers, as UTF-8 CSV bytes."""
    from inventory.services.imports import COLUMNS

    rng = random.Random(seed)
    with open(ROOT / "data" / "epa_japan_makes.csv", newline="", encoding="utf-8") as handle:
        models = [row for row in csv.DictReader(handle) if row["make"] in MODEL_CODES]
    this_year = dt.date.today().year
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    chassis_seen: set[str] = set()
    for _ in range(rows):
        epa = rng.choice(models)
        year = min(int(epa["year"]), this_year - 1)
        fuel = FUELS.get(epa["atvType"], "petrol")
        code = rng.choice(MODEL_CODES[epa["make"]])
        chassis = f"{code}-{rng.randrange(3_000_000, 9_999_999)}"
        while chassis in chassis_seen:
            chassis = f"{code}-{rng.randrange(3_000_000, 9_999_999)}"
        chassis_seen.add(chassis)
        displ = float(epa["displ"]) if epa["displ"].replace(".", "", 1).isdigit() else 1.5
        writer.writerow({
            "make": epa["make"], "model": epa["model"][:60], "grade": epa["baseModel"][:80], "model_code": code,
            "chassis_no": chassis, "year": year, "first_registration": f"{year}-{rng.randint(1, 12):02d}",
            "mileage_km": rng.randrange(5_000, 250_000, 100),
            "engine_cc": "" if fuel == "electric" else round(displ * 1000), "fuel": fuel,
            "power_kw": rng.randint(50, 250), "transmission": _transmission(epa["trany"]),
            "drive": _drive(epa["drive"]), "steering": "rhd", "body_type": _body_type(epa["VClass"]),
            "category": "M1", "gross_weight_kg": rng.randint(1200, 2600), "seats": 5, "doors": rng.choice([4, 5]),
            "color": rng.choice(COLORS), "length_mm": rng.randint(3400, 5100), "width_mm": rng.randint(1475, 1990),
            "height_mm": rng.randint(1300, 1950), "auction_grade": rng.choice(["3.5", "4", "4.5", "5", "R"]),
            "price_amount": rng.randrange(200_000, 6_000_000, 1000), "price_currency": "JPY",
            "description": "Bench stock: navigation, ETC, two keys.", "status": "available",
        })
    return out.getvalue().encode("utf-8")


def main() -> None:
    setup_bench_database()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import DatabaseError, transaction

    from accounts.models import User, Yard
    from inventory.models import ImportJob, Status, Vehicle
    from inventory.services.imports import import_job_create, import_run

    yard, _ = Yard.objects.get_or_create(code=YARD_CODE, defaults={"name": "CSV bench yard", "country": "JP",
                                                                    "city": "Toyama"})
    user, _ = User.objects.get_or_create(username="bench-csv-merchant",
                                         defaults={"role": User.Role.MERCHANT, "yard": yard})
    # Each run imports into an empty yard, so it times creations (the common case), not updates.
    for job in ImportJob.objects.filter(yard=yard):
        job.file.delete(save=False)
        job.delete()
    Vehicle.objects.filter(yard=yard).exclude(status=Status.WITHDRAWN).update(status=Status.WITHDRAWN)
    try:
        with transaction.atomic():
            Vehicle.history.filter(yard_id=yard.pk).delete()
            Vehicle.objects.filter(yard=yard).delete()
    except DatabaseError:
        pass  # rows other apps point at stay, withdrawn: their chassis numbers no longer clash

    upload = SimpleUploadedFile("bench.csv", generate_csv(ROWS), content_type="text/csv")
    started = time.perf_counter()
    job = import_job_create(yard=yard, user=user, upload=upload)
    job = import_run(job=job)
    seconds = time.perf_counter() - started
    if job.status != ImportJob.State.DONE or job.created_count != ROWS:
        print(f"csv_import: {job.status} created={job.created_count} errors={job.error_count} {job.message}",
              file=sys.stderr)
        for error in job.errors.all()[:10]:
            print(f"  row {error.row} {error.field}: {error.message}", file=sys.stderr)
    print(json.dumps({"bench": "csv_import", "rows": ROWS, "seconds": round(seconds, 3),
                      "rows_per_second": round(ROWS / seconds, 1), "errors": job.error_count}))
    sys.exit(0 if job.error_count == 0 and job.status == ImportJob.State.DONE else 1)


if __name__ == "__main__":
    main()
