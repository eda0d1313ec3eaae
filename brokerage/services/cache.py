"""Process-local caches of what every quote reads and rarely changes: the rule specs, the day's rate table and
the places (UN/LOCODE reference data).

Rules and rates are kept with a fingerprint read in one cheap query per quote (``bulk_sql``), so a change made
by an officer or a rate fetch in another process is seen by the next quote: never a stale rule or rate.
"""

from __future__ import annotations

import datetime as dt
import threading

from brokerage.services.bulk_sql import reference_fingerprint
from compliance.selectors import rule_specs
from core.models import Location
from core.money import RateTable
from core.rates import rate_table

_lock = threading.Lock()
_specs: dict[str | None, tuple[tuple, list]] = {}
_rates: dict[dt.date, tuple[int | None, RateTable]] = {}
_places: dict[str, Location] = {}


def rules_and_rates(on: dt.date, scope: str | None = None) -> tuple[list, RateTable]:
    """The rule specs of ``scope`` (None: every scope) and the rate table of ``on``, current as of now."""
    rules_key, rates_key = reference_fingerprint()
    cached_specs, cached_rates = _specs.get(scope), _rates.get(on)
    specs = cached_specs[1] if cached_specs and cached_specs[0] == rules_key else None
    table = cached_rates[1] if cached_rates and cached_rates[0] == rates_key else None
    if specs is None:
        specs = rule_specs(scope)
        with _lock:
            _specs[scope] = (rules_key, specs)
    if table is None:
        table = rate_table(on)
        with _lock:
            if len(_rates) > 8:
                _rates.clear()
            _rates[on] = (rates_key, table)
    return specs, table


def place(code: str) -> Location | None:
    """A UN/LOCODE place (reference data: loaded once, never edited by the application)."""
    found = _places.get(code)
    if found is None:
        found = Location.objects.filter(code=code).first()
        if found is not None:
            with _lock:
                _places[code] = found
    return found
