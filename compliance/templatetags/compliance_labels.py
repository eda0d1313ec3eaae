"""Compliance codes stored in data (decisions, effects) shown to people in their language."""

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
