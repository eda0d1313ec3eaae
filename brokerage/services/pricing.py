"""Pricing a set of vehicles to a destination port: FOB, CFR or CIF, in the buyer's currency.

Each vehicle's line: its price, inland transport from the yard to its port, freight by the vehicle's m³
(RoRo) or per unit (container, road), insurance as a percentage of the C&F value (CIF only) and the broker's
fee, each converted at one rate table (the latest stored rates) and rounded for the currency; the total is the
sum of the rounded components. Compliance findings for the destination and route come beside the price.
Used by quotes (saved) and orders (priced again under the vehicle locks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import BuyerCompany
from brokerage.models import FreightMode, FreightRate, Quote, Terms
from brokerage.services.cache import place, rules_and_rates
from brokerage.services.landed import estimates_as_findings, russia_estimates
from compliance.choices import SALE_SCOPE
from compliance.engine.evaluator import RuleSpec
from compliance.services.checks import evaluate_facts, facts_for_vehicle
from core.codes import is_country, is_currency
from core.errors import ApplicationError
from core.models import Location
from core.money import EUR, NoRate, Rate, RateTable, convert_with, round_money
from core.rates import current_currencies, default_currency
from inventory.models import Vehicle
from inventory.models.vehicles import in_catalog_q

MODE_PREFERENCE = (FreightMode.RORO, FreightMode.CONTAINER, FreightMode.ROAD)


@dataclass(frozen=True)
class QuoteRequest:
    buyer: BuyerCompany
    vehicle_ids: list[int]
    destination_port: str
    terms: str
    currency: str | None = None
    route: list[str] | None = None
    quote_id: int | None = None


@dataclass
class PricedLine:
    vehicle: Vehicle
    price: Decimal
    inland: Decimal
    freight: Decimal
    insurance: Decimal
    fee: Decimal
    basis: dict

    @property
    def total(self) -> Decimal:
        return self.price + self.inland + self.freight + self.insurance + self.fee


@dataclass
class Priced:
    port: Location
    terms: str
    currency: str
    route: list[str]
    lines: list[PricedLine]
    rates: dict[str, Rate]
    findings: list[dict]
    sale_rule_sets: frozenset[str]
    estimates: list[dict] = field(default_factory=list)
    quote_id: int | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    def rates_json(self) -> list[dict]:
        return [{"from": "EUR", "to": code, "rate": f"{rate.units_per_eur.normalize():f}",
                 "date": rate.date.isoformat() if rate.date else None, "source": rate.source}
                for code, rate in sorted(self.rates.items()) if code != EUR]


def _port(code: str) -> Location:
    port = place((code or "").strip().upper())
    if port is None:
        raise ApplicationError(_("Unknown port %(port)s (a UN/LOCODE such as RUVVO).") % {"port": code},
                               field="destination_port", code="unknown_port")
    return port


def _route(route: list[str] | None, port: Location) -> list[str]:
    if not route:
        return [port.country]
    route = [str(country).strip().upper() for country in route]
    bad = [country for country in route if not is_country(country)]
    if bad:
        raise ApplicationError(_("Not ISO country codes: %(codes)s.") % {"codes": ", ".join(bad)}, field="route")
    if port.country not in route:
        raise ApplicationError(_("The route must pass the port's country (%(country)s).") % {"country": port.country},
                               field="route", code="route_misses_port")
    return route


def freight_rates(origins: set[str], port: Location, on: dt.date) -> dict[str, FreightRate]:
    """The rate in force ``on`` from each origin to ``port``, the preferred mode first (one query)."""
    rows = (FreightRate.objects.filter(origin_id__in=origins, destination=port, valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)).order_by("origin_id", "-valid_from"))
    best: dict[str, FreightRate] = {}
    for rate in rows:
        current = best.get(rate.origin_id)
        if current is None or MODE_PREFERENCE.index(rate.mode) < MODE_PREFERENCE.index(current.mode):
            best[rate.origin_id] = rate
    return best


def _money(table: RateTable, amount: Decimal, currency: str, to: str, used: dict[str, Rate]) -> Decimal:
    converted = convert_with(table, amount, currency, to)
    for rate in converted.rates:
        used[rate.currency] = rate
    return round_money(converted.amount, to)


def _inland(country: str) -> tuple[Decimal, str]:
    raw = settings.INLAND_TRANSPORT.get(country, "0 USD")
    amount, _sep, currency = str(raw).partition(" ")
    return Decimal(amount), (currency or "USD").upper()


def _vehicles(ids: list[int]) -> list[Vehicle]:
    vehicles = list(Vehicle.objects.filter(in_catalog_q(), pk__in=ids).select_related("yard", "yard__nearest_port")
                    .order_by("pk"))
    missing = set(ids) - {v.pk for v in vehicles}
    if missing:
        raise ApplicationError(_("Unknown vehicles: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))},
                               field="vehicle_ids", code="unknown_vehicle", status=404)
    return vehicles


def _findings(vehicles: list[Vehicle], *, destination: str, route: list[str], rules: list[RuleSpec],
              rates: RateTable, today: dt.date) -> list[dict]:
    out = []
    for vehicle in vehicles:
        facts = facts_for_vehicle(vehicle, destination=destination, route=route, as_of=today)
        decision = evaluate_facts(facts, rules=rules, rates=rates)
        for item in decision.findings:
            out.append({"vehicle": vehicle.pk, "stock_no": vehicle.stock_no, **item})
    return out


def _line(vehicle: Vehicle, *, terms: str, currency: str, port: Location, table: RateTable,
          freights: dict[str, FreightRate], fee: Decimal, used: dict[str, Rate]) -> PricedLine:
    """One vehicle's priced line; a 400 naming the port when its yard has no freight rate there."""
    price = _money(table, vehicle.price_amount, vehicle.price_currency, currency, used)
    inland_amount, inland_currency = _inland(vehicle.yard.country)
    inland = _money(table, inland_amount, inland_currency, currency, used)
    basis: dict = {"origin": vehicle.yard.nearest_port_id or "", "terms": terms}
    freight = insurance = Decimal(0)
    if terms != Terms.FOB:
        rate = freights.get(vehicle.yard.nearest_port_id)
        if rate is None:
            raise ApplicationError(
                _("No freight rate to %(port)s from %(origin)s: ask us for a quote, or choose another port.")
                % {"port": port.code, "origin": vehicle.yard.nearest_port_id or vehicle.yard.city},
                field="destination_port", code="no_freight_rate")
        units = vehicle.volume_m3 if rate.per_m3 else Decimal(1)
        if units is None:
            raise ApplicationError(
                _("Vehicle %(stock_no)s has no dimensions, so RoRo freight cannot be priced.")
                % {"stock_no": vehicle.stock_no}, field="vehicle_ids", code="no_dimensions")
        freight = _money(table, rate.amount * units, rate.currency, currency, used)
        basis.update(mode=rate.mode, rate={"amount": str(rate.amount), "currency": rate.currency},
                     units=str(units), unit="m3" if rate.per_m3 else "unit", freight_rate=rate.pk)
        if terms == Terms.CIF:
            insurance = round_money((price + inland + freight) * rate.insurance_rate / 100, currency)
            basis["insurance_rate"] = str(rate.insurance_rate)
    return PricedLine(vehicle, price, inland, freight, insurance, fee, basis)


