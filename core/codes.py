"""ISO code lists (from pycountry): countries (ISO 3166-1 alpha-2) and currencies (ISO 4217)."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def validate_country(value: str) -> None:
    if value not in country_codes():
        raise ValidationError(_("%(value)s is not an ISO 3166 country code (e.g. JP, RU, KZ)."),
                              params={"value": value}, code="unknown_country")


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(_("%(value)s is not an ISO 4217 currency code (e.g. JPY, USD, EUR)."),
                              params={"value": value}, code="unknown_currency")
