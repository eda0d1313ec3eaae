"""The condition builder on the rule page: its form fields, the input each fact needs, and its actions.

Fields, as the browser sends them: ``builder-node`` lists every group and row in page order; each node has
``<node>-parent`` (empty for the outer group), a group ``<node>-match`` (all, any, none), a row
``<node>-fact``, ``<node>-op``, ``<node>-value``, ``<node>-value2`` (between) and ``<node>-values`` (the
chosen values of a choice fact for "is one of"). The same fields work three ways: htmx re-renders the
builder on every change (``rule_builder`` view), a browser without JavaScript posts them with the rule
form's submit buttons, and the rule form reads them into the JSON condition (``compliance.engine.builder``).
"""

from __future__ import annotations

import re
import uuid

from babel import Locale
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from compliance.engine.builder import LIST_OPS, Group, Row, groups_of, rows_of
from compliance.engine.facts import FACTS, OPS_BY_KIND, TRANSACTION_FACTS, VEHICLE_FIELDS
from core.codes import country_codes
from inventory.models import Vehicle

NODE = re.compile(r"^[gr][0-9a-f]{1,12}$")
MAX_NODES = 200

DERIVED_LABELS = {
    "power_hp": _("Power (hp)"),
    "age_months": _("Age in months"),
    "registration_age_days": _("Days since first registration"),
    "customs_value": _("Customs value (in the rule's currency)"),
    "origin": _("Origin country"),
    "destination": _("Final destination"),
    "buyer_country": _("Buyer's country"),
    "route": _("Route (countries after the origin)"),
    "route_crosses_eaeu": _("Route crosses an EAEU country"),
}
OP_LABELS = {
    "eq": _("is"), "ne": _("is not"), "in": _("is one of"), "not_in": _("is none of"), "gt": _("is more than"),
    "ge": _("is at least"), "lt": _("is less than"), "le": _("is at most"), "between": _("is between"),
    "is_null": _("is unknown"), "route_contains": _("passes through"),
}
DATE_OP_LABELS = {"gt": _("is after"), "ge": _("is on or after"), "lt": _("is before"), "le": _("is on or before")}
MATCH_LABELS = [("all", _("All of these")), ("any", _("Any of these")), ("none", _("None of these"))]


def fact_label(name: str) -> str:
    if name in DERIVED_LABELS:
        return str(DERIVED_LABELS[name])
    try:
        return str(Vehicle._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # a fact that is not a field: its own name
        return name


def fact_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The facts for the select, grouped: the vehicle's fields, values derived from them, the transaction."""
    vehicle = [name for name in FACTS if name in VEHICLE_FIELDS]
    derived = [name for name in FACTS if name not in VEHICLE_FIELDS and name not in TRANSACTION_FACTS]
    transaction = [name for name in FACTS if name in TRANSACTION_FACTS]
    return [(str(label), [(name, fact_label(name)) for name in names]) for label, names in (
        (_("Vehicle"), vehicle), (_("Derived"), derived), (_("Transaction"), transaction))]


def op_choices(fact: str) -> list[tuple[str, str]]:
    kind = FACTS[fact].kind if fact in FACTS else "text"
    labels = {**OP_LABELS, **(DATE_OP_LABELS if kind == "date" else {})}
    return [(op, str(labels[op])) for op in OPS_BY_KIND[kind]]


def choice_labels(fact: str) -> list[tuple[str, str]]:
    try:
        model_field = Vehicle._meta.get_field(fact)
    except FieldDoesNotExist:  # not a vehicle field: the engine's values as they are
        return [(value, value) for value in FACTS[fact].choices]
    labels = dict(model_field.flatchoices)
    return [(value, str(labels.get(value, value))) for value in FACTS[fact].choices]


def country_choices() -> list[tuple[str, str]]:
    """Countries by name in the reader's language (CLDR names from Babel), the code shown too."""
    try:
        names = Locale.parse(to_locale(get_language() or "en")).territories
    except (ValueError, TypeError):
        names = Locale("en").territories
    rows = [(code, f"{names.get(code, code)} ({code})") for code in country_codes()]
    return sorted(rows, key=lambda row: row[1])


def value_widget(row: Row) -> str:
    """Which input the row's value needs: select, multi, number, date, country, bool, null, list or text."""
    kind = FACTS[row.fact].kind if row.fact in FACTS else "text"
    if row.op == "is_null":
        return "null"
    if kind == "choice":
        return "multi" if row.op in LIST_OPS else "select"
    if row.op in LIST_OPS or kind == "route":
        return "list"
    return {"int": "number", "decimal": "number", "money": "number", "date": "date", "country": "country",
            "bool": "bool"}.get(kind, "text")


def new_node(kind: str) -> str:
    return kind + uuid.uuid4().hex[:8]


def blank_builder() -> Group:
    """A new rule's condition: one empty row in an "all of" group."""
    return Group(node="g0", match="all", children=[Row(node="r1")])


def builder_from_post(data) -> Group | None:
    """The groups and rows the browser sent (None when the page had no builder). A damaged structure (an
    unknown parent, a bad node name) is a ValidationError on the condition, never a 500."""
    nodes = data.getlist("builder-node")
    if not nodes:
        return None
    damaged = ValidationError(_("The condition builder sent a damaged form: reload the page."), code="invalid")
    if len(nodes) > MAX_NODES or len(set(nodes)) != len(nodes):
        raise damaged
    items: dict[str, Group | Row] = {}
    root = None
    for node in nodes:
        if not NODE.match(node):
            raise damaged
        parent = data.get(f"{node}-parent", "")
        if node.startswith("g"):
            match = data.get(f"{node}-match", "all")
            item: Group | Row = Group(node=node, match=match if match in ("all", "any", "none") else "all")
        else:
            item = Row(node=node, fact=data.get(f"{node}-fact", "").strip(), op=data.get(f"{node}-op", "").strip(),
                       value=data.get(f"{node}-value", ""), value2=data.get(f"{node}-value2", ""),
                       values=data.getlist(f"{node}-values"))
        if not parent:
            if root is not None or not isinstance(item, Group):
                raise damaged
            root = item
        elif isinstance(items.get(parent), Group):
            items[parent].children.append(item)
        else:
            raise damaged
        items[node] = item
    if root is None:
        raise damaged
    return root


def builder_apply(root: Group, action: str) -> Group:
    """Add a row or a group to a group, or remove a row or group (the outer group stays)."""
    verb, _sep, target = (action or "").partition(":")
    groups = {group.node: group for group in groups_of(root)}
    if verb == "add-row" and target in groups:
        groups[target].children.append(Row(node=new_node("r")))
    elif verb == "add-group" and target in groups:
        groups[target].children.append(Group(node=new_node("g"), match="any", children=[Row(node=new_node("r"))]))
    elif verb == "remove" and target != root.node:
        for group in groups.values():
            group.children = [child for child in group.children if child.node != target]
    return root


def builder_tidy(root: Group) -> Group:
    """Rows as the page shows them: a fact's operator is one it takes (else its first), and each row knows its
    input (``widget``), operators and choices for the template."""
    for row in rows_of(root):
        if row.fact in FACTS:
            ops = op_choices(row.fact)
            if row.op not in dict(ops):
                row.op = ops[0][0]
            row.ops = ops
            row.widget = value_widget(row)
            row.choices = choice_labels(row.fact) if FACTS[row.fact].kind == "choice" else []
        else:
            row.ops, row.widget, row.choices = [], "text", []
        row.error = getattr(row, "error", "")
    for group in groups_of(root):
        group.error = getattr(group, "error", "")
    return root
