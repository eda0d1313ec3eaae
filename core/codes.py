"""ISO code lists, the one home for them: countries (ISO 3166-1 alpha-2) and currencies (ISO 4217).

Plain Python (pycountry, no Django): the compliance engine uses it too. The Django validators built
on these lists live in ``core.validators``.
"""

from functools import cache

import pycountry

# Kosovo: a user-assigned code that customs, carriers and sanctions lists use; ISO has no entry yet.
_EXTRA_COUNTRIES = {"XK": "Kosovo"}
# Currencies that no longer exist: pycountry lists them as history, buyers must never be offered them.
RETIRED_CURRENCIES = frozenset({"EEK", "LTL", "LVL", "MTL", "SIT", "SKK", "CYP", "ROL", "TRL"})


@cache
def country_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries) | frozenset(_EXTRA_COUNTRIES)


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def is_country(code) -> bool:
    return isinstance(code, str) and code in country_codes()


def is_currency(code) -> bool:
    return isinstance(code, str) and code in currency_codes()


def country_name(code: str) -> str:
    if code in _EXTRA_COUNTRIES:
        return _EXTRA_COUNTRIES[code]
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
