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
    return json.dumps(value, indent=2, ensure_ascii=False)
