"""Catalog filters (django-filter for validation and the OpenAPI schema; the query lives in selectors)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django_filters import rest_framework as filters

from catalog.selectors import ORDERINGS, CatalogFilters, catalog_filter
from core.codes import country_codes, currency_codes
from inventory.models import BodyType, Drive, Fuel, Steering, Transmission

# The dearest price a vehicle can have (price_amount: 14 digits, 2 decimals); a bound past it finds nothing
# more, and converting an unbounded one to EUR overflows the decimal context.
MAX_PRICE = Decimal("999999999999.99")


class CatalogFilterSet(filters.FilterSet):
    make = filters.CharFilter(help_text="Exact make, any case (Toyota)")
    model = filters.CharFilter(help_text="Exact model, any case (Harrier)")
    year_min = filters.NumberFilter(min_value=1900, max_value=2100)
    year_max = filters.NumberFilter(min_value=1900, max_value=2100)
    price_min = filters.NumberFilter(min_value=0, max_value=MAX_PRICE)
    price_max = filters.NumberFilter(min_value=0, max_value=MAX_PRICE,
                                     help_text="In `currency`, at the latest stored rate")
    currency = filters.CharFilter(help_text="ISO 4217 (default USD)")
    mileage_max = filters.NumberFilter(min_value=0)
    fuel = filters.MultipleChoiceFilter(choices=Fuel.choices)
    steering = filters.ChoiceFilter(choices=Steering.choices)
    body_type = filters.ChoiceFilter(choices=BodyType.choices)
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
            errors["currency"] = ["Use an ISO 4217 currency code, e.g. USD, JPY, EUR."]
        for field in ("exportable_to", "yard_country"):
            if field in data and str(data[field]).upper() not in country_codes():
                errors[field] = ["Use an ISO 3166 country code, e.g. RU, KZ."]
        if errors:
            raise ValidationError(errors)
        data["currency"] = currency
        for field in ("year_min", "year_max", "mileage_max"):
            if field in data:
                data[field] = int(data[field])
        return catalog_filter(queryset, CatalogFilters(**data))
