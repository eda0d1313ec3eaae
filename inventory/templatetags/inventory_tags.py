from django import template
from django.core.exceptions import FieldDoesNotExist

from inventory.colors import color_label
from inventory.models import Vehicle

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def choice_label(value, field):
    """`{{ "plugin_hybrid"|choice_label:"fuel" }}` → "Plug-in hybrid" (a Vehicle field's choices)."""
    choices = dict(Vehicle._meta.get_field(field).flatchoices)
    return choices.get(value, value)


@register.filter
def field_label(name):
    """A Vehicle field's name as people read it (`price_amount` → "price")."""
    try:
        return Vehicle._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


@register.filter(name="color_label")
def color_label_filter(color):
    """`{{ vehicle.color|color_label }}`: "pearl white" → "パールホワイト" for a Japanese reader; free text as typed."""
    return color_label(color)
