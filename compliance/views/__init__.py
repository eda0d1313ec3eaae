"""Officer pages: dashboard, rules with versions, preview and publish, review queue, checks, runs."""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import is_officer
from compliance import selectors, services
from compliance.forms import (
    BUILDER,
    JSON,
    BulkReviewForm,
    EndRuleForm,
    QueueFilterForm,
    ReviewForm,
    RuleVersionForm,
    builder_condition,
    builder_for,
)
from compliance.forms.builder import (
    MATCH_LABELS,
    blank_builder,
    builder_apply,
    builder_from_post,
    builder_tidy,
    country_choices,
    fact_groups,
)
from compliance.models import RescreenRun, Rule
from compliance.services.rules import version_fields
from core.codes import is_country
from core.errors import ApplicationError
from core.forms import apply_errors, error_message


def officer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied(_("Only compliance officers may open this page."))
        return view(request, *args, **kwargs)
    return wrapper


@officer_required
def dashboard(request):
    return render(request, "compliance/dashboard.html", {
        "rule_sets": selectors.rule_sets_overview(), "runs": selectors.recent_runs(),
        "review_count": selectors.review_queue_count(), "rules_in_force": selectors.rules_in_force_count(),
    })


@officer_required
def rule_list(request):
    return render(request, "compliance/rule_list.html", {"rows": selectors.rules_with_status()})


def _rule_or_404(code: str) -> Rule:
    rule = selectors.rule_by_code(code)
    if rule is None:
        raise Http404
    return rule


@officer_required
def rule_detail(request, code):
    rule = _rule_or_404(code)
    versions = selectors.rule_versions(rule)
    current = versions[0] if versions else None
    upcoming = selectors.rule_upcoming_impact(current)
    context = {"rule": rule, "versions": versions, "current": current, "end_form": EndRuleForm(),
               "upcoming": upcoming, "live": selectors.rule_live(current, upcoming)}
    if request.htmx:  # the live part, polled while the re-screen runs
        return render(request, "compliance/_rule_live.html", context)
    return render(request, "compliance/rule_detail.html", context)


@officer_required
def rule_edit(request, code=None):
    """Add a rule or propose a new version; "Preview impact" counts what it would change, "Publish" adds it."""
    rule = _rule_or_404(code) if code else None
    preview = None
    builder_action = request.POST.get("builder_action", "")
    if request.method == "POST" and builder_action:
        # without JavaScript, the builder's buttons post the whole form: show it again with the change made
        form = RuleVersionForm(request.POST, rule=rule, builder_action=builder_action)
    elif request.method == "POST":
        form = RuleVersionForm(request.POST, rule=rule)
        if form.is_valid():
            rule_set = rule.rule_set if rule else form.cleaned_data["rule_set"]
            rule_code = rule.code if rule else form.cleaned_data["code"]
            if request.POST.get("action") == "publish":
                try:
                    version = services.rule_publish(rule_set=rule_set, code=rule_code, user=request.user,
                                                    **form.version_fields())
                except ApplicationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Version %(version)s of %(code)s is published; the stock is being "
                                                "re-screened.") % {"version": version.version, "code": rule_code})
                    if version.effective_from > timezone.localdate():
                        messages.info(request, _("It takes effect on %(date)s: the coming changes are shown in the "
                                                 "catalog and sent to the merchants now.")
                                      % {"date": version.effective_from.isoformat()})
                    return redirect("compliance:rule_detail", code=rule_code)
            else:
                preview = services.rule_version_preview(rule_set=rule_set, code=rule_code, rule=rule,
                                                        fields=form.version_fields())
    else:
        initial = version_fields(rule.current) if rule and rule.current else {"effective_from": timezone.localdate()}
        form = RuleVersionForm(initial=initial, rule=rule)
    return render(request, "compliance/rule_edit.html", {
        "form": form, "rule": rule, "preview": preview, **_builder_context(form.builder, form.source)})


def _builder_context(builder, source: str, note: str = "") -> dict:
    return {"builder": builder, "source": source, "builder_note": note, "fact_groups": fact_groups(),
            "match_choices": MATCH_LABELS, "countries": country_choices()}


@officer_required
@require_POST
def rule_builder(request):
    """The condition builder, re-rendered (htmx) after a change: a row or group added or removed, a fact or
    operator changed (its inputs follow), or the JSON typed by an expert (the rows follow when they can).
    The JSON field is swapped out-of-band while the rows are the source."""
    action = request.POST.get("builder_action", "")
    note = ""
    condition_json = None
    if action == "from-json":
        source = JSON
        try:
            condition = json.loads(request.POST.get("condition", ""))
        except (ValueError, RecursionError) as exc:
            builder = _posted_builder(request)
            note = _("The JSON is not valid yet (%(error)s); the rows show the last valid condition.") % {
                "error": exc}
        else:
            builder, _fits = builder_for(condition)
            if builder is None:
                builder = _posted_builder(request)
                note = _("This condition cannot be shown as rows (the builder knows all, any and none of); it is "
                         "read from the JSON.")
            else:
                note = builder_condition(builder)[1] or ""
    else:
        builder = builder_apply(_posted_builder(request), action)
        # a row changed or was added: the rows are the source; the officer may still pick the JSON instead
        source = JSON if not action and request.POST.get("condition_source") == JSON else BUILDER
        condition, note = builder_condition(builder)
        note = note or ""
        if source == BUILDER:
            condition_json = json.dumps(condition, indent=2, ensure_ascii=False)
    return render(request, "compliance/_builder.html", {
        **_builder_context(builder, source, note), "condition_json": condition_json, "oob": True})


