"""The shipping papers of an order booked on a shipment: commercial invoice, packing list and compliance
certificate (registered with ``documents.registry`` in ``ShipmentsConfig.ready``; owner: the order)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from brokerage.models import Order
from brokerage.papers import order_common
from documents import registry
from shipments.models import Mode, Shipment

PACKAGES = {
    Mode.RORO: "1 unit, RoRo, unpacked",
    Mode.CONTAINER: "1 unit, in container",
    Mode.ROAD: "1 unit, on car carrier",
    Mode.RAIL: "1 unit, by rail",
    Mode.SELF_DRIVE: "1 unit, self-driven",
}
DECISION_ORDER = {"clear": 0, "review": 1, "blocked": 2}


def _shipment(order: Order) -> Shipment | None:
    return (Shipment.objects.filter(orders=order).prefetch_related("legs__origin", "legs__destination",
                                                                    "legs__voyage__vessel").first())


def shipping_context(order: Order) -> dict:
    """The order's common data, then where and how it sails: ports from the legs, the vessel and voyage."""
    data = order_common(order)
    shipment = _shipment(order)
    if shipment is None:
        return data
    legs = list(shipment.legs.all())
    first, last = legs[0], legs[-1]
    data.update({"shipment_number": shipment.number, "bl_number": shipment.bl_number,
                 "port_of_loading": f"{first.origin.name} ({first.origin.code})",
                 "port_of_discharge": f"{last.destination.name} ({last.destination.code})"})
    voyage_leg = next((leg for leg in legs if leg.voyage_id), None)
    if voyage_leg:
        data.update({"vessel": voyage_leg.voyage.vessel.name, "voyage": voyage_leg.voyage.number})
    packages = PACKAGES.get(first.mode, "1 unit")
    for line in data["lines"]:
        line["packages"] = packages
        if first.container_no:
            line["packages"] = f"{packages} {first.container_no}" + (f" / {first.seal_no}" if first.seal_no else "")
    return data


def commercial_invoice_context(order: Order) -> dict:
    data = shipping_context(order)
    data["declaration"] = _("We certify that this invoice is true and correct and that the goods are of the "
                            "origin shown.")
    return data


def packing_list_context(order: Order) -> dict:
    return shipping_context(order)


def _citation(finding: dict) -> str:
    citation = finding.get("citation") or {}
    if isinstance(citation, dict):
        return " · ".join(part for part in (citation.get("source", ""), citation.get("url", "")) if part)
    return str(citation)


def compliance_certificate_context(order: Order) -> dict:
    """Each vehicle's latest route check (booking, or the re-check before departure): decision, findings with
    citations, the rule versions considered, and the exchange rates the order and the checks used."""
    data = shipping_context(order)
    shipment = _shipment(order)
    checks = {item["vehicle"]: item for item in (shipment.checks if shipment else [])}
    vehicles = {line.vehicle.stock_no: line.vehicle_id for line in order.lines.select_related("vehicle")}
    findings, decisions, versions, as_of = [], [], set(), None
    rates = list(data.get("rates", []))
    for line in data["lines"]:
        check = checks.get(vehicles.get(line["stock_no"]))
        if not check:
            continue
        line["decision"] = check["decision"]
        decisions.append(check["decision"])
        versions.add(check["rules_version"][:12])
        as_of = as_of or dt.date.fromisoformat(check["as_of"])
        for finding in check["findings"]:
            findings.append({"vehicle": line["chassis_no"] or line["stock_no"],
                             "rule": f"{finding['rule']} v{finding.get('rule_version', '')}".strip(" v"),
                             "effect": finding.get("effect", ""), "message": finding.get("message", ""),
                             "citation": _citation(finding), "decision": check["decision"]})
            note = finding.get("customs_value") or {}
            if note.get("rate"):
                rates.append({"from": note.get("from", ""), "to": note.get("to", ""), "rate": str(note["rate"]),
                              "date": note.get("date", ""), "source": note.get("source", "")})
    if shipment:
        data.update({"destination": shipment.route[-1] if shipment.route else "",
                     "route": " → ".join([shipment.origin, *shipment.route])})
    data.update({"decision": max(decisions, key=DECISION_ORDER.get) if decisions else "clear",
                 "findings": findings, "rules_version": ", ".join(sorted(versions)), "rates": rates})
    if as_of:
        data["as_of"] = as_of
    return data


def register_papers() -> None:
    for kind, builder in (("commercial_invoice", commercial_invoice_context), ("packing_list", packing_list_context),
                          ("compliance_certificate", compliance_certificate_context)):
        registry.register(kind, series=registry.KINDS[kind], template=f"papers/{kind}.html", context=builder,
                          title=registry.TITLES[kind])
