"""Deadlines in business days: weekends and the country's public holidays (the ``holidays`` package) do not count."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:
        return frozenset()


def is_business_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def business_deadline(start: dt.datetime, days: int, country: str) -> dt.datetime:
    """``start`` plus ``days`` business days of ``country``, at the same time of day."""
    moment, left = start, days
    while left > 0:
        moment += dt.timedelta(days=1)
        if is_business_day(moment.date(), country):
            left -= 1
    return moment
