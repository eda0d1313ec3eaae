"""Compliance codes stored in data (decisions, effects) shown to people in their language."""

import json

from django import template

from compliance.models import DecisionChoice, Effect

register = template.Library()


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def effect_label(value):
    return _label(Effect, value)


@register.filter
def decision_label(value):
    return _label(DecisionChoice, value)


@register.filter
def pretty_json(value):
    """A stored condition as valid, indented JSON (double quotes: it can be pasted back into the editor)."""
    return json.dumps(_in_reading_order(value), indent=2, ensure_ascii=False)


def _in_reading_order(node):
    """PostgreSQL's jsonb stores keys shortest first ("op" before "fact"): show fact, op, value again."""
    if isinstance(node, dict):
        order = {"fact": 0, "op": 1, "value": 2}
        return {key: _in_reading_order(node[key]) for key in sorted(node, key=lambda key: (order.get(key, 3), key))}
    if isinstance(node, list):
        return [_in_reading_order(item) for item in node]
    return node
