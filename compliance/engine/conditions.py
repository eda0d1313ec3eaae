"""The condition language, stored as JSON, and its validation.

A condition is a predicate ``{"fact": "engine_cc", "op": "gt", "value": 1900}`` or a combination
``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}``. ``{"all": []}`` is always true (a rule
that applies to every vehicle in its scope). ``parse`` turns the JSON into a typed tree that the
evaluator and the SQL compiler both walk, so both read values the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.codes import is_country
from core.dates import NotAYearMonth, parse_year_month

from .facts import ALL_OPS, FACTS, OPS_BY_KIND

MAX_DEPTH = 12


class ConditionError(ValueError):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class All:
    children: tuple


@dataclass(frozen=True)
class Any:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class Pred:
    fact: str
    op: str
    value: object  # typed: Decimal, date, str, bool, tuple of those, (lo, hi) for between, bool for is_null

    @property
    def kind(self) -> str:
        return FACTS[self.fact].kind


def parse(condition, path: str = "") -> All | Any | Not | Pred:
    """Validate a JSON condition and return its typed tree; ConditionError names the faulty part."""
    return _parse(condition, path or "condition", 0)


def uses_money(node) -> bool:
    if isinstance(node, Pred):
        return node.kind == "money"
    if isinstance(node, Not):
        return uses_money(node.child)
    return any(uses_money(child) for child in node.children)


def _parse(data, path: str, depth: int):
    if depth > MAX_DEPTH:
        raise ConditionError(path, f"nested deeper than {MAX_DEPTH} levels.")
    if not isinstance(data, dict):
        raise ConditionError(path, 'expected an object such as {"fact": ..., "op": ..., "value": ...} '
                                   'or {"all": [...]}.')
    combinators = [key for key in ("all", "any", "not") if key in data]
    if combinators:
        if len(data) != 1:
            raise ConditionError(path, f'"{combinators[0]}" must be the only key of its object.')
        key = combinators[0]
        if key == "not":
            return Not(_parse(data["not"], f"{path}.not", depth + 1))
        items = data[key]
        if not isinstance(items, list):
            raise ConditionError(f"{path}.{key}", "expected a list of conditions.")
        children = tuple(_parse(item, f"{path}.{key}[{i}]", depth + 1) for i, item in enumerate(items))
        return All(children) if key == "all" else Any(children)
    return _parse_predicate(data, path)


def _parse_predicate(data: dict, path: str) -> Pred:
    unknown_keys = set(data) - {"fact", "op", "value"}
    if unknown_keys:
        raise ConditionError(path, f"unknown key(s) {', '.join(sorted(unknown_keys))}; a predicate has "
                                   '"fact", "op" and "value", a combination "all", "any" or "not".')
    fact, op = data.get("fact"), data.get("op")
    if fact not in FACTS:
        raise ConditionError(path, f"{fact!r} is not a fact a rule can test. Known facts: "
                                   f"{', '.join(sorted(FACTS))}.")
    if op not in ALL_OPS:
        raise ConditionError(path, f"{op!r} is not an operator. Operators: {', '.join(ALL_OPS)}.")
    spec = FACTS[fact]
    if op not in OPS_BY_KIND[spec.kind]:
        raise ConditionError(path, f"{fact} cannot be tested with {op}; use one of "
                                   f"{', '.join(OPS_BY_KIND[spec.kind])}.")
    if op == "is_null":
        value = data.get("value", True)
        if not isinstance(value, bool):
            raise ConditionError(path, "is_null takes true or false.")
        return Pred(fact, op, value)
    if "value" not in data:
        raise ConditionError(path, f"{op} needs a value.")
    raw = data["value"]
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise ConditionError(path, f"{op} takes a non-empty list of values.")
        return Pred(fact, op, tuple(_typed(spec, item, path) for item in raw))
    if op == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise ConditionError(path, "between takes a list of two values [low, high] (both included).")
        low, high = (_typed(spec, item, path) for item in raw)
        if low > high:
            raise ConditionError(path, "between: the low value is above the high value.")
        return Pred(fact, op, (low, high))
    if op == "route_contains":
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            raise ConditionError(path, "route_contains takes a country code or a list of them.")
        return Pred(fact, op, tuple(_country(item, path) for item in items))
    if isinstance(raw, list):
        raise ConditionError(path, f"{op} takes a single value, not a list.")
    return Pred(fact, op, _typed(spec, raw, path))


def _typed(spec, raw, path: str):
    kind = spec.kind
    if kind == "text":
        if not isinstance(raw, str) or not raw:
            raise ConditionError(path, f"{spec.name} is compared with non-empty text.")
        return raw.lower()
    if kind == "choice":
        if raw not in spec.choices:
            raise ConditionError(path, f"{raw!r} is not a {spec.name}; choose from {', '.join(spec.choices)}.")
        return raw
    if kind in ("int", "decimal", "money"):
        return _number(raw, spec.name, path)
    if kind == "date":
        return _date(raw, path)
    if kind in ("country", "route"):
        return _country(raw, path)
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ConditionError(path, f"{spec.name} is true or false.")
        return raw
    raise ConditionError(path, f"unsupported fact kind {kind}.")  # pragma: no cover


def _number(raw, name: str, path: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ConditionError(path, f"{name} is compared with a number, not {raw!r}.")
    try:
        value = Decimal(str(raw).strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ConditionError(path, f"{name} is compared with a number, not {raw!r}.")
    if not value.is_finite():
        raise ConditionError(path, f"{name} is compared with a finite number.")
    return value


def _date(raw, path: str) -> dt.date:
    try:
        return parse_year_month(raw, keep_day=True)
    except NotAYearMonth:
        raise ConditionError(path, f"dates are written YYYY-MM-DD or YYYY-MM, not {raw!r}.")
    except ValueError:
        raise ConditionError(path, f"{raw!r} is not a real date.")


def _country(raw, path: str) -> str:
    if not is_country(raw):
        raise ConditionError(path, f"{raw!r} is not an ISO 3166 two-letter country code (e.g. RU).")
    return raw
