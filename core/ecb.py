"""The ECB's euro reference rates, fetched from its public feed and stored idempotently.

The ECB publishes once a business day around 16:00 CET (``eurofxref-daily.xml``; the last 90 days
in ``eurofxref-hist-90d.xml``, same format). Beat fetches the 90-day file a few times a day, so a
missed day fills itself in. Every attempt is a ``RateFetch`` row: staff see when rates last arrived
and why a fetch failed; ``/healthz`` warns when the newest rate is too old.
"""

from __future__ import annotations

import datetime as dt
import logging
import urllib.request
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.conf import settings
from django.db import connection, transaction

from core.models import ExchangeRate, RateFetch
from core.signals import exchange_rate_added

logger = logging.getLogger(__name__)

FEED_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
_CUBE = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}Cube"


class FeedError(Exception):
    """The feed could not be read or is not the ECB's format."""


def parse_feed(data: bytes) -> list[tuple[dt.date, str, Decimal]]:
    """``(date, currency, units per EUR)`` rows of an ECB eurofxref XML file (daily or 90-day)."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml refuses entities and bombs; expat refuses broken XML
        raise FeedError(f"not an ECB rates file: {exc}") from None
    rows = []
    for day in root.iter(_CUBE):
        if "time" not in day.attrib:
            continue
        try:
            date = dt.date.fromisoformat(day.attrib["time"])
        except ValueError:
            raise FeedError(f"bad date {day.attrib['time']!r}") from None
        for cube in day:
            currency, rate = cube.attrib.get("currency", ""), cube.attrib.get("rate", "")
            try:
                value = Decimal(rate)
            except InvalidOperation:
                raise FeedError(f"bad rate {rate!r} for {currency} on {date}") from None
            if len(currency) == 3 and currency.isalpha() and value > 0:
                rows.append((date, currency.upper(), value))
    if not rows:
        raise FeedError("the file holds no rates")
    return rows


@transaction.atomic
def rates_store(rows: list[tuple[dt.date, str, Decimal]]) -> tuple[int, set[str]]:
    """Insert what is new (one statement); returns the count added and the currencies that got a new rate."""
    table = ExchangeRate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (date, currency, units_per_eur, source, created)
            SELECT d, c, r, %s, now() FROM unnest(%s::date[], %s::varchar[], %s::numeric[]) AS t(d, c, r)
            ON CONFLICT (currency, date, source) DO NOTHING
            RETURNING currency
            """,
            [ExchangeRate.Source.ECB, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        )
        currencies = {row[0] for row in cursor.fetchall()}
        added = cursor.rowcount
    for currency in sorted(currencies):
        transaction.on_commit(lambda c=currency: exchange_rate_added.send(sender=ExchangeRate, currency=c))
    return added, currencies


def ecb_rates_fetch(url: str | None = None, *, timeout: float = 20) -> RateFetch:
    """Fetch, store and record. Never raises for network or format trouble: the record says what went wrong."""
    url = url or settings.ECB_FEED_URL
    fetch = RateFetch(url=url)
    try:
        if url.split(":", 1)[0] not in ("https", "http", "file"):
            raise FeedError(f"unsupported feed address {url!r}")
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https or file: only)
            data = response.read(5 * 1024 * 1024)
        rows = parse_feed(data)
        fetch.rows_added, _ = rates_store(rows)
        fetch.newest_date = max(row[0] for row in rows)
        fetch.ok = True
        fetch.message = f"{len(rows)} rates read, {fetch.rows_added} new"
    except (OSError, FeedError) as exc:
        fetch.message = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("ECB rates fetch from %s failed: %s", url, fetch.message)
    fetch.save()
    return fetch
