"""Estimates of what a car costs on landing in Russia beyond the CIF price: the recycling fee (with its power
coefficient), the individual import duty, and the duty difference owed after clearing in another EAEU state.

Estimates only, from the figures in ``brokerage.tariffs`` (each with its source and date); shown as ``info``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from brokerage import tariffs as T
from core.money import NoRate, RateTable, convert_with, round_money
from notifications.messages import message_register, message_render

NOTE = "Estimate, not a customs ruling"

# Why a recycling coefficient applies, and each estimate's basis: stored as a key and parameters (and in English
# in ``basis``, the API's text) so that each reader sees them in their language: messages of the notifications
# registry, registered by ``register_basis_messages`` at start-up.
WHY_PREFIX, BASIS_PREFIX = "brokerage.estimate.why.", "brokerage.estimate.basis."
WHY = {
    "over_hp": _("over %(max_hp)s hp (%(hp)s hp)"),
    "commercial": _("commercial rate (bought in another EAEU state)"),
    "personal": _("personal use, up to %(max_hp)s hp"),
}
BASIS = {
    "recycling_new": _("RUB %(base)s x %(coef)s (%(why)s; under 3 years)"),
    "recycling_old": _("RUB %(base)s x %(coef)s (%(why)s; over 3 years)"),
    "import_duty": _("individual import, %(age)s years, %(cc)s cc, customs value EUR %(value)s"),
    "eaeu": _("route through %(via)s: on entering Russia, up to the Russian duty less what was paid in %(via)s"),
}


def register_basis_messages() -> None:
    for key, text in WHY.items():
        message_register(WHY_PREFIX + key, title=text)
    for key, text in BASIS.items():
        message_register(BASIS_PREFIX + key, title=text)


def basis_text(estimate: dict) -> str:
    """An estimate's basis in the active language (an estimate saved before keys: its English text)."""
    key, params = estimate.get("basis_key"), dict(estimate.get("basis_params") or {})
    if not key:
        return estimate.get("basis", "")
    if params.get("why_key"):
        params["why"] = message_render(WHY_PREFIX + params["why_key"], params)
    return message_render(BASIS_PREFIX + key, params, fallback=estimate.get("basis", ""))


def _with_basis(estimate: dict, key: str, params: dict) -> dict:
    estimate.update(basis_key=key, basis_params=params)
    with translation.override("en"):
        estimate["basis"] = basis_text(estimate)
    return estimate


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
    """The coefficient and why it applies (a key of ``WHY``)."""
    if hp is not None and hp > T.RECYCLING_PERSONAL_MAX_HP:
        for limit, new_coef, old_coef in T.RECYCLING_BY_POWER:
            if limit is None or hp <= limit:
                return (new_coef if new else old_coef), "over_hp"
    if via_eaeu:
        return T.RECYCLING_COMMERCIAL_UP_TO_160["new" if new else "old"], "commercial"
    return T.RECYCLING_PERSONAL["new" if new else "old"], "personal"


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
    estimates = [_with_basis({
        "vehicle": vehicle.pk, "kind": "recycling_fee", "estimate": True,
        "amount": _money(fee_rub, "RUB"),
        "source": T.RECYCLING_SOURCE, "as_of": T.RECYCLING_AS_OF, "note": NOTE,
    }, "recycling_new" if new else "recycling_old", {
        "base": f"{T.RECYCLING_BASE_RUB:,}", "coef": str(coef), "why_key": why,
        "max_hp": str(T.RECYCLING_PERSONAL_MAX_HP), "hp": str(hp) if hp is not None else ""})]
    try:
        value_eur = convert_with(rates, vehicle.price_amount, vehicle.price_currency, "EUR").amount
    except NoRate:
        value_eur = None
    duty_eur = import_duty_eur(value_eur=value_eur, engine_cc=vehicle.engine_cc, age=age) \
        if value_eur is not None else None
    if duty_eur is not None:
        duty = convert_with(rates, duty_eur, "EUR", out_currency).amount
        estimates.append(_with_basis({
            "vehicle": vehicle.pk, "kind": "import_duty", "estimate": True, "amount": _money(duty, out_currency),
            "source": T.DUTY_SOURCE, "as_of": T.DUTY_AS_OF, "note": NOTE,
        }, "import_duty", {"age": age, "cc": vehicle.engine_cc, "value": f"{value_eur:,}"}))
        if via_eaeu:
            estimates.append(_with_basis({
                "vehicle": vehicle.pk, "kind": "eaeu_duty_difference", "estimate": True,
                "amount": _money(duty, out_currency),
                "source": T.EAEU_SOURCE, "as_of": T.EAEU_AS_OF, "note": NOTE,
            }, "eaeu", {"via": ", ".join(via_eaeu)}))
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
