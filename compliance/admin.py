"""Admin: rule sets and rules go through the services (a save adds a version and re-screens);
checks and reviews are read-only records."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from compliance import services
from compliance.forms import RuleSetForm, RuleVersionForm
from compliance.models import (
    ComplianceCheck,
    HitDecision,
    OfficerReview,
    PartyScreening,
    RescreenRun,
    RuleSet,
    RuleVersion,
    SanctionEntry,
    SanctionList,
    SanctionListVersion,
    UpcomingDecision,
    VehicleDecision,
)
from core.errors import ApplicationError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    form = RuleSetForm
    list_display = ["code", "name", "kind", "scope", "origins", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "authority"]

    @admin.display(description=_("origins"))
    def origins(self, obj):
        return ", ".join(obj.origin_countries) or _("any")

    def has_delete_permission(self, request, obj=None):
        return False  # switch a set off instead: its rules explain past decisions

    def save_model(self, request, obj, form, change):
        services.rule_set_save(rule_set=obj, user=request.user)


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    """Rules. Saving a rule never edits it: it publishes the next version (old ones stay)."""

    form = RuleVersionForm
    list_display = ["rule", "version", "rule_set", "effect", "confidence", "effective_from", "effective_to",
                    "destination_list", "source"]
    list_filter = ["rule__rule_set", "effect", "confidence", "source"]
    search_fields = ["rule__code", "message", "citation_source"]
    readonly_fields = ["version", "created", "created_by", "source"]
    list_select_related = ["rule", "rule__rule_set"]

    @admin.display(description=_("rule set"))
    def rule_set(self, obj):
        return obj.rule.rule_set.code

    @admin.display(description=_("destinations"))
    def destination_list(self, obj):
        return ", ".join(obj.destinations) or _("any")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        rule = obj.rule if obj is not None else None

        class BoundRuleForm(form_class):
            def __init__(self, *args, **inner):
                inner.setdefault("rule", rule)
                super().__init__(*args, **inner)
        return BoundRuleForm

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        rule = form.rule
        try:
            version = services.rule_publish(
                rule_set=rule.rule_set if rule else form.cleaned_data["rule_set"],
                code=rule.code if rule else form.cleaned_data["code"], user=request.user, **form.version_fields())
        except (ApplicationError, ValidationError) as exc:  # validated by the form already; kept as a guard
            raise ValidationError(getattr(exc, "message", str(exc)))
        obj.pk, obj.version, obj.rule = version.pk, version.version, version.rule

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [name for name in fields if name not in ("version", "created", "created_by", "source")] + [
            "version", "source", "created_by", "created"]


@admin.register(ComplianceCheck)
class ComplianceCheckAdmin(ReadOnlyAdmin):
    list_display = ["id", "vehicle_id", "origin", "route", "as_of", "decision", "reason", "created"]
    list_filter = ["decision", "destination", "reason"]
    search_fields = ["=vehicle__id", "rules_fingerprint"]
    date_hierarchy = "created"


@admin.register(OfficerReview)
class OfficerReviewAdmin(ReadOnlyAdmin):
    list_display = ["id", "vehicle_id", "destination", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome", "destination"]


@admin.register(RescreenRun)
class RescreenRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "reason", "kind", "as_of", "status", "done", "total", "changed", "created", "finished"]
    list_filter = ["status", "kind"]


@admin.register(UpcomingDecision)
class UpcomingDecisionAdmin(ReadOnlyAdmin):
    list_display = ["vehicle_id", "destination", "current_decision", "decision", "effective_on", "run_id"]
    list_filter = ["destination", "effective_on", "decision"]


@admin.register(VehicleDecision)
class VehicleDecisionAdmin(ReadOnlyAdmin):
    """The latest decision per vehicle and destination (derived from the append-only checks)."""

    list_display = ["vehicle", "destination", "decision", "decided_at", "check_record"]
    list_filter = ["decision", "destination"]
    search_fields = ["vehicle__stock_no", "vehicle__chassis_no"]
    raw_id_fields = ["vehicle", "check_record"]
    show_full_result_count = False



@admin.register(SanctionList)
class SanctionListAdmin(ReadOnlyAdmin):
    """Lists are imported (``import_sanctions`` or the officers' lists page), never edited here."""

    list_display = ["name", "format", "current", "created"]
    search_fields = ["name"]


@admin.register(SanctionListVersion)
class SanctionListVersionAdmin(ReadOnlyAdmin):
    list_display = ["sanction_list", "version", "imported_at", "entry_count", "added", "changed", "removed",
                    "checksum"]
    list_filter = ["sanction_list"]


@admin.register(SanctionEntry)
class SanctionEntryAdmin(ReadOnlyAdmin):
    list_display = ["entry_ref", "primary_name", "kind", "version"]
    list_filter = ["kind"]
    search_fields = ["=entry_ref", "primary_name"]
    raw_id_fields = ["version"]
    show_full_result_count = False


@admin.register(PartyScreening)
class PartyScreeningAdmin(ReadOnlyAdmin):
    list_display = ["id", "buyer_id", "role", "name", "country", "hit_count", "algorithm", "created"]
    list_filter = ["role"]
    search_fields = ["name"]
    show_full_result_count = False


@admin.register(HitDecision)
class HitDecisionAdmin(ReadOnlyAdmin):
    list_display = ["id", "buyer_id", "role", "list_name", "entry_ref", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome", "list_name"]
