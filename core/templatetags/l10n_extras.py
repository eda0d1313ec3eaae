"""Numbers, money and units in the reader's language: ``{{ amount|money:currency }}``, ``{{ n|number }}``,
``{{ km|unit:"km" }}``.

Numbers are formatted by Babel (CLDR) for the active language: "12,329" in English, Japanese and Chinese,
"12 329" (no-break space) in Russian. Money keeps its ISO code after the amount ("12,329 USD") rather than a
symbol: ¥ is both yen and yuan, and brokers quote codes. Whole amounts show no decimals; others show the
currency's own (2 for USD, 0 for JPY).
"""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal, get_currency_precision
from django import template
from django.utils.translation import get_language, pgettext_lazy, to_locale

from core.rates import rate_source_label

register = template.Library()

UNITS = {
    "km": pgettext_lazy("unit", "km"),
    "cc": pgettext_lazy("unit", "cc"),
    "kw": pgettext_lazy("unit", "kW"),
    "hp": pgettext_lazy("unit", "hp"),
    "kg": pgettext_lazy("unit", "kg"),
    "mm": pgettext_lazy("unit", "mm"),
    "m3": pgettext_lazy("unit", "m³"),
}
NBSP = "\u00a0"


def babel_locale() -> str:
    """The active Django language as a Babel locale ("zh-hans" -> "zh_Hans")."""
    return to_locale(get_language() or "en")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_number(value, digits: int | None = None) -> str:
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    pattern = "#,##0" if not digits else "#,##0." + "0" * digits
    try:
        return format_decimal(number, format=pattern, locale=babel_locale())
    except (ValueError, LookupError):
        return format_decimal(number, format=pattern, locale="en")


@register.filter
def number(value, digits=None):
    """A number grouped the reader's way; ``digits`` fixes the decimals (default: none for whole numbers, else
    as many as it has, up to 3)."""
    if digits not in (None, ""):
        return format_number(value, int(digits))
    number_ = _decimal(value)
    if number_ is not None and number_ != number_.to_integral_value():
        return format_number(number_, min(3, max(0, -number_.normalize().as_tuple().exponent)))
    return format_number(value, 0)


@register.filter
def money(value, currency=None):
    """``{{ 12329|money:"USD" }}`` -> "12,329 USD" (ru: "12 329 USD"). Also takes anything with ``amount`` and
    ``currency`` (a Money, a converted price, a dict) and no argument."""
    if currency in (None, ""):
        amount = getattr(value, "amount", None) if not isinstance(value, dict) else value.get("amount")
        currency = getattr(value, "currency", "") if not isinstance(value, dict) else value.get("currency", "")
        value = amount if amount is not None else value
    number_ = _decimal(value)
    if number_ is None:
        return "" if value in (None, "") else f"{value} {currency or ''}".strip()
    whole = number_ == number_.to_integral_value()
    digits = 0 if whole else get_currency_precision(currency) if currency else 2
    return f"{format_number(number_, digits)}{NBSP}{currency}" if currency else format_number(number_, digits)


@register.filter
def unit(value, name):
    """``{{ 68000|unit:"km" }}`` -> "68,000 km" (ru: "68 000 км"): the number grouped, the unit translated."""
    if value in (None, ""):
        return ""
    label = UNITS.get(str(name).lower(), name)
    return f"{number(value)}{NBSP}{label}"


@register.filter
def rate_source(value):
    """An exchange rate's source in the reader's language: "ecb" → "ECB reference rate", "staff" → "broker's rate"."""
    return rate_source_label(value)
