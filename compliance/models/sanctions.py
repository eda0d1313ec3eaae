"""Sanctions lists, their entries, party screenings, hits and officers' decisions on hits.

A list keeps every imported version (``SanctionListVersion``) with its entries; ``SanctionList.current``
points at the version readers use, switched in the transaction that finished the import, so nobody sees
half a list. Versions, entries, screenings, hits and decisions are append-only (migration 0011).
``PartyLatest`` is a derived index (the latest screening per buyer and role), not a record.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.leases import Leased


class EntryKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")
    VESSEL = "vessel", _("Vessel")
    AIRCRAFT = "aircraft", _("Aircraft")


class PartyRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    CONSIGNEE = "consignee", _("Consignee")
    NOTIFY = "notify", _("Notify party")
    QUERY = "query", _("Ad-hoc query")


class SanctionList(models.Model):
    class Format(models.TextChoices):
        OFAC_SDN_CSV = "ofac-sdn-csv", _("OFAC SDN (legacy CSV)")
        FTM_JSON = "ftm-json", _("FollowTheMoney JSON lines")
        UN_XML = "un-xml", _("UN Security Council consolidated list (XML)")

    name = models.CharField(_("name"), max_length=80, unique=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    current = models.ForeignKey("SanctionListVersion", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sanctions list")

    def __str__(self):
        return self.name


class SanctionListVersion(models.Model):
    sanction_list = models.ForeignKey(SanctionList, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    file_name = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64)  # sha256 of the file
    published = models.CharField(max_length=40, blank=True)  # the list's own date or version, when it says
    entry_count = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    delta = models.JSONField(default=dict, blank=True)  # {"added": [ref...], "changed": [...], "removed": [...]}
    full = models.BooleanField(default=True)  # False: a delta against the previous version exists

    class Meta:
        ordering = ["sanction_list", "-version"]
        constraints = [models.UniqueConstraint(fields=["sanction_list", "version"], name="sanction_version_unique")]

    def __str__(self):
        return f"{self.sanction_list.name} v{self.version}"


class SanctionEntry(models.Model):
    version = models.ForeignKey(SanctionListVersion, on_delete=models.PROTECT, related_name="entries")
    entry_ref = models.CharField(max_length=80)  # the list's own id: OFAC ent_num, UN reference, FtM id
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    primary_name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)  # [{"name", "quality": "good"|"low"|"fka"}]
    programs = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    birth_dates = models.JSONField(default=list, blank=True)
    remarks = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "entry_ref"], name="sanction_entry_unique")]

    def __str__(self):
        return f"{self.entry_ref} {self.primary_name}"


class SanctionName(models.Model):
    """One name or alias of an entry as the matcher reads it: ``key`` is its folded, sorted parts (the
    in-process ``NameIndex`` of the lists in force is built from these rows)."""

    version = models.ForeignKey(SanctionListVersion, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(SanctionEntry, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(max_length=500)
    key = models.CharField(max_length=500)
    is_alias = models.BooleanField(default=False)
    low_quality = models.BooleanField(default=False)


class ScreeningRun(Leased):
    """A re-screen of every buyer's parties after a list import (against the changed entries when the list
    says what changed), leased like a rule re-screen; ``position`` is the next buyer id."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    version = models.ForeignKey(SanctionListVersion, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    delta = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    position = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["lease_expires"], condition=models.Q(status="running"),
                                name="screening_run_leased")]


class PartyScreening(models.Model):
    """One screening of one party (or an ad-hoc query), hits or not."""

    buyer = models.ForeignKey("accounts.BuyerCompany", null=True, blank=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    role = models.CharField(max_length=10, choices=PartyRole.choices)
    name = models.CharField(max_length=1000)
    country = models.CharField(max_length=2, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=12, blank=True)
    party_fingerprint = models.CharField(max_length=64)
    lists = models.JSONField(default=list)  # [{"list", "version"}]
    algorithm = models.CharField(max_length=40)
    threshold = models.FloatField()
    hit_count = models.PositiveIntegerField(default=0)
    run = models.ForeignKey(ScreeningRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["buyer", "role", "-created"], name="screening_party_idx")]


class ScreeningHit(models.Model):
    screening = models.ForeignKey(PartyScreening, on_delete=models.PROTECT, related_name="hits")
    entry = models.ForeignKey(SanctionEntry, on_delete=models.PROTECT, related_name="+")
    list_name = models.CharField(max_length=80)
    entry_ref = models.CharField(max_length=80)
    entry_content_hash = models.CharField(max_length=64)
    listed_name = models.CharField(max_length=500)
    matched_name = models.CharField(max_length=500)
    score = models.FloatField()
    programs = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    explanation = models.JSONField(default=list)  # [{"key", "params"}]

    class Meta:
        ordering = ["-score", "id"]


class HitDecision(models.Model):
    """An officer's decision on a hit. It stands for this party (name and country as screened) and this
    entry's content: a change to either asks again."""

    class Outcome(models.TextChoices):
        FALSE_POSITIVE = "false_positive", _("False positive")
        TRUE_MATCH = "true_match", _("True match")

    hit = models.ForeignKey(ScreeningHit, on_delete=models.PROTECT, related_name="decisions")
    buyer = models.ForeignKey("accounts.BuyerCompany", null=True, blank=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    role = models.CharField(max_length=10, choices=PartyRole.choices)
    party_fingerprint = models.CharField(max_length=64)
    list_name = models.CharField(max_length=80)
    entry_ref = models.CharField(max_length=80)
    entry_content_hash = models.CharField(max_length=64)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["buyer", "role", "entry_ref"], name="hit_decision_party_idx")]


class PartyLatest(models.Model):
    """The latest screening of each buyer's party (derived; replaced by each new screening)."""

    buyer = models.ForeignKey("accounts.BuyerCompany", on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+")
    role = models.CharField(max_length=10, choices=PartyRole.choices)
    screening = models.ForeignKey(PartyScreening, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["buyer", "role"], name="party_latest_unique")]
