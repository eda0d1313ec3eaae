"""Money conversion with stored rates. Every conversion says which rates it used.

Rates are stored as units per EUR; any pair is crossed through EUR. A rate "on" a date is the
newest one on or before it (weekends and holidays use the last business day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

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


_EUR_RATE = Rate(EUR, Decimal(1), None, "identity")


def rate_table(on_date: dt.date | None = None, currencies: list[str] | None = None) -> dict[str, Rate]:
    """The newest rate of every currency on or before ``on_date`` (today if None), in one query.

    A staff rate wins over an ECB rate of the same day (staff enter corrections and missing currencies).
    """
    # One index probe per currency (index on currency, -date); the currency list itself comes from a
    # loose index scan, so this stays under a millisecond with the whole ECB history loaded.
    if currencies is None:
        currency_sql = """
            WITH RECURSIVE cur AS (
                SELECT min(currency) AS c FROM core_exchangerate
                UNION ALL
                SELECT (SELECT min(currency) FROM core_exchangerate WHERE currency > cur.c) FROM cur
                WHERE cur.c IS NOT NULL)
            SELECT c FROM cur WHERE c IS NOT NULL
        """
        params: list = []
    else:
        currency_sql = "SELECT unnest(%s::varchar[]) AS c"
        params = [list(currencies)]
    sql = f"""
        SELECT r.currency, r.units_per_eur, r.date, r.source
        FROM ({currency_sql}) wanted
        CROSS JOIN LATERAL (
            SELECT currency, units_per_eur, date, source FROM core_exchangerate
            WHERE currency = wanted.c AND date <= %s
            ORDER BY date DESC, (source = 'staff') DESC, id DESC LIMIT 1) r
    """
    params.append(on_date or dt.date.today())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        table = {row[0]: Rate(row[0], row[1], row[2], row[3]) for row in cursor.fetchall()}
    table[EUR] = _EUR_RATE
    return table


def convert_with(table: dict[str, Rate], amount: Decimal, from_currency: str, to_currency: str,
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


def convert(amount: Decimal, from_currency: str, to_currency: str, on_date: dt.date | None = None) -> Converted:
    table = rate_table(on_date, [from_currency, to_currency])
    return convert_with(table, amount, from_currency, to_currency, on_date)


def known_currencies() -> list[str]:
    """Currencies with a stored rate (EUR included)."""
    return sorted(rate_table())
