"""The evaluator and the SQL compiler agree (TRUE / FALSE / unknown) on random rules and random vehicles,
against the real PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.engine.evaluator import RuleSpec, _Money, condition_result
from compliance.engine.facts import CHOICE_FIELDS, FACTS, OPS_BY_KIND, fact_value
from compliance.engine.sql import SqlContext, compile_condition
from compliance.services import facts_for_vehicle
from core.rates import rate_table
from inventory.models import Vehicle
from tests.factories import VehicleFactory, YardFactory

VEHICLES = f"{Vehicle._meta.db_table} v"  # the compiler's default alias is v
COUNTRIES = ["JP", "CN", "DE", "KZ", "KG", "RU", "AE"]
MAKES = ["Toyota", "toyota", "TOYOTA", "Nissan", "Mercedes-Benz", "Lada"]
CURRENCIES = ["JPY", "EUR", "USD", "CNY", "XYZ"]
# Small pools shared by vehicles and predicates, so that values often meet at the edges (== thresholds).
DATES = [dt.date(2018, 12, 31), dt.date(2019, 1, 1), dt.date(2020, 2, 29), dt.date(2020, 3, 1),
         dt.date(2023, 8, 9), dt.date(2024, 2, 1), dt.date(2025, 7, 5), dt.date(2026, 1, 1)]
dates = st.one_of(st.sampled_from(DATES), st.sampled_from(DATES), st.dates(dt.date(1995, 1, 1), dt.date(2026, 12, 31)))
money = st.one_of(st.sampled_from([Decimal("5000"), Decimal("50000"), Decimal("6000000"), Decimal("6000000.01")]),
                  st.decimals(Decimal("1"), Decimal("20000000"), places=2))


def pool(*values, low=0, high=10):
    return st.one_of(st.sampled_from(values), st.integers(low, high))


NUMBERS = {
    "year": pool(2018, 2019, 2020, low=1990, high=2027), "mileage_km": pool(0, 499, 500, low=0, high=300000),
    "engine_cc": pool(0, 660, 1900, 1901, 2000, low=0, high=6000), "power_kw": pool(0, 117, 118, high=400),
    "gross_weight_kg": pool(3500, 19999, 20000, high=40000), "seats": pool(2, 5), "doors": pool(2, 4, 5),
    "length_mm": pool(4630, high=12000), "width_mm": pool(1780, high=3000), "height_mm": pool(1435, high=4000),
    # differences between the pooled dates, so ages land exactly on thresholds
    "age_months": pool(*sorted({(b.year - a.year) * 12 + b.month - a.month + k for a in DATES for b in DATES
                                for k in (-1, 0)}), low=-24, high=420),
    "registration_age_days": pool(*sorted({(b - a).days + k for a in DATES for b in DATES for k in (-1, 0, 1)}),
                                  low=-400, high=12000),
}


def values_for(name):
    kind = FACTS[name].kind
    if kind == "text":
        return st.sampled_from(MAKES + ["Corolla", "corolla", "ZRE212", "zre212"])
    if kind == "choice":
        return st.sampled_from(FACTS[name].choices)
    if kind == "int":
        return NUMBERS[name]
    if kind == "decimal":
        return st.one_of(st.sampled_from(["160", "160.43516", "159.07", "0"]),
                         st.decimals(Decimal("0"), Decimal("600"), places=3).map(str))
    if kind == "money":
        return money.map(str)
    if kind == "date":
        return dates.map(lambda d: d.isoformat())
    if kind in ("country", "route"):
        return st.sampled_from(COUNTRIES)
    return st.booleans()


@st.composite
def predicates(draw):
    name = draw(st.sampled_from(sorted(FACTS)))
    op = draw(st.sampled_from(OPS_BY_KIND[FACTS[name].kind]))
    values = values_for(name)
    if op == "is_null":
        return {"fact": name, "op": op, "value": draw(st.booleans())}
    if op in ("in", "not_in"):
        return {"fact": name, "op": op, "value": draw(st.lists(values, min_size=1, max_size=3))}
    if op == "between":
        low, high = draw(values), draw(values)
        key = Decimal if FACTS[name].kind in ("decimal", "money") else (lambda v: v)
        low, high = sorted([low, high], key=key)
        return {"fact": name, "op": op, "value": [low, high]}
    if op == "route_contains":
        return {"fact": name, "op": op, "value": draw(st.lists(values, min_size=1, max_size=2))}
    return {"fact": name, "op": op, "value": draw(values)}


conditions = st.recursive(
    predicates(),
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda items: {"all": items}),
        st.lists(children, max_size=3).map(lambda items: {"any": items}),
        children.map(lambda item: {"not": item}),
    ),
    max_leaves=6,
)


@st.composite
def vehicles(draw):
    fuel = draw(st.sampled_from(CHOICE_FIELDS["fuel"]))
    registered = draw(st.one_of(st.none(), dates))
    return {
        "origin": draw(st.sampled_from(["JP", "CN", "DE"])),
        "make": draw(st.sampled_from(MAKES)), "model": draw(st.sampled_from(["Corolla", "Harrier", "X5"])),
        "model_code": draw(st.sampled_from(["", "ZRE212", "zre212"])), "grade": draw(st.sampled_from(["", "G"])),
        "fuel": fuel, "engine_cc": None if fuel == "electric" and draw(st.booleans()) else draw(NUMBERS["engine_cc"]),
        "year": draw(st.integers(1990, 2026)), "first_registration": registered,
        "mileage_km": draw(NUMBERS["mileage_km"]), "power_kw": draw(st.one_of(st.none(), NUMBERS["power_kw"])),
        "gross_weight_kg": draw(st.one_of(st.none(), NUMBERS["gross_weight_kg"])),
        "steering": draw(st.sampled_from(CHOICE_FIELDS["steering"])),
        "body_type": draw(st.sampled_from(CHOICE_FIELDS["body_type"])),
        "category": draw(st.sampled_from(CHOICE_FIELDS["category"])),
        "transmission": draw(st.sampled_from(CHOICE_FIELDS["transmission"])),
        "drive": draw(st.sampled_from(CHOICE_FIELDS["drive"])),
        "price_amount": draw(money), "price_currency": draw(st.sampled_from(CURRENCIES)),
    }


@st.composite
def transactions(draw):
    destination = draw(st.sampled_from(COUNTRIES))
    route = draw(st.lists(st.sampled_from(COUNTRIES), max_size=2)) + [destination]
    return {"destination": destination, "route": route, "as_of": draw(dates)}


@pytest.mark.django_db
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(rules=st.lists(st.tuples(conditions, st.sampled_from(CURRENCIES)), min_size=1, max_size=4),
       cars=st.lists(vehicles(), min_size=1, max_size=5), transaction=transactions())
def test_the_evaluator_and_the_sql_compiler_agree(rules, cars, transaction):
    yards = {country: YardFactory(code=f"P{country}", country=country) for country in ("JP", "CN", "DE")}
    rows = Vehicle.objects.bulk_create([
        VehicleFactory.build(yard=yards[car.pop("origin")], **car) for car in [dict(c) for c in cars]])
    rows = list(Vehicle.objects.filter(pk__in=[row.pk for row in rows]).select_related("yard"))
    as_of = transaction["as_of"]
    rates = rate_table(as_of)
    specs = [RuleSpec(id=i + 1, code=f"R{i}", version=1, rule_set="p", rule_set_kind="law", origins=frozenset(),
                      destinations=frozenset(), condition=condition, currency=currency)
             for i, (condition, currency) in enumerate(rules)]
    for vehicle in rows:
        facts = facts_for_vehicle(vehicle, destination=transaction["destination"], route=transaction["route"],
                                  as_of=as_of)
        ctx = SqlContext(as_of, vehicle.yard.country, facts.final_destination, facts.route, facts.destination, rates)
        for spec in specs:
            sql, params = compile_condition(spec.tree, ctx, spec.currency)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ({sql}) FROM {VEHICLES} WHERE v.id = %s",
                               [*params, vehicle.pk])
                in_sql = cursor.fetchone()[0]
            assert condition_result(spec, facts, rates) == in_sql, (spec.condition, spec.currency, facts)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(car=vehicles(), transaction=transactions(), currency=st.sampled_from(CURRENCIES))
def test_every_fact_the_evaluator_sees_is_the_value_sql_computes(car, transaction, currency):
    """For each fact, "fact eq <the evaluator's value>" holds in SQL too (catches off-by-one in derived facts)."""
    car = dict(car)
    yard = YardFactory(code=f"P{car['origin']}", country=car.pop("origin"))
    vehicle = Vehicle.objects.select_related("yard").get(pk=VehicleFactory(yard=yard, **car).pk)
    as_of = transaction["as_of"]
    rates = rate_table(as_of)
    facts = facts_for_vehicle(vehicle, destination=transaction["destination"], route=transaction["route"],
                              as_of=as_of)
    ctx = SqlContext(as_of, yard.country, facts.final_destination, facts.route, facts.destination, rates)
    for name, spec in FACTS.items():
        if spec.kind in ("route", "bool"):
            continue
        value = _Money(facts, rates).value(currency) if spec.kind == "money" else fact_value(facts, name)
        if value is None:
            condition = {"fact": name, "op": "is_null", "value": True}
        elif spec.kind == "date":
            condition = {"fact": name, "op": "eq", "value": value.isoformat()}
        else:
            condition = {"fact": name, "op": "eq", "value": str(value) if spec.kind in ("int", "decimal", "money")
                         else value}
        sql, params = compile_condition(condition, ctx, currency)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ({sql}) FROM {VEHICLES} WHERE v.id = %s",
                           [*params, vehicle.pk])
            in_sql = cursor.fetchone()[0]
        if spec.kind == "money" and value is None:
            assert in_sql is False  # no rate: the price exists (is_null is false), its conversion is unknown
        else:
            assert in_sql is True, (name, value, condition)
