"""Officer pages: dashboard, rules with versions, preview and publish, review queue, checks, runs."""

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
from django.views.decorators.http import require_POST

from accounts.permissions import is_officer
from compliance import selectors, services
from compliance.forms import EndRuleForm, ReviewForm, RuleVersionForm
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
    return render(request, "compliance/rule_detail.html", {
        "rule": rule, "versions": versions, "current": current, "end_form": EndRuleForm(),
        "upcoming": selectors.rule_upcoming_impact(current),
    })


@officer_required
def rule_edit(request, code=None):
    """Add a rule or propose a new version; "Preview impact" counts what it would change, "Publish" adds it."""
    rule = _rule_or_404(code) if code else None
    preview = None
    if request.method == "POST":
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
    return render(request, "compliance/rule_edit.html", {"form": form, "rule": rule, "preview": preview})


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


@officer_required
def review_queue(request):
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "compliance/review_queue.html", {"page": page})


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

