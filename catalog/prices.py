"""Prices in the buyer's currency: which currency a page shows, and which rates it says it used.

A buyer chooses only among currencies with a current rate (``core.rates.current_currencies``). With no
choice the page uses their saved preference, else their country's currency when it has a current rate
(KZT in Almaty, RUB in Vladivostok), else USD. Asking for a currency without a current rate (EEK, or a
staff rate past its validity) keeps the default and says why, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core import money, rates


@dataclass(frozen=True)
class DisplayCurrency:
    code: str
    choices: list[str]
    message: str = ""


def display_currency(user, requested: str | None, table: money.RateTable | None = None) -> DisplayCurrency:
    """The currency a page shows prices in for ``user``, who asked for ``requested`` (may be empty)."""
    current = rates.current_currencies(table=table)
    requested = (requested or "").strip().upper()
    preferred = (getattr(user, "preferred_currency", "") or "").upper()
    country = getattr(user, "country", None) if getattr(user, "is_authenticated", False) else None
    fallback = preferred if preferred in current else rates.default_currency(country, current)
    if not requested or requested in current:
        return DisplayCurrency(requested or fallback, current)
    return DisplayCurrency(fallback, current, _(
        "There is no current exchange rate for %(requested)s, so prices are shown in %(currency)s.")
        % {"requested": requested[:3], "currency": fallback})


def display_prices(vehicles, currency: str, table: money.RateTable | None = None) -> dict[int, money.Converted | None]:
    """Every price on a page in ``currency`` with one rate query (None where a rate is missing)."""
    table = rates.rate_table() if table is None else table
    prices = {}
    for vehicle in vehicles:
        try:
            prices[vehicle.pk] = money.convert_with(table, vehicle.price_amount, vehicle.price_currency, currency)
        except money.NoRate:
            prices[vehicle.pk] = None
    return prices


def describe_rate(rate: money.Rate) -> str:
    """'1 EUR = 585 KZT, broker's rate of 2026-11-29' in the reader's language."""
    values = {"rate": f"{rate.units_per_eur.normalize():f}", "currency": rate.currency,
              "date": rate.date.isoformat() if rate.date else ""}
    if rate.source == "ecb":
        return _("1 EUR = %(rate)s %(currency)s, ECB rate of %(date)s") % values
    return _("1 EUR = %(rate)s %(currency)s, broker's rate of %(date)s") % values


def rates_used(prices) -> list[str]:
    """The rates behind a page's converted prices, each described once (target currency first)."""
    seen: dict[str, money.Rate] = {}
    for converted in prices:
        if converted is None:
            continue
        for rate in reversed(converted.rates):
            if rate.currency != money.EUR:
                seen.setdefault(rate.currency, rate)
    return [describe_rate(rate) for rate in seen.values()]
