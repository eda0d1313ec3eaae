"""The condition builder's rows and groups, to and from the JSON condition language. Plain data, no Django.

The officer's rule editor shows a condition as groups ("all of", "any of", "none of") of rows (fact,
operator, value), as typed into form fields: every value is text. ``from_builder`` writes the JSON the
engine reads (numbers as numbers, lists as lists) and remembers each row's JSON path, so an error the
engine reports at ``condition.all[1]`` is shown on that row. ``to_builder`` reads a stored condition back,
or says it cannot (a ``not`` around an ``all``, say): then the expert edits the JSON itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .facts import FACTS

MATCHES = ("all", "any", "none")  # none of: {"not": {"any": [...]}}
LIST_OPS = ("in", "not_in")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass
class Row:
    node: str
    fact: str = ""
    op: str = ""
    value: str = ""  # one value; for in/not_in of a non-choice fact and route_contains: comma-separated
    value2: str = ""  # the high end of between
    values: list[str] = field(default_factory=list)  # in/not_in of a choice fact: the chosen values
    path: str = ""
    number: int = 0  # 1-based, in page order (error messages say "row 2")


@dataclass
class Group:
    node: str
    match: str = "all"
    children: list = field(default_factory=list)  # Row | Group
    path: str = ""


# --- JSON -> builder ----------------------------------------------------------------------------------

class NotBuildable(ValueError):
    """The condition is valid JSON the builder cannot show; the expert field still can."""


def to_builder(condition) -> Group:
    """The builder's view of a stored condition (raises NotBuildable when it has none)."""
    counter = iter(range(10_000))
    if isinstance(condition, dict) and "fact" in condition:
        root = Group(node=f"g{next(counter)}", match="all")
        root.children.append(_row(condition, counter))
        return _number(root)
    return _number(_group(condition, counter))


def _group(data, counter) -> Group:
    if not isinstance(data, dict) or len(data) != 1:
        raise NotBuildable("not a single combination")
    key, items = next(iter(data.items()))
    if key == "not":
        if not (isinstance(items, dict) and set(items) == {"any"}):
            raise NotBuildable("only a not around an any is shown as 'none of'")
        key, items = "none", items["any"]
    if key not in MATCHES or not isinstance(items, list):
        raise NotBuildable(f"unknown combination {key!r}")
    group = Group(node=f"g{next(counter)}", match=key)
    for item in items:
        if isinstance(item, dict) and "fact" in item:
            group.children.append(_row(item, counter))
        else:
            group.children.append(_group(item, counter))
    return group


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _row(data: dict, counter) -> Row:
    if set(data) - {"fact", "op", "value"}:
        raise NotBuildable("unknown keys")
    fact, op, value = data.get("fact"), data.get("op"), data.get("value")
    spec = FACTS.get(fact)
    if spec is None or not isinstance(op, str):
        raise NotBuildable(f"unknown fact {fact!r}")
    row = Row(node=f"r{next(counter)}", fact=fact, op=op)
    if op == "between" and isinstance(value, list) and len(value) == 2:
        row.value, row.value2 = _text(value[0]), _text(value[1])
    elif op in LIST_OPS and isinstance(value, list):
        if spec.kind == "choice":
            row.values = [_text(item) for item in value]
        else:
            row.value = ", ".join(_text(item) for item in value)
    elif op == "route_contains":
        row.value = ", ".join(_text(item) for item in (value if isinstance(value, list) else [value]))
    elif op == "is_null":
        row.value = _text(True if value is None else value)
    elif isinstance(value, list | dict):
        raise NotBuildable("a list where one value is expected")
    else:
        row.value = _text(value)
    return row


def _number(root: Group) -> Group:
    for number, row in enumerate(rows_of(root), start=1):
        row.number = number
    return root


def rows_of(group: Group):
    for child in group.children:
        if isinstance(child, Group):
            yield from rows_of(child)
        else:
            yield child


def groups_of(group: Group):
    yield group
    for child in group.children:
        if isinstance(child, Group):
            yield from groups_of(child)


# --- builder -> JSON -----------------------------------------------------------------------------------

def from_builder(root: Group) -> dict:
    """The JSON condition of the builder's groups and rows; sets each row's and group's ``path``. An outer
    "all of" with a single row is that row's predicate alone, as an expert writes it."""
    _number(root)
    filled = _filled(root)
    if root.match == "all" and len(filled) == 1 and isinstance(filled[0], Row):
        root.path = "condition"
        filled[0].path = "condition"
        return _write_row(filled[0])
    return _write_group(root, "condition")


def _filled(group: Group) -> list:
    """A group's children without the rows the officer added but never filled (no fact chosen)."""
    return [child for child in group.children if isinstance(child, Group) or child.fact]


def _write_group(group: Group, path: str) -> dict:
    key = "any" if group.match == "none" else group.match if group.match in MATCHES else "all"
    inner = f"{path}.not" if group.match == "none" else path
    group.path = f"{inner}.{key}"
    items = []
    for index, child in enumerate(_filled(group)):
        child_path = f"{inner}.{key}[{index}]"
        if isinstance(child, Group):
            items.append(_write_group(child, child_path))
        else:
            child.path = child_path
            items.append(_write_row(child))
    combined = {key: items}
    return {"not": combined} if group.match == "none" else combined


def _write_row(row: Row) -> dict:
    spec = FACTS.get(row.fact)
    kind = spec.kind if spec else "text"
    data: dict = {"fact": row.fact, "op": row.op}
    if row.op == "is_null":
        data["value"] = row.value.strip().lower() != "false"
    elif row.op == "between":
        data["value"] = [typed(kind, row.value), typed(kind, row.value2)]
    elif row.op in LIST_OPS:
        raw = row.values if kind == "choice" and row.values else _split(row.value)
        data["value"] = [typed(kind, item) for item in raw]
    elif row.op == "route_contains":
        countries = [item.upper() for item in _split(row.value)]
        data["value"] = countries[0] if len(countries) == 1 else countries
    else:
        data["value"] = typed(kind, row.value)
    return data


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def typed(kind: str, text: str):
    """A value typed into the builder as the JSON the expert would write: numbers as numbers, true/false as
    booleans, countries in capitals. What does not read as its kind stays text, for the engine to refuse
    with the row's path."""
    text = (text or "").strip()
    if kind in ("int", "decimal", "money"):
        compact = text.replace(",", "").replace("_", "").replace(" ", "")
        if _INTEGER.match(compact):
            return int(compact)
        try:
            number = Decimal(compact)
        except InvalidOperation:
            return text
        return float(number) if number.is_finite() else text
    if kind == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    if kind in ("country", "route"):
        return text.upper()
    return text


def path_owner(root: Group, path: str) -> Row | Group | None:
    """The row or group an engine error path names (the deepest one whose path starts it)."""
    best = None
    for item in [*rows_of(root), *groups_of(root)]:  # a row before the group it fills alone
        names_it = item.path and (path == item.path or path.startswith((item.path + "[", item.path + ".")))
        if names_it and (best is None or len(item.path) > len(best.path)):
            best = item
    return best
