"""Codes stored in data (decisions, effects, vehicle choices) shown to people in their language."""

from django import template

register = template.Library()


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def effect_label(value):
    from compliance.models import Effect

    return _label(Effect, value)


@register.filter
def decision_label(value):
    from compliance.models import DecisionChoice

    return _label(DecisionChoice, value)


@register.filter
def choice_label(value, field):
    """`{{ "plugin_hybrid"|choice_label:"fuel" }}` → "Plug-in hybrid" (a Vehicle field's choices)."""
    from inventory.models import Vehicle

    choices = dict(Vehicle._meta.get_field(field).flatchoices)
    return choices.get(value, value)


@register.filter
def field_label(name, model_label="inventory.Vehicle"):
    from django.apps import apps

    try:
        return apps.get_model(model_label)._meta.get_field(name).verbose_name
    except LookupError:
        return name
