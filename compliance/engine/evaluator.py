"""The one evaluator: immutable facts + rule versions -> a decision with findings. No ORM inside.

Logic is three-valued: a predicate on a missing fact is false, but a money predicate whose value
cannot be converted (no stored rate for the check date) is *unknown*; ``all``/``any``/``not``
combine unknowns like SQL does (Kleene logic). A rule whose condition ends unknown gives a
``review`` finding "no exchange rate" instead of a silent pass. The SQL compiler mirrors this.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.money import NoRate, Rate, convert_with

from .conditions import All, Any, Not, Pred, parse, uses_money
from .facts import Facts, fact_value

BLOCK, REVIEW, REQUIRE, INFO = "block", "review", "require", "info"
CLEAR, REVIEW_DECISION, BLOCKED = "clear", "review", "blocked"


@dataclass(frozen=True)
class RuleSpec:
    """One rule version with its rule set's scope, as plain data."""

    id: int  # the RuleVersion primary key
    code: str
    version: int
    rule_set: str
    rule_set_kind: str
    origins: frozenset[str]  # empty: any origin
    destinations: frozenset[str]  # empty: any final destination
    condition: dict = field(compare=False, hash=False)
    effect: str = INFO
    message: str = ""
    requirement: str = ""
    citation_source: str = ""
    citation_url: str = ""
    confidence: str = "S"
    effective_from: dt.date = dt.date(2000, 1, 1)
    effective_to: dt.date | None = None
    currency: str = ""
    active: bool = True
    scope: str = "vehicle"  # "vehicle" or "sale" (compliance.choices.SCOPES)

    def __post_init__(self):
        tree = parse(self.condition)
        object.__setattr__(self, "tree", tree)
        object.__setattr__(self, "uses_money", uses_money(tree))
        object.__setattr__(self, "predicate", _compile(tree, self.currency))

    @property
    def token(self) -> str:
        return f"{self.code}@{self.version}"

    def in_force(self, on: dt.date) -> bool:
        return self.active and self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def applies(self, origin: str, final_destination: str, on: dt.date) -> bool:
        return (self.in_force(on) and (not self.origins or origin in self.origins)
                and (not self.destinations or final_destination in self.destinations))


@dataclass(frozen=True)
class Decision:
    decision: str
    findings: tuple[dict, ...]
    requirements: tuple[str, ...]
    as_of: dt.date
    rules_version: str  # fingerprint of every rule version considered
    findings_fingerprint: str  # fingerprint of the rule versions that fired (what a review approves)

    def as_json(self) -> dict:
        return {"decision": self.decision, "findings": list(self.findings), "requirements": list(self.requirements),
                "as_of": self.as_of.isoformat(), "rules_version": self.rules_version}


def fingerprint(tokens: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(tokens)).encode()).hexdigest()


def applicable(rules: Iterable[RuleSpec], origin: str, final_destination: str, on: dt.date) -> list[RuleSpec]:
    return [rule for rule in rules if rule.applies(origin, final_destination, on)]


def evaluate(facts: Facts, rules: Sequence[RuleSpec], rates: Mapping[str, Rate]) -> Decision:
    """Decide one vehicle and transaction against the rule versions (those not in scope are skipped)."""
    considered = applicable(rules, facts.origin, facts.final_destination, facts.as_of)
    money = _Money(facts, rates)
    fired: list[tuple[RuleSpec, bool]] = []
    notes: dict[int, dict] = {}
    for rule in considered:
        result = rule.predicate(facts, money)
        if result is False:
            continue
        fired.append((rule, result is None))
        if rule.uses_money:
            notes[rule.id] = money.note(rule.currency)
    return decide(fired, considered, facts.as_of, notes)


def condition_result(rule: RuleSpec, facts: Facts, rates: Mapping[str, Rate]) -> bool | None:
    """True, False or None (unknown: no exchange rate) for one rule's condition."""
    return rule.predicate(facts, _Money(facts, rates))


def decide(fired: Sequence[tuple[RuleSpec, bool]], considered: Iterable[RuleSpec], as_of: dt.date,
           notes: Mapping[int, dict] | None = None) -> Decision:
    """Findings and the decision from the rules that fired (``unknown`` = no exchange rate)."""
    notes = notes or {}
    findings = [finding(rule, unknown, notes.get(rule.id)) for rule, unknown in
                sorted(fired, key=lambda item: (_EFFECT_ORDER[item[0].effect], item[0].code))]
    effects = {item["effect"] for item in findings}
    decision = BLOCKED if BLOCK in effects else REVIEW_DECISION if REVIEW in effects else CLEAR
    requirements = tuple(dict.fromkeys(item["requirement"] for item in findings if item["effect"] == REQUIRE))
    tokens = [rule.token + ("?" if unknown else "") for rule, unknown in fired]
    return Decision(decision, tuple(findings), requirements, as_of,
                    fingerprint(rule.token for rule in considered), fingerprint(tokens))


