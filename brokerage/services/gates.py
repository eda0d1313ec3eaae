"""The gates an order passes before it moves on: compliance of each vehicle for the order's route, the sale's
own review (house policy, decided once per order by an officer), and the buyer's party screening."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from brokerage.models import Order, ReviewState
from brokerage.services.cache import rules_and_rates
from compliance.choices import VEHICLE_SCOPE
from compliance.models import VehicleDecision
from compliance.selectors import party_gate
from compliance.services.checks import evaluate_facts, facts_for_vehicle


def _label(finding: dict) -> str:
    source = (finding.get("citation") or {}).get("source") or ""
    label = f"{finding.get('stock_no') or finding.get('vehicle')}: {finding['rule']}"
    return f"{label} ({source})" if source else label


def vehicles_blocked(findings: list[dict]) -> list[str]:
    """``stock no: RULE (citation)`` for every blocking finding."""
    return [_label(item) for item in findings if item.get("effect") == "block"]


def sale_review_findings(priced) -> list[dict]:
    """The sale-scope findings of a new order that an officer must review (effect ``review``) or that the
    contract must carry (``require``); empty when the sale needs no review."""
    sale = [item for item in priced.findings if item.get("rule_set") in priced.sale_rule_sets
            and item.get("effect") in ("review", "require")]
    return sale if any(item["effect"] == "review" for item in sale) else []


def vehicle_reasons(order: Order, vehicles) -> list[str]:
    """Vehicle-scope compliance now, for the order's route: a block, or a review no officer has approved."""
    today = timezone.localdate()
    rules, rates = rules_and_rates(today, VEHICLE_SCOPE)
    destination = order.route[-1] if order.route else order.destination_port.country
    reasons = []
    approved = {vehicle_id: fingerprint for vehicle_id, fingerprint in VehicleDecision.objects.filter(
        vehicle_id__in=[v.pk for v in vehicles], destination=destination, review__outcome="approve",
    ).values_list("vehicle_id", "review__findings_fingerprint")}
    for vehicle in vehicles:
        facts = facts_for_vehicle(vehicle, destination=destination, route=order.route or None, as_of=today)
        decision = evaluate_facts(facts, rules=rules, rates=rates)
        if decision.decision == "blocked":
            rules_hit = ", ".join(f["rule"] for f in decision.findings if f["effect"] == "block")
            reasons.append(_("%(stock_no)s is blocked for %(country)s (%(rules)s)")
                           % {"stock_no": vehicle.stock_no, "country": destination, "rules": rules_hit})
        elif decision.decision == "review" and approved.get(vehicle.pk) != decision.findings_fingerprint:
            reasons.append(_("%(stock_no)s awaits a compliance officer's review for %(country)s")
                           % {"stock_no": vehicle.stock_no, "country": destination})
    return reasons


def order_gate_reasons(order: Order, vehicles) -> list[str]:
    """Why ``order`` may not move on now (empty: it may)."""
    reasons = vehicle_reasons(order, vehicles)
    if order.review_state == ReviewState.PENDING:
        reasons.append(_("the sale awaits a compliance officer's review (house policy)"))
    elif order.review_state == ReviewState.REJECTED:
        reasons.append(_("the compliance officer refused this sale"))
    gate = party_gate(buyer=order.buyer)
    if not gate.passed:
        reasons.extend(gate.reasons or [_("the buyer's screening has not passed")])
    return reasons
