"""Reads: rule versions as engine specs, the latest decisions (for the catalog), queues and runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Yard
from accounts.permissions import yard_scoped
from compliance.engine.evaluator import RuleSpec
from compliance.models import (
    ComplianceCheck,
    DecisionChoice,
    OfficerReview,
    RescreenRun,
    Rule,
    RuleSet,
    RuleVersion,
    UpcomingDecision,
    VehicleDecision,
)
from inventory.models import Vehicle


def latest_versions(scope: str | None = None) -> QuerySet[RuleVersion]:
    """The newest version of every rule (one query, DISTINCT ON); of one scope's rule sets if given."""
    queryset = RuleVersion.objects.select_related("rule", "rule__rule_set")
    if scope:
        queryset = queryset.filter(rule__rule_set__scope=scope)
    return queryset.order_by("rule_id", "-version").distinct("rule_id")


def spec_from_version(version: RuleVersion) -> RuleSpec:
    """A version as the engine's plain data (an unsaved version works too: its rule and set are read as set)."""
    rule_set = version.rule.rule_set
    return RuleSpec(
        id=version.pk, code=version.rule.code, version=version.version, rule_set=rule_set.code,
        rule_set_kind=rule_set.kind, origins=frozenset(rule_set.origin_countries),
        destinations=frozenset(version.destinations), condition=version.condition, effect=version.effect,
        message=version.message, requirement=version.requirement, citation_source=version.citation_source,
        citation_url=version.citation_url, confidence=version.confidence, effective_from=version.effective_from,
        effective_to=version.effective_to, currency=version.currency, active=rule_set.active,
        scope=rule_set.scope,
    )


def rule_specs(scope: str | None = None) -> list[RuleSpec]:
    """Every rule's newest version as plain data for the engine (the engine checks dates and countries).

    ``scope="vehicle"`` for what judges the car alone (vehicle checks, re-screens, the catalog);
    ``None`` for a whole transaction (evaluate, orders)."""
    return [spec_from_version(version) for version in latest_versions(scope)]


def rules_in_force_count(on: dt.date | None = None) -> int:
    on = on or dt.date.today()
    return sum(1 for spec in rule_specs() if spec.in_force(on))


def rules_with_status(on: dt.date | None = None) -> list[tuple[RuleVersion, bool]]:
    """Every rule's newest version, by rule set and code, with whether it is in force ``on`` (default today)."""
    on = on or timezone.localdate()
    versions = sorted(latest_versions(), key=lambda version: (version.rule.rule_set.code, version.rule.code))
    return [(version, spec_from_version(version).in_force(on)) for version in versions]


def rule_by_code(code: str, *, queryset: QuerySet[Rule] | None = None) -> Rule | None:
    """The rule with this code, or None (a code PostgreSQL cannot hold, with NUL, names no rule)."""
    if "\x00" in code:
        return None
    queryset = Rule.objects.select_related("rule_set") if queryset is None else queryset
    return queryset.filter(code=code).first()


def rule_versions(rule: Rule) -> list[RuleVersion]:
    """A rule's versions, newest first."""
    return list(rule.versions.select_related("created_by").order_by("-version"))


def yard_countries(origins=None) -> list[str]:
    """Countries of the yards holding stock (optionally only the given ones), sorted."""
    countries = Yard.objects.order_by("country").values_list("country", flat=True).distinct()
    return [country for country in countries if not origins or country in origins]


def latest_decisions(vehicle_ids) -> dict[int, dict[str, str]]:
    """``{vehicle_id: {country: decision}}`` from the latest checks, in one query."""
    ids = list(vehicle_ids)
    result: dict[int, dict[str, str]] = defaultdict(dict)
    if not ids:
        return {}
    rows = (VehicleDecision.objects.filter(vehicle_id__in=ids).order_by("vehicle_id", "destination")
            .values_list("vehicle_id", "destination", "decision"))
    for vehicle_id, destination, decision in rows:
        result[vehicle_id][destination] = decision
    return dict(result)


class Upcoming(NamedTuple):
    """A decision that a rule starting or ending on ``effective_on`` will bring."""

    decision: str
    effective_on: dt.date


