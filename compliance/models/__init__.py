"""Rule sets, versioned rules, checks, officer reviews and re-screen runs.

What a regulator may ask about is append-only, enforced by a database trigger (migration 0002):
rule versions, checks and officer reviews are never updated or deleted. ``VehicleDecision`` is not
such a record: it is a derived index of the latest decision per vehicle and destination, kept for
the catalog's ``exportable_to`` filter and badges.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance.validation import validate_countries, validate_rule_version
from core.leases import Leased


class Effect(models.TextChoices):
    BLOCK = "block", _("Block")
    REVIEW = "review", _("Review")
    REQUIRE = "require", _("Require a document")
    INFO = "info", _("Information")


class Confidence(models.TextChoices):
    SOURCED = "S", _("S: well sourced")
    UNCERTAIN = "U", _("U: single or second-hand source")


class DecisionChoice(models.TextChoices):
    CLEAR = "clear", _("Clear")
    REVIEW = "review", _("Review")
    BLOCKED = "blocked", _("Blocked")


def _countries(verbose_name, help_text):
    return ArrayField(models.CharField(max_length=2), blank=True, default=list, verbose_name=verbose_name,
                      help_text=help_text)


class Scope(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    SALE = "sale", _("Sale")


class RuleSet(models.Model):
    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        POLICY = "policy", _("House policy")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LAW)
    scope = models.CharField(
        _("scope"), max_length=8, choices=Scope.choices, default=Scope.VEHICLE,
        help_text=_("Vehicle: judges the car (catalog badges, export filters). Sale: judges the sale, checked "
                    "on orders only and reviewed once per order."))
    origin_countries = _countries(_("origin countries"),
                                  _("ISO codes of the countries this set governs exports from; empty: any origin."))
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("rule set")

    def __str__(self):
        return f"{self.code}: {self.name}"

    def clean(self):
        self.origin_countries = validate_countries(self.origin_countries, "origin_countries")


class Rule(models.Model):
    """A rule's identity. Its text lives in immutable ``RuleVersion`` rows: editing adds a version."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="rules")
    code = models.CharField(_("code"), max_length=60, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule_set__code", "code"]
        verbose_name = _("rule")

    def __str__(self):
        return self.code

    @property
    def current(self):
        return self.versions.order_by("-version").first()


# What an officer writes in a version (the rest is bookkeeping): a new version copies these.
VERSION_FIELDS = ("description", "condition", "currency", "effect", "requirement", "message", "citation_source",
                  "citation_url", "confidence", "effective_from", "effective_to", "destinations", "note")


class RuleVersion(models.Model):
    class Source(models.TextChoices):
        DEFAULT = "default", _("Shipped default")
        OFFICER = "officer", _("Compliance officer")

    rule = models.ForeignKey(Rule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    description = models.TextField(_("description"), blank=True)
    condition = models.JSONField(
        _("condition"), default=dict,
        help_text=_('JSON: {"all": [...]}, {"any": [...]}, {"not": {...}} over predicates '
                    '{"fact": "engine_cc", "op": "gt", "value": 1900}.'),
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True,
                                help_text=_("The currency money values in the condition are written in."))
    effect = models.CharField(_("effect"), max_length=8, choices=Effect.choices)
    requirement = models.CharField(_("required document or clause"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    citation_source = models.CharField(_("citation source"), max_length=300)
    citation_url = models.URLField(_("citation URL"), max_length=500, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices,
                                  default=Confidence.SOURCED)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True,
                                    help_text=_("The first day the rule no longer applies; empty: open-ended."))
    destinations = _countries(_("destinations"),
                              _("The rule applies when the route's final country is one of these; empty: any."))
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.OFFICER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rule__code", "-version"]
        verbose_name = _("rule version")
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="uniq_rule_version"),
            models.CheckConstraint(condition=~Q(confidence="U", effect="block"), name="uncertain_rule_never_blocks",
                                   violation_error_message=_("A [U] rule may not block: make it a review.")),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F(
                "effective_from")), name="rule_effective_range"),
        ]

    def __str__(self):
        return f"{self.rule.code} v{self.version}" if self.rule_id else f"v{self.version}"

    def clean(self):
        validate_rule_version(self)


