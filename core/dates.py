"""Dates as people write them in stock lists, forms and rules. Plain Python: the compliance engine uses it too."""

import datetime as dt
import re


class NotAYearMonth(ValueError):
    """The text is not shaped like a year and month (as opposed to a shaped but impossible date)."""


_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\s*$")


def parse_year_month(value, *, keep_day: bool = False) -> dt.date:
    """``"2020-03"`` → 2020-03-01: a first registration is a month. Raises ValueError for anything else.

    ``"2020-03-15"`` is read as its month, or as that day with ``keep_day`` (rule conditions name days).
    The day must be real either way: an impossible one is a plain ValueError, a wrong shape NotAYearMonth.
    """
    match = _YEAR_MONTH.match(value) if isinstance(value, str) else None
    if not match:
        raise NotAYearMonth(f"{value!r} is not a year and month (YYYY-MM)")
    day = dt.date(int(match[1]), int(match[2]), int(match[3] or 1))
    return day if keep_day else day.replace(day=1)