def upcoming_decisions(vehicle_ids, *, today: dt.date | None = None) -> dict[int, dict[str, Upcoming]]:
    """``{vehicle_id: {country: (decision, date)}}``: the nearest coming change per destination, in one
    query. Dates already past are never returned (that day's re-screen has decided)."""
    ids = list(vehicle_ids)
    if not ids:
        return {}
    result: dict[int, dict[str, Upcoming]] = defaultdict(dict)
    rows = (UpcomingDecision.objects.filter(vehicle_id__in=ids, effective_on__gte=today or timezone.localdate())
            .order_by("vehicle_id", "destination", "effective_on")
            .values_list("vehicle_id", "destination", "decision", "effective_on"))
    for vehicle_id, destination, decision, effective_on in rows:
        result[vehicle_id].setdefault(destination, Upcoming(decision, effective_on))
    return dict(result)


def rule_upcoming_impact(version: RuleVersion | None) -> dict:
    """What the coming start or end of a rule version will change: vehicles per date, destination and new
    decision (changes other rules bring on the same day are counted too), and whether that is still being
    computed."""
    today = timezone.localdate()
    dates = sorted(day for day in (version.effective_from, version.effective_to) if day and day > today) \
        if version else []
    if not dates:
        return {"dates": [], "rows": [], "total": 0, "pending": False}
    query = UpcomingDecision.objects.filter(effective_on__in=dates)
    if version.destinations:
        query = query.filter(destination__in=version.destinations)
    rows = list(query.order_by("effective_on", "destination", "decision").values("effective_on", "destination",
                                                                                 "decision")
                .annotate(vehicles=Count("id")))
    pending = RescreenRun.objects.filter(
        Q(kind=RescreenRun.Kind.DECISIONS, created__gte=version.created) | Q(kind=RescreenRun.Kind.UPCOMING,
                                                                               as_of__in=dates),
        status__in=[RescreenRun.Status.PENDING, RescreenRun.Status.RUNNING]).exists()
    return {"dates": dates, "rows": rows, "total": sum(row["vehicles"] for row in rows), "pending": pending}


class RuleLive(NamedTuple):
    """What the rule page follows after a version is published: the re-screens since, and what they found."""

    runs: list[RescreenRun]
    active: bool
    changed: int
    waiting_review: int


def rule_live(version: RuleVersion | None, upcoming: dict, *, limit: int = 8) -> RuleLive:
    """The re-screen runs since ``version`` was published (its own, and the upcoming runs they asked for),
    whether any still runs, how many decisions they changed, and how many queue items this rule now asks for."""
    if version is None:
        return RuleLive([], False, 0, 0)
    runs = list(RescreenRun.objects.filter(created__gte=version.created).order_by("created", "id")[:limit])
    active = upcoming["pending"] or any(run.status in (RescreenRun.Status.PENDING, RescreenRun.Status.RUNNING)
                                        for run in runs)
    changed = sum(run.changed for run in runs if run.kind == RescreenRun.Kind.DECISIONS)
    waiting = review_queue(QueueFilters(rule=version.rule.code)).count() if runs and not active else 0
    return RuleLive(runs, active, changed, waiting)


def exclude_blocked_for(queryset: QuerySet, country: str) -> QuerySet:
    """Leave out vehicles whose latest decision for ``country`` is blocked (an index-backed anti-join)."""
    blocked = VehicleDecision.objects.filter(vehicle_id=OuterRef("pk"), destination=country, decision="blocked")
    return queryset.filter(~Exists(blocked))


class QueueFilters(NamedTuple):
    """What the officer narrowed the review queue to (None: any)."""

    destination: str | None = None
    rule: str | None = None
    yard_id: int | None = None
    older_than_days: int | None = None

    def without(self, name: str) -> QueueFilters:
        return self._replace(**{name: None})


def review_queue(filters: QueueFilters | None = None) -> QuerySet[VehicleDecision]:
    """Decisions waiting for an officer (the checks asked for review and nobody has decided these findings),
    oldest first, narrowed by ``filters``: destination, a rule that asked for the review, the vehicle's yard,
    and how long they have waited."""
    filters = filters or QueueFilters()
    queryset = VehicleDecision.objects.filter(decision=DecisionChoice.REVIEW)
    if filters.destination:
        queryset = queryset.filter(destination=filters.destination)
    if filters.rule:
        # jsonb containment: a finding of this rule whose effect is a review
        queryset = queryset.filter(check_record__findings__contains=[{"rule": filters.rule, "effect": "review"}])
    if filters.yard_id:
        queryset = queryset.filter(vehicle__yard_id=filters.yard_id)
    if filters.older_than_days:
        queryset = queryset.filter(decided_at__lte=timezone.now() - dt.timedelta(days=filters.older_than_days))
    return queryset.select_related("vehicle", "vehicle__yard", "check_record").order_by("decided_at", "id")


class QueueCounts(NamedTuple):
    total: int
    by_destination: list[tuple[str, int]]
    by_rule: list[tuple[str, int]]
    by_yard: list[tuple[int, str, int]]