_EFFECT_ORDER = {BLOCK: 0, REVIEW: 1, REQUIRE: 2, INFO: 3}


def finding(rule: RuleSpec, unknown: bool, money_note: dict | None) -> dict:
    item = {
        "rule": rule.code, "rule_version": rule.version, "rule_set": rule.rule_set,
        "effect": REVIEW if unknown else rule.effect, "message": rule.message,
        "citation": {"source": rule.citation_source, "url": rule.citation_url},
        "confidence": rule.confidence,
    }
    if unknown:
        reason = (money_note or {}).get("error") or "no customs value"
        item["message"] = f"No exchange rate: {reason}. The rule could not be checked; an officer must review it."
        item["code"] = "no_exchange_rate"
    if rule.effect == REQUIRE and not unknown:
        item["requirement"] = rule.requirement
    if money_note:
        item["customs_value"] = money_note
    return item


class _Money:
    """Customs value in a rule's currency, converted once per currency, remembering the rate used."""

    __slots__ = ("facts", "rates", "cache")

    def __init__(self, facts: Facts, rates: Mapping[str, Rate]):
        self.facts, self.rates, self.cache = facts, rates, {}

    def value(self, currency: str) -> Decimal | None:
        return self._convert(currency)[0]

    def note(self, currency: str) -> dict:
        return self._convert(currency)[1]

    def _convert(self, currency: str):
        if currency not in self.cache:
            self.cache[currency] = self._do_convert(currency)
        return self.cache[currency]

    def _do_convert(self, currency: str):
        amount, source = self.facts.customs_value, self.facts.customs_currency
        if amount is None:
            return None, {"error": "no customs value"}
        try:
            converted = convert_with(self.rates, amount, source, currency, self.facts.as_of)
        except NoRate as exc:
            return None, {"error": f"{exc.currency} on or before {self.facts.as_of.isoformat()}",
                          "amount": f"{amount:f}", "currency": source}
        return converted.amount, {
            "amount": f"{amount:f}", "currency": source, "converted": f"{converted.amount:f}", "in": currency,
            "rate": converted.rate_note,
            "rate_date": converted.rate_date.isoformat() if converted.rate_date else None,
        }


# --- compiling the condition tree to Python closures (fast: >5,000 checks/s) ---------------------

Predicate = Callable[[Facts, _Money], "bool | None"]


def _compile(node, currency: str) -> Predicate:
    if isinstance(node, All):
        parts = [_compile(child, currency) for child in node.children]

        def all_(facts, money):
            unknown = False
            for part in parts:
                result = part(facts, money)
                if result is False:
                    return False
                if result is None:
                    unknown = True
            return None if unknown else True
        return all_
    if isinstance(node, Any):
        parts = [_compile(child, currency) for child in node.children]

        def any_(facts, money):
            unknown = False
            for part in parts:
                result = part(facts, money)
                if result is True:
                    return True
                if result is None:
                    unknown = True
            return None if unknown else False
        return any_
    if isinstance(node, Not):
        inner = _compile(node.child, currency)

        def not_(facts, money):
            result = inner(facts, money)
            return None if result is None else not result
        return not_
    return _compile_predicate(node, currency)


def _compile_predicate(pred: Pred, currency: str) -> Predicate:
    test = compare(pred.op, pred.value)
    if pred.kind == "money":
        if pred.op == "is_null":
            return lambda facts, money: test(facts.customs_value)

        def money_pred(facts, money):
            value = money.value(currency)
            return None if value is None else test(value)
        return money_pred
    name = pred.fact
    return lambda facts, money: test(fact_value(facts, name))


def compare(op: str, expected) -> Callable[[object], bool]:
    """A plain comparison: a missing value never matches (except is_null)."""
    if op == "is_null":
        return lambda value: (value is None) is expected
    if op == "route_contains":
        wanted = set(expected)
        return lambda value: value is not None and any(country in wanted for country in value)
    if op in ("in", "not_in"):
        members = set(expected)
        if op == "in":
            return lambda value: value is not None and value in members
        return lambda value: value is not None and value not in members
    if op == "between":
        low, high = expected
        return lambda value: value is not None and low <= value <= high
    operator = _OPERATORS[op]
    return lambda value: value is not None and operator(value, expected)


_OPERATORS = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
}
