"""Money and exchange rates as plain values: no Django, no database (the compliance engine uses it).

Rates are units per EUR (the ECB's convention); any pair is crossed through EUR. Every conversion
says which rates it used. Loading rates from the database is ``core.rates``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.core import UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision

from core.errors import ApplicationError

EUR = "EUR"


class NoRate(ApplicationError):
    def __init__(self, currency: str, on_date: dt.date | None):
        when = f" on or before {on_date.isoformat()}" if on_date else ""
        super().__init__(f"No exchange rate for {currency}{when}.", code="no_exchange_rate", field="currency")
        self.currency = currency
        self.on_date = on_date


@dataclass(frozen=True)
class Rate:
    currency: str
    units_per_eur: Decimal
    date: dt.date | None
    source: str
    valid_until: dt.date | None = None  # staff rates: the last day it may be quoted (None: the default validity)

    def describe(self) -> str:
        if self.currency == EUR:
            return "EUR"
        return f"1 EUR = {self.units_per_eur.normalize():f} {self.currency} ({self.source.upper()} {self.date})"


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    rates: tuple[Rate, ...]

    @property
    def rate_note(self) -> str:
        return "; ".join(rate.describe() for rate in self.rates if rate.currency != EUR) or "no conversion"

    @property
    def rate_date(self) -> dt.date | None:
        dates = [rate.date for rate in self.rates if rate.date]
        return min(dates) if dates else None


EUR_RATE = Rate(EUR, Decimal(1), None, "identity")

RateTable = dict[str, Rate]


def convert_with(table: RateTable, amount: Decimal, from_currency: str, to_currency: str,
                 on_date: dt.date | None = None) -> Converted:
    """Convert with an already-loaded rate table (no query): the hot path for bulk work."""
    if from_currency == to_currency:
        return Converted(amount, to_currency, ())
    try:
        source, target = table[from_currency], table[to_currency]
    except KeyError as exc:
        raise NoRate(exc.args[0], on_date) from None
    value = (Decimal(amount) / source.units_per_eur * target.units_per_eur).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Converted(value, to_currency, (source, target))


def minor_units(currency: str) -> int:
    """Decimals a currency is quoted in (ISO 4217 minor units, via Babel): JPY and KRW 0, USD 2, KWD 3."""
    return get_currency_precision(currency)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """An amount rounded (half up) to its currency's minor unit: 1790000.4 JPY -> 1790000."""
    return Decimal(amount).quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """Money as a reader of ``locale`` writes it, to the currency's minor unit: "¥1,850,000", "1 850 000 ¥"."""
    try:
        return format_currency(round_money(amount, currency), currency, locale=locale,
                               currency_digits=True)
    except (UnknownLocaleError, ValueError):
        return f"{amount} {currency}"
