"""Exchange rates from the database: the rate table on a date, and conversions with it.

Rates are stored as units per EUR; any pair is crossed through EUR. A rate "on" a date is the
newest one on or before it (weekends and holidays use the last business day).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

from core.money import EUR, EUR_RATE, Converted, Rate, RateTable, convert_with


def rate_table(on_date: dt.date | None = None, currencies: list[str] | None = None) -> RateTable:
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
    table[EUR] = EUR_RATE
    return table


def convert(amount: Decimal, from_currency: str, to_currency: str, on_date: dt.date | None = None) -> Converted:
    table = rate_table(on_date, [from_currency, to_currency])
    return convert_with(table, amount, from_currency, to_currency, on_date)


def known_currencies() -> list[str]:
    """Currencies with a stored rate (EUR included)."""
    return sorted(rate_table())