class ComplianceCheck(models.Model):
    """One saved decision: the regulator's record. Append-only (database trigger)."""

    class Reason(models.TextChoices):
        VEHICLE_CHANGED = "vehicle", _("Vehicle listed or changed")
        RESCREEN = "rescreen", _("Rules changed")
        REQUEST = "request", _("Requested")

    # No database constraint: a check outlives the vehicle it was about.
    vehicle = models.ForeignKey("inventory.Vehicle", null=True, blank=True, on_delete=models.DO_NOTHING,
                                db_constraint=False, db_index=False, related_name="+")  # see check_vehicle_dest
    origin = models.CharField(_("origin"), max_length=2)
    destination = models.CharField(_("destination"), max_length=2)
    route = ArrayField(models.CharField(max_length=2), verbose_name=_("route"))
    as_of = models.DateField(_("as of"))
    decision = models.CharField(_("decision"), max_length=8, choices=DecisionChoice.choices)
    findings = models.JSONField(_("findings"), default=list)
    requirements = models.JSONField(_("requirements"), default=list)
    rules_fingerprint = models.CharField(_("rules version"), max_length=64)
    findings_fingerprint = models.CharField(max_length=64)
    facts = models.JSONField(_("input facts"), default=dict)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.REQUEST)
    # Few indexes: a re-screen inserts checks by the hundred thousand.
    rescreen_run = models.ForeignKey("RescreenRun", null=True, blank=True, on_delete=models.PROTECT,
                                     db_index=False, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   db_index=False, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("compliance check")
        indexes = [models.Index(fields=["vehicle", "destination", "-created"], name="check_vehicle_dest")]

    def __str__(self):
        return f"check {self.pk}: {self.decision} {self.origin}→{'→'.join(self.route)}"

    @property
    def final_destination(self) -> str:
        return self.route[-1] if self.route else self.destination


class OfficerReview(models.Model):
    """An officer's written decision on a ``review``. Covers that vehicle, destination and the rule
    versions that asked for the review (``findings_fingerprint``) only. Append-only."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        DECLINE = "decline", _("Decline")

    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.DO_NOTHING, db_constraint=False,
                                related_name="+")
    destination = models.CharField(_("destination"), max_length=2)
    check_record = models.ForeignKey(ComplianceCheck, verbose_name=_("check"), on_delete=models.PROTECT,
                                     related_name="reviews")
    findings_fingerprint = models.CharField(max_length=64)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("officer review")
        indexes = [models.Index(fields=["vehicle", "destination", "findings_fingerprint"], name="review_lookup")]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="review_has_reason")]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.vehicle_id} {self.destination}"


class VehicleDecision(models.Model):
    """The latest decision per vehicle and destination (direct route): a derived index, kept set-based."""

    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.CASCADE, db_index=False,
                                related_name="compliance_decisions")  # uniq_vehicle_destination leads with it
    destination = models.CharField(max_length=2)
    decision = models.CharField(max_length=8, choices=DecisionChoice.choices)  # after any officer review
    check_decision = models.CharField(max_length=8, choices=DecisionChoice.choices)
    check_record = models.ForeignKey(ComplianceCheck, on_delete=models.PROTECT, db_index=False, related_name="+")
    findings_fingerprint = models.CharField(max_length=64)
    review = models.ForeignKey(OfficerReview, null=True, blank=True, on_delete=models.PROTECT, db_index=False,
                               related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("latest decision")
        constraints = [models.UniqueConstraint(fields=["vehicle", "destination"], name="uniq_vehicle_destination")]
        indexes = [
            models.Index(fields=["destination", "vehicle"], condition=Q(decision="blocked"),
                         name="decision_blocked"),
            models.Index(fields=["decided_at"], condition=Q(check_decision="review"), name="decision_review_queue"),
        ]


class RescreenRun(Leased):
    """Progress of one set-based re-screen (shown to the officer as a progress bar).

    Leased by the worker that runs it (``core.leases``); ``position`` is the next chunk to screen
    (``{"destination": index, "next_id": id, "high": the highest id counted at the start}``, and
    ``"upcoming": true`` once the coming decisions are requested), committed with each chunk, so a run
    whose worker died resumes where it stopped, over the same vehicles.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        DECISIONS = "decisions", _("Decisions")
        UPCOMING = "upcoming", _("Upcoming decisions")

    reason = models.CharField(_("reason"), max_length=300)
    # "upcoming": decisions as of a future ``as_of`` are computed and only the coming changes are stored
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DECISIONS)
    destinations = ArrayField(models.CharField(max_length=2), default=list)
    origins = ArrayField(models.CharField(max_length=2), blank=True, default=list)  # empty: every origin
    vehicle_ids = ArrayField(models.BigIntegerField(), null=True, blank=True)  # None: every vehicle
    as_of = models.DateField(null=True, blank=True)  # None: the day it runs
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    rules_fingerprints = models.JSONField(default=dict, blank=True)  # {"JP>RU": fingerprint}
    position = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("re-screen run")
        indexes = [models.Index(fields=["lease_expires"], condition=Q(status="running"), name="rescreen_leased")]

    def __str__(self):
        return f"re-screen {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class UpcomingDecision(models.Model):
    """A decision that will change on a future date (a rule starts or ends then): a derived index.

    Computed set-based by an ``upcoming`` re-screen run as of ``effective_on`` and compared with the
    latest decision; only the vehicles whose decision will change have a row. Rows for a date and
    destination are replaced on every computation and cleared once the date's re-screen has made the
    real decisions (the regulator's records are the checks made then). ``run`` is the run that first
    announced this change: a recomputation that finds the same change keeps it, so merchants are told once.
    """

    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.CASCADE, db_index=False,
                                related_name="upcoming_decisions")  # uniq_upcoming_decision leads with it
    destination = models.CharField(max_length=2)
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(max_length=8, choices=DecisionChoice.choices)
    current_decision = models.CharField(max_length=8, choices=DecisionChoice.choices)
    run = models.ForeignKey(RescreenRun, on_delete=models.CASCADE, db_index=False, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("upcoming decision")
        constraints = [models.UniqueConstraint(fields=["vehicle", "destination", "effective_on"],
                                               name="uniq_upcoming_decision")]
        indexes = [models.Index(fields=["destination", "effective_on"], name="upcoming_destination_date"),
                   models.Index(fields=["run"], name="upcoming_run")]

    def __str__(self):
        return f"{self.vehicle_id} {self.destination}: {self.current_decision} → {self.decision} " \
               f"from {self.effective_on}"


class DecisionChange(models.Model):
    """A vehicle whose decision for a destination changed in a re-screen (merchants are told)."""

    run = models.ForeignKey(RescreenRun, on_delete=models.CASCADE, db_index=False, related_name="changes")
    vehicle = models.ForeignKey("inventory.Vehicle", on_delete=models.DO_NOTHING, db_constraint=False,
                                db_index=False, related_name="+")
    destination = models.CharField(max_length=2)
    old_decision = models.CharField(max_length=8)
    new_decision = models.CharField(max_length=8)
    check_record = models.ForeignKey(ComplianceCheck, on_delete=models.PROTECT, db_index=False, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["run", "vehicle"], name="change_run_vehicle")]



from .sanctions import (  # noqa: E402, F401  (the sanctions models live in their own module)
    EntryKind,
    HitDecision,
    PartyLatest,
    PartyRole,
    PartyScreening,
    SanctionEntry,
    SanctionList,
    SanctionListVersion,
    SanctionName,
    ScreeningHit,
    ScreeningRun,
)
