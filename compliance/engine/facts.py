"""The facts a rule can test: one catalogue shared by the validator, the evaluator and the SQL compiler.

A fact is either a vehicle field (the names of api.md), a derived value (ages at the check date, the
customs value in the rule's currency, horse power) or a transaction fact (origin, final destination,
the buyer's country, the route and whether it crosses an EAEU state before the final country).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from compliance.choices import VEHICLE_CHOICES

from .countries import EAEU_TRANSIT

HP_PER_KW = Decimal("1.35962")  # metric horse power (PS, "л.с.") per kW


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a check knows about one vehicle and one transaction. Immutable."""

    origin: str
    destination: str  # the buyer's country as stated; the final country is ``route[-1]``
    route: tuple[str, ...]
    as_of: dt.date
    make: str = ""
    model: str = ""
    grade: str = ""
    model_code: str = ""
    chassis_no: str = ""
    color: str = ""
    auction_grade: str = ""
    fuel: str = ""
    transmission: str = ""
    drive: str = ""
    steering: str = ""
    body_type: str = ""
    category: str = ""
    year: int | None = None
    first_registration: dt.date | None = None
    mileage_km: int | None = None
    engine_cc: int | None = None
    power_kw: int | None = None
    gross_weight_kg: int | None = None
    seats: int | None = None
    doors: int | None = None
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    customs_value: Decimal | None = None
    customs_currency: str = ""
    vehicle_id: int | None = None

    @property
    def final_destination(self) -> str:
        return self.route[-1] if self.route else self.destination

    def as_json(self) -> dict:
        """The input facts as stored with a check (the same keys the SQL path writes)."""
        data = asdict(self)
        data["route"] = list(self.route)
        data["as_of"] = self.as_of.isoformat()
        data["first_registration"] = self.first_registration.isoformat() if self.first_registration else None
        data["customs_value"] = (
            {"amount": f"{self.customs_value:f}", "currency": self.customs_currency}
            if self.customs_value is not None else None
        )
        data.pop("customs_currency")
        return data


# kinds: text (case-insensitive), choice, int, decimal, date, money, country, route, bool
@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: str
    choices: tuple[str, ...] = ()
    help: str = ""


TEXT_FIELDS = ("make", "model", "grade", "model_code", "chassis_no", "color", "auction_grade")
CHOICE_FIELDS: dict[str, tuple[str, ...]] = VEHICLE_CHOICES  # field -> its values (compliance.choices)
INT_FIELDS = ("year", "mileage_km", "engine_cc", "power_kw", "gross_weight_kg", "seats", "doors", "length_mm",
              "width_mm", "height_mm")
VEHICLE_FIELDS = TEXT_FIELDS + tuple(CHOICE_FIELDS) + INT_FIELDS + ("first_registration",)

FACTS: dict[str, FactSpec] = {
    **{name: FactSpec(name, "text") for name in TEXT_FIELDS},
    **{name: FactSpec(name, "choice", values) for name, values in CHOICE_FIELDS.items()},
    **{name: FactSpec(name, "int") for name in INT_FIELDS},
    "first_registration": FactSpec("first_registration", "date"),
    "power_hp": FactSpec("power_hp", "decimal", help="power_kw x 1.35962 (metric hp)"),
    "age_months": FactSpec("age_months", "int", help="whole months from first registration (else 1 January "
                                                     "of the manufacture year) to the check date"),
    "registration_age_days": FactSpec("registration_age_days", "int",
                                      help="days from first registration to the check date"),
    "customs_value": FactSpec("customs_value", "money", help="declared customs value in the rule's currency, "
                                                             "converted at the stored rate of the check date"),
    "origin": FactSpec("origin", "country", help="the country the exporter ships from"),
    "destination": FactSpec("destination", "country", help="the route's final country"),
    "buyer_country": FactSpec("buyer_country", "country", help="the destination the buyer stated"),
    "route": FactSpec("route", "route", help="the countries after the origin, final country last"),
    "route_crosses_eaeu": FactSpec("route_crosses_eaeu", "bool",
                                   help="the route passes KZ, KG, AM or BY before the final country"),
}

TRANSACTION_FACTS = frozenset({"origin", "destination", "buyer_country", "route", "route_crosses_eaeu"})

OPS_BY_KIND = {
    "text": ("eq", "ne", "in", "not_in", "is_null"),
    "choice": ("eq", "ne", "in", "not_in"),
    "int": ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "between", "is_null"),
    "decimal": ("eq", "ne", "gt", "ge", "lt", "le", "between", "is_null"),
    "date": ("eq", "ne", "gt", "ge", "lt", "le", "between", "is_null"),
    "money": ("eq", "ne", "gt", "ge", "lt", "le", "between", "is_null"),
    "country": ("eq", "ne", "in", "not_in"),
    "route": ("route_contains",),
    "bool": ("eq", "ne"),
}
ALL_OPS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "between", "is_null", "route_contains")


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month) - (1 if end.day < start.day else 0)


def fact_value(facts: Facts, name: str):
    """A non-money fact's value (None when unknown). Text and choices are lower-cased, '' is None."""
    kind = FACTS[name].kind
    if kind == "text":
        value = getattr(facts, name)
        return value.lower() if value else None
    if kind == "choice":
        return getattr(facts, name) or None
    if name in VEHICLE_FIELDS:
        return getattr(facts, name)
    if name == "power_hp":
        return None if facts.power_kw is None else facts.power_kw * HP_PER_KW
    if name == "age_months":
        start = facts.first_registration or (dt.date(facts.year, 1, 1) if facts.year else None)
        return None if start is None else months_between(start, facts.as_of)
    if name == "registration_age_days":
        return None if facts.first_registration is None else (facts.as_of - facts.first_registration).days
    if name == "origin":
        return facts.origin
    if name == "destination":
        return facts.final_destination
    if name == "buyer_country":
        return facts.destination
    if name == "route":
        return facts.route
    if name == "route_crosses_eaeu":
        return any(country in EAEU_TRANSIT for country in facts.route[:-1])
    raise KeyError(name)