def review_queue_counts(filters: QueueFilters | None = None) -> QueueCounts:
    """How many items wait, in all and per destination, rule and yard. Each breakdown applies the other
    filters but not its own (picking KZ still shows how many wait for KG); four grouped queries."""
    filters = filters or QueueFilters()

    def grouped(name: str, *fields: str) -> list:
        return list(review_queue(filters.without(name)).order_by().values_list(*fields)
                    .annotate(n=Count("id")).order_by("-n", *fields))

    by_rule = _rule_counts(review_queue(filters.without("rule")))
    return QueueCounts(
        total=review_queue(filters).count(),
        by_destination=grouped("destination", "destination"),
        by_rule=by_rule,
        by_yard=grouped("yard_id", "vehicle__yard_id", "vehicle__yard__name"),
    )


def _rule_counts(queue: QuerySet[VehicleDecision]) -> list[tuple[str, int]]:
    """Queue items per rule that asked for their review, in one aggregate (a FILTER per rule code: any rule
    can ask for a review, a blocking one too when its exchange rate is missing)."""
    codes = list(Rule.objects.order_by("code").values_list("code", flat=True))
    if not codes:
        return []
    counts = queue.order_by().aggregate(**{
        f"rule_{index}": Count("id", filter=Q(check_record__findings__contains=[{"rule": code, "effect": "review"}]))
        for index, code in enumerate(codes)})
    rows = [(code, counts[f"rule_{index}"]) for index, code in enumerate(codes)]
    return sorted((row for row in rows if row[1]), key=lambda row: (-row[1], row[0]))


def review_queue_items(filters: QueueFilters) -> list[tuple[int, str]]:
    """(decision id, findings fingerprint) of every queue item the filters match: what a bulk decision on
    "all filtered" binds to."""
    return list(review_queue(filters).values_list("pk", "findings_fingerprint"))


def review_decision(pk: int) -> VehicleDecision | None:
    """A latest decision as the review page shows it."""
    return (VehicleDecision.objects.select_related("vehicle", "vehicle__yard", "check_record")
            .filter(pk=pk).first())


def latest_decision(*, vehicle_id: int, destination: str) -> VehicleDecision | None:
    return VehicleDecision.objects.filter(vehicle_id=vehicle_id, destination=destination).first()


def latest_decision_visible_to(user, *, vehicle_id: int, destination: str) -> VehicleDecision | None:
    """The latest decision, if ``user`` may see the vehicle's checks (officers, staff, its yard's merchants)."""
    return yard_scoped(user, VehicleDecision.objects.filter(vehicle_id=vehicle_id, destination=destination),
                       yard_path="vehicle__yard").first()


def review_queue_count() -> int:
    return VehicleDecision.objects.filter(decision=DecisionChoice.REVIEW).count()


def rule_sets_overview() -> QuerySet[RuleSet]:
    return RuleSet.objects.annotate(rule_count=Count("rules")).order_by("kind", "code")


def recent_runs(limit: int = 10) -> list[RescreenRun]:
    return list(RescreenRun.objects.order_by("-created", "-id")[:limit])


def checks_visible_to(user) -> QuerySet[ComplianceCheck]:
    """Officers and staff: every check. Merchants: checks of their yard's vehicles. Others: none."""
    return yard_scoped(user, ComplianceCheck.objects.all(), yard_path="vehicle__yard")


def latest_check(*, vehicle_id: int, destination: str, route: list[str]) -> ComplianceCheck | None:
    if route == [destination]:
        decision = VehicleDecision.objects.filter(vehicle_id=vehicle_id, destination=destination).first()
        if decision:
            return ComplianceCheck.objects.get(pk=decision.check_record_id)
    return (ComplianceCheck.objects.filter(vehicle_id=vehicle_id, destination=destination, route=route)
            .order_by("-created", "-id").first())


def vehicle_for_check(pk: int) -> Vehicle | None:
    """A vehicle with its yard (its origin), or None; who may see it is inventory's to say."""
    return Vehicle.objects.select_related("yard").filter(pk=pk).first()


def check_review(check: ComplianceCheck) -> OfficerReview | None:
    """The officer's review that the latest decision applies to this check, if any."""
    latest = (VehicleDecision.objects.filter(vehicle_id=check.vehicle_id, destination=check.destination,
                                             check_record_id=check.pk, review__isnull=False)
              .select_related("review").first())
    return latest.review if latest else None


from .parties import PartyGate, party_gate  # noqa: E402, F401  (party screening reads)
