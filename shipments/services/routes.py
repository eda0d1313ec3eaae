"""The route a shipment's legs make, and each vehicle's compliance for it (at booking, again before departure).

The countries are read from the legs' UN/LOCODE places, in order, final country last (``compliance``'s
``route``); each vehicle is checked by the compliance engine for that route and the check is recorded.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from compliance.selectors import party_gate
from compliance.services.checks import vehicle_check
from core.errors import ApplicationError


def legs_route(legs) -> tuple[str, list[str]]:
    """(origin country, countries after it in order, final last) for legs with ``origin``/``destination``
    Locations. A shipment that never leaves its country has that country as its route."""
    origin = legs[0].origin.country
    route: list[str] = []
    for leg in legs:
        for country in (leg.origin.country, leg.destination.country):
            if country != (route[-1] if route else origin):
                route.append(country)
    return origin, route or [origin]


def _citation(finding: dict) -> str:
    citation = finding.get("citation") or {}
    return citation.get("source", "") if isinstance(citation, dict) else str(citation)


def route_checks(vehicles, *, route: list[str], by=None) -> list[dict]:
    """Check every vehicle for ``route`` (recorded as compliance checks). Returns one entry per vehicle:
    ``{"vehicle", "stock_no", "chassis_no", "check", "decision", "findings", "rules_version", "as_of"}``."""
    results = []
    for vehicle in vehicles:
        check = vehicle_check(vehicle=vehicle, destination=route[-1], route=route, user=by)
        results.append({"vehicle": vehicle.pk, "stock_no": vehicle.stock_no, "chassis_no": vehicle.chassis_no,
                        "check": check.pk, "origin": check.origin, "route": list(check.route),
                        "decision": check.decision, "findings": list(check.findings),
                        "rules_version": check.rules_fingerprint, "as_of": check.as_of.isoformat()})
    return results


def route_blocks(results: list[dict]) -> list[str]:
    """``stock no: RULE: message (citation)`` for every blocking finding."""
    lines = []
    for result in results:
        for finding in result["findings"]:
            if finding.get("effect") == "block":
                citation = _citation(finding)
                line = f"{result['stock_no']}: {finding['rule']}: {finding.get('message', '')}"
                lines.append(f"{line} ({citation})" if citation else line)
    return lines


def route_refuse_blocked(results: list[dict], *, origin: str, route: list[str]) -> None:
    blocks = route_blocks(results)
    if blocks:
        route_text = " → ".join([origin, *route])
        raise ApplicationError(
            _("Blocked for the route %(route)s: %(rules)s") % {"route": route_text, "rules": "; ".join(blocks)},
            code="route_blocked",
            errors={"route": [_("Blocked for the route %(route)s.") % {"route": route_text}], "findings": blocks})


def parties_refuse(orders) -> None:
    """Every order's buyer must pass the party screening (``compliance.selectors.party_gate``)."""
    reasons = []
    for order in orders:
        gate = party_gate(buyer=order.buyer)
        if not gate.passed:
            reasons.extend(f"{order.number}: {reason}" for reason in
                           (gate.reasons or [_("the buyer's screening has not passed")]))
    if reasons:
        raise ApplicationError(_("The parties do not pass screening: %(reasons)s") % {"reasons": "; ".join(reasons)},
                               code="party_gate", errors={"parties": reasons})
