"""Demo freight rates: RoRo per m³ from Japanese ports, containers from Chinese ports, road from Horgos.

Illustrative figures of the order of what forwarders published in 2025 (USD), valid from 1 January of the
year the demo is loaded. Idempotent: a route and mode that already has a rate is left alone.
"""

import datetime as dt
from decimal import Decimal

from brokerage.models import FreightMode, FreightRate
from brokerage.services import freight_rate_save
from core.models import Location

D = Decimal
JAPAN = ["JPTOY", "JPFSK", "JPYOK", "JPNGO", "JPUKB", "JPOSA"]
# RoRo USD per m³ from Japan, and transit days.
RORO_FROM_JAPAN = {"RUVVO": (D("42"), 4), "KEMBA": (D("78"), 28), "TZDAR": (D("80"), 30), "ZADUR": (D("70"), 25),
                   "PKKHI": (D("66"), 22), "IRBND": (D("72"), 24), "VNSGN": (D("40"), 10), "NGLOS": (D("92"), 40)}
# Container (per vehicle, USD): Japan and China to Almaty and Bishkek by sea and rail; China by sea.
CONTAINER = {
    ("JPTOY", "KZALA"): (D("3400"), 30), ("JPYOK", "KZALA"): (D("3300"), 28), ("JPTOY", "KGFRU"): (D("3600"), 32),
    ("JPYOK", "KGFRU"): (D("3500"), 30), ("CNTXG", "KZALA"): (D("2100"), 18), ("CNSHG", "KZALA"): (D("2300"), 20),
    ("CNTXG", "RUVVO"): (D("1500"), 8), ("CNSHG", "RUVVO"): (D("1400"), 7), ("CNSHG", "KEMBA"): (D("2600"), 30),
    ("CNSHG", "NGLOS"): (D("3100"), 38), ("CNTXG", "PKKHI"): (D("2200"), 20), ("CNSHG", "VNSGN"): (D("900"), 6),
}
# Road carrier (per vehicle, USD) from Horgos across the border.
ROAD = {("CNHRS", "KZALA"): (D("650"), 3), ("CNHRS", "KGFRU"): (D("900"), 4), ("CNHRS", "RUVVO"): (D("2900"), 14)}


def _rate(origin: str, destination: str, mode: str, amount: Decimal, days: int, valid_from: dt.date,
          insurance: Decimal) -> bool:
    if FreightRate.objects.filter(origin_id=origin, destination_id=destination, mode=mode).exists():
        return False
    if Location.objects.filter(code__in=[origin, destination]).count() != 2:
        return False
    freight_rate_save(data={
        "origin": Location.objects.get(code=origin), "destination": Location.objects.get(code=destination),
        "mode": mode, "amount": amount, "currency": "USD", "insurance_rate": insurance, "transit_days": days,
        "valid_from": valid_from, "note": "demo"})
    return True


def seed_freight(today: dt.date | None = None) -> int:
    """Load the demo freight table; returns how many rates were added."""
    today = today or dt.date.today()
    valid_from = dt.date(today.year, 1, 1)
    added = 0
    for origin in JAPAN:
        for destination, (amount, days) in RORO_FROM_JAPAN.items():
            added += _rate(origin, destination, FreightMode.RORO, amount, days, valid_from, D("1.100"))
    for (origin, destination), (amount, days) in CONTAINER.items():
        added += _rate(origin, destination, FreightMode.CONTAINER, amount, days, valid_from, D("1.000"))
    for (origin, destination), (amount, days) in ROAD.items():
        added += _rate(origin, destination, FreightMode.ROAD, amount, days, valid_from, D("0.800"))
    return added
