"""Exchange rates from the database: the rate table on a date, and conversions with it.

Rates are stored as units per EUR; any pair is crossed through EUR. A rate "on" a date is the
newest one on or before it (weekends and holidays use the last business day).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import get_territory_currencies
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext, gettext_noop

from core.codes import RETIRED_CURRENCIES
from core.models import ExchangeRate, RateFetch
from core.money import EUR, EUR_RATE, Converted, Rate, RateTable, convert_with

# A rate's source as a reader sees it on a quote or a paper (the stored codes "ecb" and "staff" mean nothing to a
# buyer); marked here, translated where shown.
RATE_SOURCE_LABELS = {ExchangeRate.Source.ECB: gettext_noop("ECB reference rate"),
                      ExchangeRate.Source.STAFF: gettext_noop("broker's rate")}


def rate_source_english(source: str | None) -> str:
    """The English label of a rate's source ("ecb" → "ECB reference rate"); an unknown source as it is."""
    return RATE_SOURCE_LABELS.get((source or "").lower(), source or "")


def rate_source_label(source: str | None) -> str:
    """A rate's source in the active language."""
    return gettext(rate_source_english(source)) if source else ""


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
        SELECT r.currency, r.units_per_eur, r.date, r.source, r.valid_until
        FROM ({currency_sql}) wanted
        CROSS JOIN LATERAL (
            SELECT currency, units_per_eur, date, source, valid_until FROM core_exchangerate
            WHERE currency = wanted.c AND date <= %s
            ORDER BY date DESC, (source = 'staff') DESC, id DESC LIMIT 1) r
    """
    params.append(on_date or dt.date.today())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        table = {row[0]: Rate(row[0], row[1], row[2], row[3], row[4]) for row in cursor.fetchall()}
    table[EUR] = EUR_RATE
    return table


def convert(amount: Decimal, from_currency: str, to_currency: str, on_date: dt.date | None = None) -> Converted:
    table = rate_table(on_date, [from_currency, to_currency])
    return convert_with(table, amount, from_currency, to_currency, on_date)


def known_currencies() -> list[str]:
    """Currencies with a stored rate (EUR included)."""
    return sorted(rate_table())


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays after ``start`` up to and including ``end`` (the ECB publishes on weekdays)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def newest_ecb_date() -> dt.date | None:
    return (ExchangeRate.objects.filter(source=ExchangeRate.Source.ECB).order_by("-date")
            .values_list("date", flat=True).first())


def stale_staff_rates(today: dt.date | None = None) -> list[ExchangeRate]:
    """The newest staff rate of each currency, where that rate is past its validity."""
    today = today or dt.date.today()
    newest = (ExchangeRate.objects.filter(source=ExchangeRate.Source.STAFF).order_by("currency", "-date", "-id")
              .distinct("currency"))
    return [rate for rate in newest if staff_rate_valid_until(rate) < today]


def staff_rate_valid_until(rate: ExchangeRate) -> dt.date:
    return rate.valid_until or rate.date + dt.timedelta(days=settings.STAFF_RATE_VALID_DAYS)


def current_currencies(today: dt.date | None = None, table: RateTable | None = None) -> list[str]:
    """Currencies a buyer may choose: those whose newest rate is current (one query, or none given ``table``).

    Current means from the newest ECB publication, or a staff rate still within its validity. The rate a
    price is converted at is that newest rate, so a currency listed here converts at a current rate.
    Retired currencies (EEK, LTL...) never appear.
    """
    today = today or dt.date.today()
    table = rate_table(today) if table is None else table
    newest_ecb = max((rate.date for rate in table.values() if rate.source == ExchangeRate.Source.ECB and rate.date),
                     default=None)
    def is_current(rate: Rate) -> bool:
        if rate.source == ExchangeRate.Source.ECB:
            return rate.date == newest_ecb
        valid_days = dt.timedelta(days=settings.STAFF_RATE_VALID_DAYS)
        return rate.source == ExchangeRate.Source.STAFF and (rate.valid_until or rate.date + valid_days) >= today

    return sorted(({EUR} | {code for code, rate in table.items() if is_current(rate)}) - RETIRED_CURRENCIES)


FALLBACK_CURRENCY = "USD"


def default_currency(country: str | None, current: list[str] | set[str] | None = None) -> str:
    """A buyer's currency by default: their country's legal tender when it has a current rate, else USD.

    RUB for Russia and KZT for Kazakhstan while staff keep those rates valid; a country whose
    currency has no current rate (or no country at all) gets USD.
    """
    current = set(current_currencies() if current is None else current)
    if country:
        for code in get_territory_currencies(country.upper(), tender=True):
            if code in current:
                return code
    return FALLBACK_CURRENCY if FALLBACK_CURRENCY in current or not current else sorted(current)[0]


def rates_warnings(today: dt.date | None = None) -> list[str]:
    """What staff should know about the rates: an old ECB rate, a failed fetch, staff rates past validity."""
    today = today or dt.date.today()
    warnings = []
    newest = newest_ecb_date()
    limit = settings.EXCHANGE_RATES_STALE_BUSINESS_DAYS
    if newest is None:
        warnings.append("No ECB exchange rate is stored.")
    elif business_days_between(newest, today) > limit:
        warnings.append(f"The newest ECB rate is from {newest.isoformat()}, "
                        f"{business_days_between(newest, today)} business days ago (more than {limit}).")
    last = RateFetch.objects.first()
    if last is not None and not last.ok:
        warnings.append(f"The last ECB fetch ({last.started:%Y-%m-%d %H:%M} UTC) failed: {last.message}")
    for rate in stale_staff_rates(today):
        warnings.append(f"The staff rate for {rate.currency} ({rate.date.isoformat()}) expired on "
                        f"{staff_rate_valid_until(rate).isoformat()}: enter a new one.")
    return warnings
