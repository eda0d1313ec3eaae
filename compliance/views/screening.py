"""Officer pages of party screening: the hits queue with decisions, a party's screening history, the lists
(with an upload for staff and officers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import BuyerCompany
from accounts.permissions import is_broker_staff
from compliance.forms.screening import HitDecisionForm, HitFilterForm, ListUploadForm
from compliance.messages import explain
from compliance.selectors import parties as selectors
from compliance.services.hit_decisions import hit_decide
from compliance.services.lists import sanctions_list_import
from core.errors import ApplicationError
from core.forms import apply_errors

from . import officer_required


def _explained(hits):
    for hit in hits:
        hit.sentences = explain(hit.explanation)
    return hits


@officer_required
def screening_hits(request):
    list_names = [item.name for item in selectors.sanction_lists()]
    filter_form = HitFilterForm(request.GET or None, list_names=list_names)
    hits = selectors.hits_queue(filter_form.filters())
    page = Paginator(hits, 25).get_page(request.GET.get("page"))
    _explained(page.object_list)
    return render(request, "compliance/screening_hits.html", {
        "filter_form": filter_form, "page": page, "decision_form": HitDecisionForm(),
        "versions": selectors.current_versions(), "runs": selectors.screening_runs(5),
    })


@officer_required
@require_POST
def screening_hit_decide(request, pk):
    hit = selectors.hit_for_decision(pk)
    if hit is None:
        raise Http404
    form = HitDecisionForm(request.POST)
    if form.is_valid():
        try:
            hit_decide(hit=hit, outcome=form.cleaned_data["outcome"], reason=form.cleaned_data["reason"],
                       user=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect(request.POST.get("next") or "compliance:screening_hits")
    _explained([hit])
    return render(request, "compliance/screening_hit.html", {"hit": hit, "form": form,
                                                             "decisions": selectors.hit_decisions(hit)}, status=400)


@officer_required
def party_history(request, buyer_id):
    buyer = BuyerCompany.objects.filter(pk=buyer_id).first()
    if buyer is None:
        raise Http404
    screenings = selectors.party_history(buyer.pk)
    for screening in screenings:
        _explained(screening.hits.all())
    current = {hit.pk: hit for hit in selectors.with_decisions(selectors.latest_hits().filter(
        screening__buyer_id=buyer.pk))}
    return render(request, "compliance/party_history.html", {
        "buyer": buyer, "screenings": screenings, "current": list(current.values()),
        "gate": selectors.party_gate(buyer=buyer), "decision_form": HitDecisionForm(),
    })


@login_required
def sanction_lists(request):
    if not is_broker_staff(request.user):
        raise PermissionDenied(_("Only compliance officers and broker staff may open this page."))
    form = ListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = sanctions_list_import(fmt=form.cleaned_data["format"], data=upload.read(),
                                           name=form.cleaned_data["name"] or None, file_name=upload.name,
                                           user=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            if result.unchanged:
                messages.info(request, _("This file is the list's current version; nothing changed."))
            else:
                messages.success(request, _("%(list)s version %(version)s: %(added)s added, %(changed)s changed, "
                                            "%(removed)s removed. Every party is being re-screened.") % {
                    "list": result.version.sanction_list.name, "version": result.version.version,
                    "added": result.added, "changed": result.changed, "removed": result.removed})
            return redirect("compliance:sanction_lists")
    return render(request, "compliance/sanction_lists.html", {
        "lists": selectors.sanction_lists(), "form": form, "runs": selectors.screening_runs(10),
    }, status=400 if form.errors else 200)
