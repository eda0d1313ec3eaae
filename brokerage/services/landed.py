"""Estimates of what a car costs on landing in Russia beyond the CIF price: the recycling fee (with its power
coefficient), the individual import duty, and the duty difference owed after clearing in another EAEU state.

Estimates only, from the figures in ``brokerage.tariffs`` (each with its source and date); shown as ``info``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from brokerage import tariffs as T
from core.money import NoRate, RateTable, convert_with, round_money

NOTE = "Estimate, not a customs ruling"


def cited(source: str, as_of: str) -> str:
    """A figure's source with its date, the date once: a source that already ends on it ("... as amended from
    2025-12-01") is not followed by it again."""
    if not as_of or as_of in (source or ""):
        return source or ""
    return f"{source}, {as_of}" if source else as_of


def _age_years(vehicle, today: dt.date) -> int:
    start = vehicle.first_registration or dt.date(vehicle.year, 1, 1)
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return max(years, 0)


def _hp(vehicle) -> Decimal | None:
    if not vehicle.power_kw:
        return None
    return (Decimal(vehicle.power_kw) * T.HP_PER_KW).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _money(amount: Decimal, currency: str) -> dict:
    return {"amount": str(round_money(amount, currency)), "currency": currency}


def recycling_coefficient(*, hp: Decimal | None, new: bool, via_eaeu: bool) -> tuple[Decimal, str]:
    if hp is not None and hp > T.RECYCLING_PERSONAL_MAX_HP:
        for limit, new_coef, old_coef in T.RECYCLING_BY_POWER:
            if limit is None or hp <= limit:
                return (new_coef if new else old_coef), f"over {T.RECYCLING_PERSONAL_MAX_HP} hp ({hp} hp)"
    if via_eaeu:
        coef = T.RECYCLING_COMMERCIAL_UP_TO_160["new" if new else "old"]
        return coef, "commercial rate (bought in another EAEU state)"
    coef = T.RECYCLING_PERSONAL["new" if new else "old"]
    return coef, f"personal use, up to {T.RECYCLING_PERSONAL_MAX_HP} hp"


def import_duty_eur(*, value_eur: Decimal, engine_cc: int | None, age: int) -> Decimal | None:
    if not engine_cc:
        return None
    if age < 3:
        for limit, percent, per_cc in T.DUTY_UNDER_3_YEARS:
            if limit is None or value_eur <= limit:
                return max(value_eur * percent / 100, per_cc * engine_cc)
    table = T.DUTY_3_TO_5_YEARS if age <= 5 else T.DUTY_OVER_5_YEARS
    for limit, per_cc in table:
        if limit is None or engine_cc <= limit:
            return per_cc * engine_cc
    return None


def russia_estimates(vehicle, *, route: list[str], rates: RateTable, today: dt.date) -> list[dict]:
    """The landed extras of one vehicle whose final destination is Russia (amounts in RUB where a rate
    exists, else EUR), each with its basis, source and date."""
    age = _age_years(vehicle, today)
    new = age < 3
    hp = _hp(vehicle)
    via_eaeu = [country for country in route[:-1] if country in T.EAEU_COUNTRIES]
    out_currency = "RUB" if "RUB" in rates else "EUR"
    coef, why = recycling_coefficient(hp=hp, new=new, via_eaeu=bool(via_eaeu))
    fee_rub = T.RECYCLING_BASE_RUB * coef
    estimates = [{
        "vehicle": vehicle.pk, "kind": "recycling_fee", "estimate": True,
        "amount": _money(fee_rub, "RUB"),
        "basis": f"RUB {T.RECYCLING_BASE_RUB:,} x {coef} ({why}; {'under' if new else 'over'} 3 years)",
        "source": T.RECYCLING_SOURCE, "as_of": T.RECYCLING_AS_OF, "note": NOTE,
    }]
    try:
        value_eur = convert_with(rates, vehicle.price_amount, vehicle.price_currency, "EUR").amount
    except NoRate:
        value_eur = None
    duty_eur = import_duty_eur(value_eur=value_eur, engine_cc=vehicle.engine_cc, age=age) \
        if value_eur is not None else None
    if duty_eur is not None:
        duty = convert_with(rates, duty_eur, "EUR", out_currency).amount
        estimates.append({
            "vehicle": vehicle.pk, "kind": "import_duty", "estimate": True, "amount": _money(duty, out_currency),
            "basis": f"individual import, {age} years, {vehicle.engine_cc} cc, customs value EUR {value_eur:,}",
            "source": T.DUTY_SOURCE, "as_of": T.DUTY_AS_OF, "note": NOTE,
        })
        if via_eaeu:
            estimates.append({
                "vehicle": vehicle.pk, "kind": "eaeu_duty_difference", "estimate": True,
                "amount": _money(duty, out_currency),
                "basis": f"route through {', '.join(via_eaeu)}: on entering Russia, up to the Russian duty less "
                         f"what was paid in {', '.join(via_eaeu)}",
                "source": T.EAEU_SOURCE, "as_of": T.EAEU_AS_OF, "note": NOTE,
            })
    return estimates


def estimates_as_findings(estimates: list[dict]) -> list[dict]:
    """The same estimates as ``info`` findings beside the compliance findings of a quote."""
    labels = {"recycling_fee": "Recycling fee", "import_duty": "Import duty (individual)",
              "eaeu_duty_difference": "EAEU duty difference"}
    return [{
        "vehicle": item["vehicle"], "rule": f"ESTIMATE-RU-{item['kind'].upper().replace('_', '-')}",
        "rule_set": "landed-cost-estimate", "effect": "info",
        "message": f"{NOTE}: {labels[item['kind']]} about {item['amount']['currency']} "
                   f"{Decimal(item['amount']['amount']):,} ({item['basis']}).",
        "citation": {"source": cited(item["source"], item["as_of"]), "url": ""},
    } for item in estimates]
