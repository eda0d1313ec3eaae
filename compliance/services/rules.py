"""Rules as data: publishing a version (never an edit in place), ending a rule, the shipped defaults."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from compliance.defaults import default_rules
from compliance.models import VERSION_FIELDS, Rule, RuleSet, RuleVersion
from compliance.selectors import latest_versions
from core.errors import ApplicationError

from .runs import rescreen_request

__all__ = ["VERSION_FIELDS", "affected_destinations", "rule_end", "rule_publish", "rule_set_save",
           "rules_load_defaults", "version_fields"]


def affected_destinations(*versions: RuleVersion | None) -> list[str]:
    """The broker's destinations whose decisions the given versions can change."""
    served = list(settings.BROKER_DESTINATIONS)
    wanted: set[str] = set()
    for version in versions:
        if version is None:
            continue
        if not version.destinations:
            return served
        wanted.update(version.destinations)
    return [country for country in served if country in wanted]


@transaction.atomic
def rule_publish(*, rule_set: RuleSet, code: str, user=None, rescreen: bool = True,
                 source: str = RuleVersion.Source.OFFICER, **fields) -> RuleVersion:
    """Add a rule, or a new version of it: the old versions stay so past decisions stay explainable.

    Every vehicle for the affected destinations is re-screened after commit.
    """
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    code = code.strip().upper()
    rule, created = Rule.objects.select_for_update().get_or_create(code=code, defaults={"rule_set": rule_set})
    if not created and rule.rule_set_id != rule_set.pk:
        raise ApplicationError(_("Rule %(code)s belongs to rule set %(set)s; a rule cannot move between sets.")
                               % {"code": code, "set": rule.rule_set.code}, field="code")
    previous = None if created else rule.current
    version = RuleVersion(rule=rule, version=(previous.version + 1) if previous else 1, created_by=user,
                          source=source, **fields)
    version.full_clean(exclude=["rule", "version"])
    version.save()
    if rescreen:
        destinations = affected_destinations(previous, version)
        if destinations:
            rescreen_request(reason=_("Rule %(code)s version %(version)s published")
                             % {"code": code, "version": version.version},
                             destinations=destinations, origins=rule_set.origin_countries, user=user)
    return version


def version_fields(version: RuleVersion) -> dict:
    return {name: getattr(version, name) for name in VERSION_FIELDS}


def rule_end(*, rule: Rule, effective_to: dt.date, user=None) -> RuleVersion:
    """End a rule from a date: a new version with ``effective_to`` set (the rule's history stays)."""
    current = rule.current
    if current is None:
        raise ApplicationError(_("This rule has no version to end."))
    fields = {**version_fields(current), "effective_to": effective_to}
    return rule_publish(rule_set=rule.rule_set, code=rule.code, user=user, **fields)


@transaction.atomic
def rule_set_save(*, rule_set: RuleSet, user=None, **changes) -> RuleSet:
    """Create or change a rule set (e.g. switch it off); its destinations are re-screened after commit."""
    for name, value in changes.items():
        setattr(rule_set, name, value)
    rule_set.full_clean()
    rule_set.save()
    versions = [version for version in latest_versions() if version.rule.rule_set_id == rule_set.pk]
    destinations = affected_destinations(*versions) if versions else []
    if destinations:
        rescreen_request(reason=_("Rule set %(code)s changed") % {"code": rule_set.code}, destinations=destinations,
                         user=user)
    return rule_set


def rules_load_defaults(apps=None, *, rescreen: bool = False) -> int:
    """Load the shipped rule sets and rules; idempotent. Returns how many versions it added.

    A rule an officer has changed (its newest version is not a shipped default) is left alone; a shipped
    default that changed in a new release gets a new version. ``apps`` is the migration's registry.
    """
    rule_set_model = apps.get_model("compliance", "RuleSet") if apps else RuleSet
    rule_model = apps.get_model("compliance", "Rule") if apps else Rule
    version_model = apps.get_model("compliance", "RuleVersion") if apps else RuleVersion
    added: list = []
    with transaction.atomic():
        for set_fields, versions in default_rules():
            code = set_fields.pop("code")
            if not any(f.name == "scope" for f in rule_set_model._meta.get_fields()):
                set_fields.pop("scope", None)  # migrations before 0010 (rule set scope)
            rule_set, _created = rule_set_model.objects.get_or_create(code=code, defaults=set_fields)
            for fields in versions:
                fields = dict(fields)
                rule_code = fields.pop("code")
                fields["effective_from"] = _date(fields["effective_from"])
                fields["effective_to"] = _date(fields["effective_to"])
                rule, _created = rule_model.objects.get_or_create(code=rule_code, defaults={"rule_set": rule_set})
                latest = version_model.objects.filter(rule=rule).order_by("-version").first()
                if latest is not None and (latest.source != "default" or _same(latest, fields)):
                    continue
                added.append(version_model.objects.create(
                    rule=rule, version=(latest.version + 1) if latest else 1, source="default", **fields))
        if rescreen and added and not apps:
            rescreen_request(reason=_("Default rules loaded"), destinations=list(settings.BROKER_DESTINATIONS))
    return len(added)


def _same(version, fields: dict) -> bool:
    return all(getattr(version, name) == value for name, value in fields.items())


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