def totals_to_port(vehicles: list[Vehicle], *, port_code: str, currency: str, terms: str = Terms.CIF,
                   today: dt.date | None = None) -> dict[int, Decimal | None]:
    """What each vehicle costs delivered to ``port_code`` (the catalog's "total to your port"), in
    ``currency``, priced exactly as a quote prices it; None where it cannot be priced (no freight from the
    vehicle's port, no dimensions for RoRo, no rate). One query for the freight rates of the whole page.
    """
    port = place((port_code or "").strip().upper())
    if port is None or not vehicles:
        return {}
    today = today or timezone.localdate()
    _rules, table = rules_and_rates(today)
    origins = {v.yard.nearest_port_id for v in vehicles if v.yard.nearest_port_id}
    freights = freight_rates(origins, port, today) if terms != Terms.FOB else {}
    used: dict[str, Rate] = {}
    try:
        fee = _money(table, settings.BROKER_FEE, settings.BROKER_FEE_CURRENCY, currency, used)
    except NoRate:
        return {}
    totals: dict[int, Decimal | None] = {}
    for vehicle in vehicles:
        try:
            totals[vehicle.pk] = _line(vehicle, terms=terms, currency=currency, port=port, table=table,
                                       freights=freights, fee=fee, used=used).total
        except (ApplicationError, NoRate):
            totals[vehicle.pk] = None
    return totals


