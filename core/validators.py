"""Django validators for the ISO codes of ``core.codes`` (model fields and forms use these)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.codes import is_country, is_currency


def validate_country(value: str) -> None:
    if not is_country(value):
        raise ValidationError(_("%(value)s is not an ISO 3166 country code (e.g. JP, RU, KZ)."),
                              params={"value": value}, code="unknown_country")


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(_("%(value)s is not an ISO 4217 currency code (e.g. JPY, USD, EUR)."),
                              params={"value": value}, code="unknown_currency")
