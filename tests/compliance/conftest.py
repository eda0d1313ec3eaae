"""Compliance fixtures: the shipped rules (re-loaded after transactional tests truncate them) and helpers
that decide a case both ways: the Python evaluator and the SQL compiler over a real vehicle row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from compliance.engine.evaluator import decide
from compliance.engine.facts import Facts
from compliance.selectors import rule_specs
from compliance.services import evaluate_facts, rules_load_defaults
from compliance.services.screening import build_pass, outcome
from core.rates import rate_table
from tests.factories import VehicleFactory, YardFactory

EU_ORIGIN = "DE"


@pytest.fixture(autouse=True)
def default_rules(db):
    rules_load_defaults()


def car(**overrides) -> dict:
    """A plain petrol passenger car's facts (what a case does not say is this)."""
    values = {"make": "Toyota", "model": "Corolla", "fuel": "petrol", "engine_cc": 1500, "category": "M1",
              "body_type": "sedan", "steering": "rhd", "year": 2020, "first_registration": dt.date(2020, 3, 1),
              "mileage_km": 41000, "power_kw": 80, "price_amount": Decimal("1000000"), "price_currency": "JPY"}
    values.update(overrides)
    return values


def facts_of(vehicle: dict, *, origin: str, destination: str, route=None, as_of: dt.date) -> Facts:
    fields = dict(vehicle)
    amount, currency = fields.pop("price_amount"), fields.pop("price_currency")
    return Facts(origin=origin, destination=destination, route=tuple(route or (destination,)), as_of=as_of,
                 customs_value=amount, customs_currency=currency, **fields)


def python_decision(vehicle: dict, **transaction):
    return evaluate_facts(facts_of(vehicle, **transaction))


def sql_decision(vehicle: dict, *, origin: str, destination: str, route=None, as_of: dt.date):
    """The same case through the SQL compiler: a real row, the fired ids from SQL, ``decide`` in Python."""
    yard = YardFactory(code=f"Q{origin}", country=origin)
    row = VehicleFactory(yard=yard, **vehicle)
    rates = rate_table(as_of)
    item = build_pass(rule_specs(), origin=origin, destination=destination, as_of=as_of, rates=rates,
                      route=route)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {item.hits_sql} FROM inventory_vehicle v WHERE v.id = %s", [*item.params, row.pk])
        hits = cursor.fetchone()[0]
    if not item.rules:
        return decide([], [], as_of)
    return outcome(item, hits, row.price_currency, as_of, rates)