def price_request(request: QuoteRequest, *, vehicles: list[Vehicle] | None = None,
                  today: dt.date | None = None) -> Priced:
    """Price every vehicle of ``request`` (400 naming the port when a yard has no freight rate to it)."""
    if request.terms not in Terms.values:
        raise ApplicationError(_("Terms are FOB, CFR or CIF."), field="terms")
    today = today or timezone.localdate()
    port = _port(request.destination_port)
    route = _route(request.route, port)
    rules, table = rules_and_rates(today)
    currency = (request.currency or "").strip().upper() or default_currency(
        request.buyer.country, current_currencies(today, table))
    if not is_currency(currency) or currency not in table:
        raise ApplicationError(_("No current exchange rate for %(currency)s.") % {"currency": currency},
                               field="currency", code="no_exchange_rate")
    if vehicles is None:
        vehicles = _vehicles(sorted(set(request.vehicle_ids)))
    else:
        missing = set(request.vehicle_ids) - {v.pk for v in vehicles}
        if missing:
            raise ApplicationError(_("Unknown vehicles: %(ids)s.") % {"ids": ", ".join(map(str, sorted(missing)))},
                                   field="vehicle_ids", code="unknown_vehicle", status=404)
    origins = {v.yard.nearest_port_id for v in vehicles if v.yard.nearest_port_id}
    freights = freight_rates(origins, port, today) if request.terms != Terms.FOB else {}
    used: dict[str, Rate] = {}
    if currency != EUR:
        used[currency] = table[currency]
    lines = []
    try:
        fee = _money(table, settings.BROKER_FEE, settings.BROKER_FEE_CURRENCY, currency, used)
        lines = [_line(vehicle, terms=request.terms, currency=currency, port=port, table=table, freights=freights,
                       fee=fee, used=used) for vehicle in vehicles]
    except NoRate as exc:
        raise ApplicationError(_("No exchange rate for %(currency)s.") % {"currency": exc.currency},
                               field="currency", code="no_exchange_rate") from None
    sale_sets = frozenset(spec.rule_set for spec in rules if spec.scope == SALE_SCOPE)
    findings = _findings(vehicles, destination=route[-1], route=route, rules=rules, rates=table, today=today)
    estimates: list[dict] = []
    if route[-1] == "RU":
        for vehicle in vehicles:
            estimates.extend(russia_estimates(vehicle, route=route, rates=table, today=today))
        findings.extend(estimates_as_findings(estimates))
    return Priced(port=port, terms=request.terms, currency=currency, route=route, lines=lines, rates=used,
                  findings=findings, sale_rule_sets=sale_sets, estimates=estimates, quote_id=_quote_id(request))


def _quote_id(request: QuoteRequest) -> int | None:
    if not request.quote_id:
        return None
    return Quote.objects.filter(pk=request.quote_id, buyer=request.buyer).values_list("pk", flat=True).first()
