from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def catalog_orderings():
    return [("-created", _("Newest")), ("price", _("Price: low to high")), ("-price", _("Price: high to low")),
            ("-year", _("Year: newest")), ("year", _("Year: oldest")), ("mileage_km", _("Mileage: lowest"))]
