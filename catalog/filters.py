"""Catalog filters (django-filter for validation and the OpenAPI schema; the query lives in selectors)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters

from catalog.selectors import ORDERINGS, CatalogFilters, catalog_filter
from core import rates
from core.codes import country_codes, currency_codes
from inventory.models import BodyType, Drive, Fuel, Steering, Transmission

# The dearest price a vehicle can have (price_amount: 14 digits, 2 decimals); a bound past it finds nothing
# more, and converting an unbounded one to EUR overflows the decimal context.
MAX_PRICE = Decimal("999999999999.99")


class AnyOrSeveralField(filter_fields.MultipleChoiceField):
    """Several values, where an empty one (the form's "Any") stands for no choice instead of an error."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item not in ("", None)]


class AnyOrSeveralFilter(filters.MultipleChoiceFilter):
    """``?fuel=`` (Any), ``?fuel=hybrid`` or ``?fuel=hybrid&fuel=electric``: the query is in the selectors."""

    field_class = AnyOrSeveralField


class CatalogFilterSet(filters.FilterSet):
    make = filters.CharFilter(help_text="Exact make, any case (Toyota)")
    model = filters.CharFilter(help_text="Exact model, any case (Harrier)")
    year_min = filters.NumberFilter(min_value=1900, max_value=2100)
    year_max = filters.NumberFilter(min_value=1900, max_value=2100)
    price_min = filters.NumberFilter(min_value=0, max_value=MAX_PRICE)
    price_max = filters.NumberFilter(min_value=0, max_value=MAX_PRICE,
                                     help_text="In `currency`, at the latest stored rate")
    currency = filters.CharFilter(help_text="ISO 4217 with a current exchange rate (default USD)")
    mileage_max = filters.NumberFilter(min_value=0)
    fuel = AnyOrSeveralFilter(choices=Fuel.choices, help_text="One or several (repeat the parameter); empty: any")
    steering = filters.ChoiceFilter(choices=Steering.choices)
    body_type = AnyOrSeveralFilter(choices=BodyType.choices,
                                   help_text="One or several (repeat the parameter); empty: any")
    transmission = filters.ChoiceFilter(choices=Transmission.choices)
    drive = filters.ChoiceFilter(choices=Drive.choices)
    yard_country = filters.CharFilter(help_text="ISO country of the yard (JP, CN)")
    q = filters.CharFilter(help_text="Full-text: make, model, grade, model code, chassis or stock number")
    exportable_to = filters.CharFilter(help_text="ISO country: leave out vehicles blocked for it")
    ordering = filters.ChoiceFilter(choices=[(key, key) for key in ORDERINGS])

    def filter_queryset(self, queryset):
        data = {key: value for key, value in self.form.cleaned_data.items() if value not in (None, "", [])}
        errors = {}
        currency = str(data.get("currency", "USD")).upper()
        if currency not in currency_codes():
            errors["currency"] = [_("Use an ISO 4217 currency code, e.g. USD, JPY, EUR.")]
        elif "price_min" in data or "price_max" in data:
            data["rates"] = rates.rate_table()  # one query: checks the currency and converts the bounds
            if currency not in rates.current_currencies(table=data["rates"]):
                errors["currency"] = [_("There is no current exchange rate for %(currency)s: give the price in "
                                        "another currency.") % {"currency": currency}]
        for field in ("exportable_to", "yard_country"):
            if field in data and str(data[field]).upper() not in country_codes():
                errors[field] = [_("Use an ISO 3166 country code, e.g. RU, KZ.")]
        if errors:
            raise ValidationError(errors)
        data["currency"] = currency
        for field in ("year_min", "year_max", "mileage_max"):
            if field in data:
                data[field] = int(data[field])
        return catalog_filter(queryset, CatalogFilters(**data))
