"""Staff approve or reject the buyers who registered themselves."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import RejectForm
from accounts.hooks import buyer_statuses
from accounts.models import BuyerCompany
from accounts.views.common import staff_required
from core.errors import ApplicationError
from core.forms import error_message


@staff_required
def buyer_approvals(request):
    pending = list(selectors.buyers_pending())
    statuses = buyer_statuses([buyer.pk for buyer in pending])  # e.g. the sanctions screening, from compliance
    for buyer in pending:
        buyer.statuses = statuses[buyer.pk]
    return render(request, "accounts/buyer_approvals.html", {
        "pending": pending, "decided": selectors.buyers_recently_decided(), "reject_form": RejectForm(auto_id=False)})


@staff_required
@require_POST
def buyer_approve(request, pk):
    buyer = get_object_or_404(BuyerCompany, pk=pk)
    try:
        services.buyer_approve(buyer=buyer, by=request.user)
    except ApplicationError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("%(name)s is approved and has been told.") % {"name": buyer.name})
    return redirect("accounts:buyer_approvals")


@staff_required
@require_POST
def buyer_reject(request, pk):
    buyer = get_object_or_404(BuyerCompany, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the buyer is rejected."))
        return redirect("accounts:buyer_approvals")
    try:
        services.buyer_reject(buyer=buyer, by=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("%(name)s is rejected and has been told why.") % {"name": buyer.name})
    return redirect("accounts:buyer_approvals")
