"""Demo stock that looks like the trade: Japanese-market cars in the Japanese yards, Chinese cars in Horgos.

Each model carries the specs a buyer checks (model code, engine, fuel, body, size) and a price band in
the yard's currency (JPY auction/FOB prices, CNY dealer prices). Where a model truly is the one the US
EPA lists (Prius ZVW30/50, Aqua = Prius c, Leaf, CX-5 diesel, Fit GK, Land Cruiser 200, Outlander
PHEV, Forester SK), its years, engine and gearbox come from ``data/epa_japan_makes.csv``.

Deterministic (seeded), so `seed_demo` is idempotent: the same chassis numbers every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from inventory.validators import vin_check_digit

EPA_FILE = Path(settings.BASE_DIR) / "data" / "epa_japan_makes.csv"
COLORS = ["white", "pearl white", "pearl white", "black", "silver", "grey", "dark blue", "wine red", "beige"]
JP_GRADES = ["3.5", "4", "4", "4", "4.5", "4.5", "5", "R"]


@dataclass(frozen=True)
class Model:
    make: str
    model: str
    code: str                    # JDM model code (frame prefix) or the Chinese type-approval prefix
    years: tuple[int, int]
    engine_cc: int | None
    fuel: str
    body: str
    size: tuple[int, int, int]   # length, width, height (mm)
    price: tuple[int, int]       # JP: used prices from the oldest to the newest year; CN: the new-car price band
    grades: tuple[str, ...]
    seats: int = 5
    transmission: str = "automatic"
    drive: str = "2wd"
    category: str = "M1"
    power_kw: int | None = None
    epa: tuple[str, float | None, str] | None = None   # (EPA baseModel, displacement l, atvType)
    frame: str = ""              # the frame number's prefix when it differs from the model code (ZSU60W: ZSU60)


JAPAN = [
    Model("Toyota", "Prius", "ZVW30", (2010, 2015), 1797, "hybrid", "hatchback", (4460, 1745, 1490),
          (300_000, 900_000), ("S", "G", "S Touring Selection", "L"), transmission="cvt", power_kw=73,
          epa=("Prius", 1.8, "Hybrid")),
    Model("Toyota", "Prius", "ZVW50", (2016, 2022), 1797, "hybrid", "hatchback", (4540, 1760, 1470),
          (1_200_000, 2_300_000), ("S", "A", "A Premium", "S Touring Selection"), transmission="cvt", power_kw=72,
          epa=("Prius", 1.8, "Hybrid")),
    Model("Toyota", "Aqua", "NHP10", (2012, 2019), 1496, "hybrid", "hatchback", (3995, 1695, 1455),
          (350_000, 1_000_000), ("S", "G", "X-Urban", "L"), transmission="cvt", power_kw=54,
          epa=("Prius c", 1.5, "Hybrid")),
    Model("Toyota", "Harrier", "ZSU60W", (2014, 2020), 1986, "petrol", "suv", (4720, 1835, 1690),
          (1_500_000, 2_900_000), ("Elegance", "Premium", "Progress"), transmission="cvt", power_kw=111,
          frame="ZSU60"),
    Model("Toyota", "Harrier", "AXUH80", (2020, 2024), 2487, "hybrid", "suv", (4740, 1855, 1660),
          (3_400_000, 4_800_000), ("S", "G", "Z Leather Package"), transmission="cvt", drive="awd", power_kw=131),
    Model("Toyota", "Hiace Van", "GDH201V", (2017, 2024), 2754, "diesel", "van", (4695, 1695, 1980),
          (2_200_000, 4_200_000), ("Super GL", "DX", "Super GL Dark Prime"), seats=5, category="N1", power_kw=111,
          frame="GDH201"),
    Model("Toyota", "Land Cruiser", "URJ202W", (2008, 2021), 4608, "petrol", "suv", (4950, 1970, 1880),
          (3_800_000, 8_500_000), ("AX", "GX", "ZX", "AX G Selection"), seats=8, drive="4wd", power_kw=234,
          frame="URJ202"),
    Model("Toyota", "Hilux", "GUN125", (2017, 2024), 2393, "diesel", "pickup", (5335, 1855, 1800),
          (2_400_000, 3_700_000), ("Z", "X", "Z GR Sport"), drive="4wd", category="N1", power_kw=110),
    Model("Toyota", "Alphard", "AGH30W", (2015, 2022), 2493, "petrol", "minivan", (4945, 1850, 1935),
          (2_300_000, 5_800_000), ("S", "S C Package", "SC"), seats=7, transmission="cvt", power_kw=134,
          frame="AGH30"),
    Model("Toyota", "Corolla Fielder", "NKE165G", (2013, 2021), 1496, "hybrid", "wagon", (4400, 1695, 1510),
          (400_000, 1_300_000), ("Hybrid G", "Hybrid WxB"), transmission="cvt", power_kw=54,
          frame="NKE165"),
    Model("Toyota", "Crown", "AZSH20", (2018, 2022), 2487, "hybrid", "sedan", (4910, 1800, 1455),
          (2_000_000, 3_900_000), ("S", "RS Advance", "G"), transmission="cvt", power_kw=131),
    Model("Honda", "Fit", "GK5", (2015, 2020), 1496, "petrol", "hatchback", (3990, 1695, 1525),
          (450_000, 1_100_000), ("15XL", "RS", "15X"), transmission="cvt", power_kw=97, epa=("Fit", 1.5, "")),
    Model("Honda", "Vezel", "RU3", (2014, 2021), 1496, "hybrid", "suv", (4295, 1770, 1605),
          (700_000, 1_900_000), ("Hybrid Z", "Hybrid X", "Hybrid RS"), transmission="automatic", power_kw=96),
    Model("Nissan", "X-Trail", "NT32", (2014, 2022), 1997, "petrol", "suv", (4690, 1820, 1740),
          (700_000, 2_100_000), ("20X", "20Xi", "Mode Premier"), transmission="cvt", drive="4wd", power_kw=108),
    Model("Nissan", "Note e-Power", "HE12", (2017, 2020), 1198, "hybrid", "hatchback", (4100, 1695, 1520),
          (500_000, 1_300_000), ("X", "Medalist", "Nismo"), transmission="automatic", power_kw=80),
    Model("Nissan", "Leaf", "ZE1", (2018, 2024), None, "electric", "hatchback", (4480, 1790, 1540),
          (900_000, 2_400_000), ("X", "G", "e+ G"), power_kw=110, epa=("Leaf", None, "EV")),
    Model("Mazda", "CX-5", "KF2P", (2017, 2023), 2188, "diesel", "suv", (4545, 1840, 1690),
          (1_300_000, 2_800_000), ("XD PROACTIVE", "XD L Package", "XD Exclusive Mode"), drive="awd",
          power_kw=140, epa=("CX-5", 2.2, "Diesel")),
    Model("Subaru", "Forester", "SK9", (2018, 2023), 2498, "petrol", "suv", (4625, 1815, 1730),
          (1_400_000, 2_600_000), ("Premium", "X-Break", "Touring"), transmission="cvt", drive="awd",
          power_kw=136, epa=("Forester", 2.5, "")),
    Model("Mitsubishi", "Outlander PHEV", "GG3W", (2018, 2020), 2359, "plugin_hybrid", "suv", (4695, 1800, 1710),
          (1_300_000, 2_400_000), ("G", "G Premium Package", "S Edition"), drive="4wd", power_kw=94,
          epa=("Outlander", 2.4, "Plug-in Hybrid")),
    Model("Suzuki", "Jimny", "JB64W", (2018, 2024), 658, "petrol", "suv", (3395, 1475, 1725),
          (1_400_000, 2_200_000), ("XC", "XL", "XG"), seats=4, transmission="manual", drive="4wd", power_kw=47),
]

CHINA = [
    Model("Li Auto", "L7", "LXA6500", (2023, 2025), 1496, "range_extender", "suv", (5050, 1995, 1750),
          (300_000, 370_000), ("Max", "Pro", "Air"), drive="awd", power_kw=330),
    Model("Li Auto", "L9", "LXA6520", (2022, 2025), 1496, "range_extender", "suv", (5218, 1998, 1800),
          (400_000, 450_000), ("Max", "Pro"), seats=6, drive="awd", power_kw=330),
    Model("BYD", "Song Plus DM-i", "BYD6470", (2021, 2025), 1498, "plugin_hybrid", "suv", (4775, 1890, 1670),
          (140_000, 190_000), ("Flagship", "Honor Edition", "Champion Edition"), power_kw=145),
    Model("BYD", "Han EV", "BYD7005", (2021, 2025), None, "electric", "sedan", (4995, 1910, 1495),
          (200_000, 280_000), ("Honor Edition", "Champion Edition", "Genesis"), power_kw=180),
    Model("BYD", "Dolphin", "BYD7003", (2022, 2025), None, "electric", "hatchback", (4070, 1770, 1570),
          (100_000, 130_000), ("Active", "Free", "Knight"), power_kw=70),
    Model("Haval", "H6", "CC6460", (2021, 2025), 1499, "petrol", "suv", (4653, 1886, 1730),
          (100_000, 150_000), ("Pro", "Max", "Supreme+"), transmission="automatic", power_kw=135),
    Model("Geely", "Monjaro", "MR6471", (2022, 2025), 1969, "petrol", "suv", (4770, 1895, 1689),
          (150_000, 200_000), ("Flagship", "Ultra", "Supreme"), drive="awd", power_kw=175),
    Model("Chery", "Tiggo 7 Pro", "SQR6451", (2021, 2025), 1498, "petrol", "suv", (4500, 1842, 1746),
          (90_000, 130_000), ("Exceed", "Luxury", "Prestige"), transmission="cvt", power_kw=115),
    Model("Chery", "Tiggo 8 Pro", "SQR6471", (2021, 2025), 1598, "petrol", "suv", (4722, 1860, 1746),
          (120_000, 170_000), ("Luxury", "Prestige"), seats=7, power_kw=145),
    Model("Great Wall", "Poer", "CC1031", (2021, 2025), 1996, "diesel", "pickup", (5410, 1934, 1886),
          (120_000, 180_000), ("Commercial", "Passenger Luxury"), drive="4wd", category="N1", power_kw=120),
]

# World manufacturer identifiers for the VINs of China-built cars (each a real maker's prefix).
CHINA_WMI = {"Li Auto": "LW4", "BYD": "LGX", "Haval": "LGW", "Great Wall": "LGW", "Geely": "L6T", "Chery": "LVV"}


@cache
def epa_rows() -> list[dict]:
    with EPA_FILE.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["year"] and 2008 <= int(row["year"]) <= 2025]


def epa_match(model: Model) -> list[dict]:
    """The EPA rows of the very same car (name, engine, drivetrain, years), if any."""
    if model.epa is None:
        return []
    base, displ, atv = model.epa
    return [row for row in epa_rows()
            if row["make"] == model.make and row["baseModel"] == base and row["atvType"] == atv
            and (displ is None or row["displ"] == str(displ))
            and model.years[0] <= int(row["year"]) <= model.years[1]]


def chinese_vin(rng: random.Random, make: str, year: int) -> str:
    """A 17-character VIN for a China-built car (its maker's WMI), with a valid ISO 3779 check digit."""
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    year_codes = "ABCDEFGHJKLMNPRSTVWXY123456789"
    wmi = CHINA_WMI.get(make, "LVH")
    body = "".join(rng.choice(alphabet) for _ in range(5))
    tail = year_codes[(year - 2010) % 30] + rng.choice(alphabet) + f"{rng.randint(0, 999999):06d}"
    partial = wmi + body + "0" + tail
    return wmi + body + vin_check_digit(partial) + tail


def _transmission(model: Model, epa: dict | None) -> str:
    if epa is None:
        return model.transmission
    trany = epa["trany"].lower()
    if trany.startswith("manual"):
        return "manual"
    return "cvt" if "variable" in trany or "(av" in trany else "automatic"


def demo_vehicles(yard_code: str, country: str, count: int, seed: int) -> list[dict]:
    """``count`` vehicle records for a yard; the same list for the same arguments."""
    rng = random.Random(seed)
    models = CHINA if country == "CN" else JAPAN
    today = dt.date.today()
    vehicles = []
    for index in range(count):
        model = models[index % len(models)] if index < len(models) else rng.choice(models)
        matches = epa_match(model)
        epa = rng.choice(matches) if matches else None
        last_year = today.year if model.years[1] >= 2025 else model.years[1]  # still made: up to this year
        year = int(epa["year"]) if epa else rng.randint(model.years[0], last_year)
        zero_km = country == "CN" and index % 3 == 0   # "zero-kilometre" exports: registered weeks ago
        if zero_km:
            year = last_year
            first_registration = dt.date(today.year, max(1, today.month - 1), 1)
        else:
            first_registration = dt.date(year, rng.randint(1, 12), 1)
        first_registration = min(first_registration, today.replace(day=1))
        age = max(today.year - year, 0)
        mileage = rng.randint(15, 300) if zero_km else rng.randint(6000, 14000) * max(age, 1)
        low, high = model.price
        if country == "CN":
            price = rng.uniform(low, high) * (rng.uniform(0.86, 0.95) if zero_km else 0.8 ** max(age, 1))
        else:  # a newer car of the model sits higher in its band; mileage and luck move it a little
            position = (year - model.years[0]) / max(1, model.years[1] - model.years[0])
            price = (low + (high - low) * min(1.0, max(0.0, position))) * rng.uniform(0.85, 1.12)
        price_amount = Decimal(int(price / 1000) * 1000) if country == "JP" else Decimal(int(price / 100) * 100)
        if country == "CN":
            chassis = chinese_vin(rng, model.make, year)
            model_code = f"{model.code}{rng.choice('ABCDEFGHJK')}{rng.randint(1, 9)}"
        else:
            serial = rng.randint(100000, 999999) if model.make == "Suzuki" else rng.randint(1000000, 9999999)
            chassis = f"{model.frame or model.code}-{serial}"
            model_code = model.code
        length, width, height = model.size
        vehicles.append({
            "make": model.make, "model": model.model, "grade": rng.choice(model.grades), "model_code": model_code,
            "chassis_no": chassis, "year": year, "first_registration": first_registration, "mileage_km": mileage,
            "engine_cc": model.engine_cc, "fuel": model.fuel, "power_kw": model.power_kw,
            "transmission": _transmission(model, epa), "drive": model.drive,
            "steering": "lhd" if country == "CN" else "rhd", "body_type": model.body, "category": model.category,
            "seats": model.seats, "doors": 5 if model.body in ("hatchback", "suv", "wagon", "minivan") else 4,
            "color": rng.choice(COLORS), "length_mm": length, "width_mm": width, "height_mm": height,
            "auction_grade": "" if country == "CN" else rng.choice(JP_GRADES),
            "price_amount": price_amount, "price_currency": "CNY" if country == "CN" else "JPY",
            "gross_weight_kg": None, "description": "",
        })
    return vehicles