def _posted_builder(request):
    try:
        builder = builder_from_post(request.POST)
    except ValidationError:
        builder = None
    if builder is None:
        builder = blank_builder()
    builder_tidy(builder)
    return builder


@officer_required
@require_POST
def rule_end(request, code):
    rule = _rule_or_404(code)
    form = EndRuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_end(rule=rule, effective_to=form.cleaned_data["effective_to"], user=request.user)
            messages.success(request, _("The rule ends on %(date)s; the stock is being re-screened.")
                             % {"date": form.cleaned_data["effective_to"]})
        except (ValidationError, ApplicationError) as exc:
            messages.error(request, error_message(exc))
    else:
        messages.error(request, _("Give the date the rule stops applying."))
    return redirect("compliance:rule_detail", code=code)


@officer_required
def run_detail(request, pk):
    run = get_object_or_404(RescreenRun, pk=pk)
    template = "compliance/_run_progress.html" if request.htmx else "compliance/run_detail.html"
    return render(request, template, {"run": run})


QUEUE_PAGE_SIZE = 50


def queue_token(items) -> str:
    """A short digest of the (id, fingerprint) pairs a filtered view showed: "every item matching the filters"
    decides exactly those, or nothing when the queue has changed since."""
    digest = hashlib.sha256("\n".join(f"{pk}:{fingerprint}" for pk, fingerprint in sorted(items)).encode())
    return f"{len(items)}-{digest.hexdigest()[:32]}"


@officer_required
def review_queue(request):
    """The queue with counts per destination, rule and yard, filters, pages, and one decision with one
    written reason for the checked items or for every item the filters match (each its own review row)."""
    everything = selectors.review_queue_counts()
    filter_form = QueueFilterForm(request.GET or None, destinations=[code for code, _n in everything.by_destination],
                                  rules=[code for code, _n in everything.by_rule],
                                  yards=[(pk, name) for pk, name, _n in everything.by_yard])
    filters = filter_form.filters()
    matching = selectors.review_queue_items(filters)
    bulk_form = BulkReviewForm(request.POST or None)
    if request.method == "POST" and bulk_form.is_valid():
        data = bulk_form.cleaned_data
        items = data["items"]
        if data["scope"] == BulkReviewForm.FILTERED:
            items = matching
            if data["matching"] != queue_token(matching):
                bulk_form.add_error(None, _("The queue changed since you loaded it: %(count)d items match the "
                                            "filters now. Look at them again before deciding.")
                                    % {"count": len(matching)})
        if bulk_form.is_valid():
            try:
                result = services.reviews_decide_bulk(items=items, outcome=data["outcome"], reason=data["reason"],
                                                      user=request.user)
            except ApplicationError as exc:
                apply_errors(bulk_form, exc)
            else:
                messages.success(request, ngettext("%(count)d decision recorded.", "%(count)d decisions recorded.",
                                                   result.decided) % {"count": result.decided})
                if result.skipped:
                    messages.warning(request, ngettext(
                        "%(count)d item had changed or was already decided; it stays in the queue.",
                        "%(count)d items had changed or were already decided; they stay in the queue.",
                        result.skipped) % {"count": result.skipped})
                return redirect(request.get_full_path())
    counts = selectors.review_queue_counts(filters) if filter_form.is_bound else everything
    page = Paginator(selectors.review_queue(filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "compliance/review_queue.html", {
        "page": page, "counts": counts, "filter_form": filter_form, "bulk_form": bulk_form, "filters": filters,
        "query": query.urlencode(), "matching_count": len(matching), "total_waiting": everything.total,
        "matching_token": queue_token(matching),
        "checked_ids": {raw.partition(":")[0] for raw in request.POST.getlist("items")},
    })


@officer_required
def review_detail(request, pk):
    decision = selectors.review_decision(pk)
    if decision is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_decide(decision=decision, outcome=form.cleaned_data["outcome"],
                                   reason=form.cleaned_data["reason"], user=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("compliance:review_queue")
    reviews = decision.check_record.reviews.select_related("decided_by")
    return render(request, "compliance/review_detail.html", {
        "decision": decision, "check": decision.check_record, "form": form, "reviews": reviews,
    })


@login_required
def check_detail(request, pk):
    check = get_object_or_404(selectors.checks_visible_to(request.user), pk=pk)
    return render(request, "compliance/check_detail.html", {
        "check": check, "reviews": check.reviews.select_related("decided_by"),
        "destinations": settings.BROKER_DESTINATIONS,
    })


@login_required
def check_for_vehicle(request, vehicle_id, destination):
    """The latest check of a vehicle for a destination, for those who may see its checks.

    A missing vehicle, one the user may not see and one not checked for that destination are the same
    404, so the page tells nobody which vehicles (drafts included) exist.
    """
    if not is_country(destination.upper()):
        raise Http404
    decision = selectors.latest_decision_visible_to(request.user, vehicle_id=vehicle_id,
                                                    destination=destination.upper())
    if decision is None:
        raise Http404
    return redirect("compliance:check_detail", pk=decision.check_record_id)

