"""The one compiler: the same conditions as SQL over the vehicle table, for set-based re-screening.

The transaction facts (origin, destination, route) are constants of a screening pass, so predicates
on them are folded to TRUE/FALSE here with the evaluator's own comparison. Vehicle predicates become
``COALESCE(<test>, FALSE)`` (a missing value never matches); money predicates stay NULL when the
rate is unknown, so SQL's own three-valued logic matches the evaluator's Kleene logic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from core.money import Rate

from .conditions import All, Any, Not, Pred, parse
from .countries import EAEU_TRANSIT
from .evaluator import compare
from .facts import CHOICE_FIELDS, HP_PER_KW, INT_FIELDS, TEXT_FIELDS, TRANSACTION_FACTS

# The vehicle table is named by the caller (``compliance.services.bulk_sql``); conditions see its alias only.
VEHICLE_ALIAS = "v"


@dataclass(frozen=True)
class SqlContext:
    """The constants of one screening pass."""

    as_of: dt.date
    origin: str
    destination: str  # the route's final country
    route: tuple[str, ...]
    buyer_country: str
    rates: Mapping[str, Rate]
    alias: str = VEHICLE_ALIAS

    def transaction_fact(self, name: str):
        return {
            "origin": self.origin, "destination": self.destination, "buyer_country": self.buyer_country,
            "route": self.route,
            "route_crosses_eaeu": any(country in EAEU_TRANSIT for country in self.route[:-1]),
        }[name]


def compile_condition(condition, ctx: SqlContext, currency: str = "") -> tuple[str, list]:
    """SQL (with %s params) that is TRUE, FALSE or NULL (= unknown: no exchange rate) for one vehicle row."""
    tree = condition if isinstance(condition, All | Any | Not | Pred) else parse(condition)
    params: list = []
    sql = _node(tree, ctx, currency, params)
    return sql, params


def _node(node, ctx, currency, params) -> str:
    if isinstance(node, All):
        if not node.children:
            return "TRUE"
        return "(" + " AND ".join(_node(child, ctx, currency, params) for child in node.children) + ")"
    if isinstance(node, Any):
        if not node.children:
            return "FALSE"
        return "(" + " OR ".join(_node(child, ctx, currency, params) for child in node.children) + ")"
    if isinstance(node, Not):
        return f"(NOT {_node(node.child, ctx, currency, params)})"
    return _predicate(node, ctx, currency, params)


def _predicate(pred: Pred, ctx: SqlContext, currency: str, params: list) -> str:
    if pred.fact in TRANSACTION_FACTS:
        return "TRUE" if compare(pred.op, pred.value)(ctx.transaction_fact(pred.fact)) else "FALSE"
    if pred.kind == "money":
        if pred.op == "is_null":
            return f"({ctx.alias}.price_amount IS {'' if pred.value else 'NOT '}NULL)"
        expression = _money_expression(ctx, currency, params)
        return _test(expression, pred, params)  # NULL stays NULL: unknown
    expression = _fact_expression(pred.fact, ctx, params)
    if pred.op == "is_null":
        return f"({expression} IS {'' if pred.value else 'NOT '}NULL)"
    return f"COALESCE({_test(expression, pred, params)}, FALSE)"


def _test(expression: str, pred: Pred, params: list) -> str:
    op, value = pred.op, pred.value
    cast = _CASTS[pred.kind]
    if op in ("in", "not_in"):
        params.append(list(value))
        return f"({expression} {'= ANY' if op == 'in' else '<> ALL'}(%s::{cast}[]))"
    if op == "between":
        params.extend(value)
        return f"({expression} BETWEEN %s::{cast} AND %s::{cast})"
    params.append(value)
    return f"({expression} {_SQL_OPS[op]} %s::{cast})"


_SQL_OPS = {"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_CASTS = {"text": "text", "choice": "text", "int": "numeric", "decimal": "numeric", "money": "numeric",
          "date": "date"}


def _fact_expression(name: str, ctx: SqlContext, params: list) -> str:
    column = f"{ctx.alias}.{name}"
    if name in TEXT_FIELDS or name in CHOICE_FIELDS:
        return f"NULLIF(lower({column}), '')" if name in TEXT_FIELDS else f"NULLIF({column}, '')"
    if name in INT_FIELDS or name == "first_registration":
        return column
    if name == "power_hp":
        return f"({ctx.alias}.power_kw * {HP_PER_KW})"
    if name == "registration_age_days":
        params.append(ctx.as_of)
        return f"(%s::date - {ctx.alias}.first_registration)"
    if name == "age_months":
        start = f"COALESCE({ctx.alias}.first_registration, make_date({ctx.alias}.year::int, 1, 1))"
        params.extend([ctx.as_of.year, ctx.as_of.month, ctx.as_of.day])
        return (f"((%s - EXTRACT(YEAR FROM {start})::int) * 12 + (%s - EXTRACT(MONTH FROM {start})::int)"
                f" - CASE WHEN %s < EXTRACT(DAY FROM {start})::int THEN 1 ELSE 0 END)")
    raise KeyError(name)  # pragma: no cover


def _money_expression(ctx: SqlContext, currency: str, params: list) -> str:
    """The price converted into ``currency`` exactly as core.money.convert_with does; NULL without a rate."""
    alias = ctx.alias
    branches = [f"WHEN %s THEN {alias}.price_amount"]
    params.append(currency)
    target = ctx.rates.get(currency)
    if target is not None:
        for code, rate in sorted(ctx.rates.items()):
            if code == currency:
                continue
            branches.append(f"WHEN %s THEN ROUND({alias}.price_amount * 1.00000000000000000000 / %s::numeric"
                            f" * %s::numeric, 2)")
            params.extend([code, Decimal(rate.units_per_eur), Decimal(target.units_per_eur)])
    return f"(CASE {alias}.price_currency {' '.join(branches)} ELSE NULL END)"
