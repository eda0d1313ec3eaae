"""Demo stock drawn from the real EPA specs shipped in data/epa_japan_makes.csv.

Deterministic (seeded), so `seed_demo` is idempotent: the same chassis numbers every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from inventory.validators import vin_check_digit

EPA_FILE = Path(settings.BASE_DIR) / "data" / "epa_japan_makes.csv"

# Japanese model codes for popular export models (the prefix of a frame number).
MODEL_CODES = {
    "prius": "ZVW30", "corolla": "NZE161", "camry": "AXVH70", "rav4": "MXAA54", "highlander": "GSU50",
    "harrier": "ZSU60", "land cruiser": "URJ202", "4runner": "GRN280", "sienna": "GSL30", "yaris": "KSP130",
    "tacoma": "GRN305", "tundra": "USK56", "avalon": "GSX40", "civic": "FC1", "accord": "CV3", "fit": "GK3",
    "cr-v": "RW1", "odyssey": "RC1", "pilot": "YF6", "hr-v": "RU1", "altima": "L33", "sentra": "B17",
    "rogue": "T32", "leaf": "ZE1", "pathfinder": "R52", "murano": "Z52", "versa": "N17", "note": "E12",
    "cx-5": "KF2P", "mazda3": "BP5P", "cx-3": "DK5FW", "mazda6": "GJ2FP", "mx-5": "ND5RC", "outback": "BS9",
    "forester": "SJ5", "impreza": "GT7", "legacy": "BN9", "crosstrek": "GT3", "wrx": "VAB",
    "outlander": "GF7W", "lancer": "CY4A", "pajero": "V98W", "eclipse cross": "GK1W", "mirage": "A03A",
    "swift": "ZC83S", "sx4": "YA22S", "grand vitara": "TDA4W", "jimny": "JB64W", "rx": "AGL20W", "es": "AXZH10",
    "is": "GSE31", "gx": "GRJ150", "lx": "URJ201", "nx": "AGZ10", "ct": "ZWA10",
}
COLORS = ["white", "pearl white", "black", "silver", "grey", "blue", "red", "beige", "green"]


def _fuel(row: dict) -> str:
    atv, fuel = row["atvType"], row["fuelType"]
    if atv == "EV" or fuel == "Electricity":
        return "electric"
    if atv == "Plug-in Hybrid":
        return "plugin_hybrid"
    if atv == "Hybrid":
        return "hybrid"
    if atv == "FCV" or fuel == "Hydrogen":
        return "hydrogen"
    if atv == "Diesel" or fuel == "Diesel":
        return "diesel"
    if atv == "CNG" or fuel == "CNG":
        return "cng"
    return "petrol"


def _body(vclass: str) -> tuple[str, str, int]:
    vclass = vclass.lower()
    if "pickup" in vclass:
        return "pickup", "N1", 5
    if "sport utility" in vclass or "special purpose" in vclass:
        return "suv", "M1", 5
    if "minivan" in vclass:
        return "minivan", "M1", 7
    if "van" in vclass:
        return "van", "N1", 3
    if "wagon" in vclass:
        return "wagon", "M1", 5
    if "two seater" in vclass:
        return "coupe", "M1", 2
    if "subcompact" in vclass or "minicompact" in vclass:
        return "hatchback", "M1", 5
    return "sedan", "M1", 5


DIMENSIONS = {
    "hatchback": (3995, 1695, 1525), "sedan": (4690, 1800, 1445), "wagon": (4750, 1800, 1500),
    "suv": (4740, 1855, 1690), "minivan": (4950, 1850, 1800), "van": (4695, 1695, 1980),
    "pickup": (5330, 1900, 1815), "coupe": (4380, 1800, 1300),
}


@cache
def epa_rows() -> list[dict]:
    with EPA_FILE.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["year"] and 2008 <= int(row["year"]) <= 2025]


def model_code_for(model: str, rng: random.Random) -> str:
    key = model.lower()
    for name, code in MODEL_CODES.items():
        if key.startswith(name):
            return code
    letters = "".join(ch for ch in model.upper() if ch.isalpha())[:3] or "XX"
    return f"{letters}{rng.randint(10, 99)}"


def chinese_vin(rng: random.Random, year: int) -> str:
    """A 17-character VIN for a China-built car (WMI L…), with a valid ISO 3779 check digit."""
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    year_codes = "ABCDEFGHJKLMNPRSTVWXY123456789"
    wmi = rng.choice(["LVG", "LFM", "LGB", "LHG", "LVH"])
    body = "".join(rng.choice(alphabet) for _ in range(5))
    code = year_codes[(year - 2010) % 30]
    tail = code + rng.choice(alphabet) + f"{rng.randint(0, 999999):06d}"
    partial = wmi + body + "0" + tail
    return wmi + body + vin_check_digit(partial) + tail


def demo_vehicles(yard_code: str, country: str, count: int, seed: int) -> list[dict]:
    """``count`` vehicle records for a yard; the same list for the same arguments."""
    rng = random.Random(seed)
    rows = epa_rows()
    today = dt.date.today()
    vehicles = []
    for index in range(count):
        row = rng.choice(rows)
        year = int(row["year"])
        fuel = _fuel(row)
        body, category, seats = _body(row["VClass"])
        model = row["baseModel"] or row["model"]
        model_code = model_code_for(model, rng)
        if country == "CN":
            chassis = chinese_vin(rng, year)
            if index % 4 == 0:  # "zero-kilometre" parallel exports: nearly new, registered weeks ago
                year = today.year
                first_registration = dt.date(today.year, max(1, today.month - 1), 1)
            else:
                first_registration = dt.date(year, rng.randint(1, 12), 1)
        else:
            chassis = f"{model_code}-{rng.randint(1000000, 9999999)}"
            first_registration = dt.date(year, rng.randint(1, 12), 1)
        first_registration = min(first_registration, today.replace(day=1))
        age = max(today.year - year, 0)
        mileage = 50 if (country == "CN" and year == today.year) else rng.randint(8000, 18000) * max(age, 1)
        engine_cc = None if fuel == "electric" else int(round(float(row["displ"] or 1.5) * 1000 / 10.0) * 10 - 2)
        base = {"petrol": 1400000, "diesel": 1900000, "hybrid": 1800000, "plugin_hybrid": 2600000,
                "electric": 2400000, "hydrogen": 3000000, "cng": 900000}[fuel]
        price = Decimal(int(base * rng.uniform(0.45, 2.6) * (0.92 ** age) / 1000) * 1000 + 200000)
        length, width, height = DIMENSIONS[body]
        transmission = "manual" if row["trany"].startswith("Manual") else (
            "cvt" if "variable" in row["trany"].lower() or "AV" in row["trany"] else "automatic")
        drive = "4wd" if "4-Wheel" in row["drive"] or "4WD" in row["VClass"] else (
            "awd" if "All-Wheel" in row["drive"] else "2wd")
        vehicles.append({
            "make": row["make"], "model": model[:60], "grade": row["model"][:80] if row["model"] != model else "",
            "model_code": model_code, "chassis_no": chassis, "year": year,
            "first_registration": first_registration, "mileage_km": mileage, "engine_cc": engine_cc, "fuel": fuel,
            "power_kw": None, "transmission": transmission, "drive": drive,
            "steering": "lhd" if country == "CN" else "rhd", "body_type": body, "category": category,
            "seats": seats, "doors": 2 if body == "coupe" else 4 if body != "hatchback" else 5,
            "color": rng.choice(COLORS), "length_mm": length + rng.randint(-150, 150),
            "width_mm": width + rng.randint(-40, 40), "height_mm": height + rng.randint(-40, 40),
            "auction_grade": rng.choice(["3.5", "4", "4", "4.5", "5", "R"]),
            "price_amount": price if country == "JP" else (price / 20).quantize(Decimal("1")),
            "price_currency": "JPY" if country == "JP" else "CNY",
            "gross_weight_kg": None, "description": "",
        })
    return vehicles
