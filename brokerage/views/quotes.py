"""The quote box's answer: a priced quote page with every line, the rates, findings and estimates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_buyer
from brokerage import selectors, services
from brokerage.forms import PlaceForm, QuoteForm
from brokerage.serializers import quote_data
from brokerage.services.landed import basis_text, cited
from core.errors import ApplicationError
from core.forms import error_message


@login_required
@require_POST
def quote_create(request):
    form = QuoteForm(request.POST)
    back = request.META.get("HTTP_REFERER") or "/"
    if not is_buyer(request.user):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Choose a destination port and terms."))
        return redirect(back)
    data = form.cleaned_data
    try:
        quote = services.quote_create(user=request.user, request=services.QuoteRequest(
            buyer=request.user.buyer, vehicle_ids=[data["vehicle"]], destination_port=data["destination_port"],
            terms=data["terms"], currency=data["currency"] or None, route=data["route"] or None))
    except ApplicationError as exc:
        messages.error(request, error_message(exc))
        return redirect(back)
    return redirect("brokerage:quote", quote.pk)


@login_required
def quote_detail(request, pk: int):
    quote = get_object_or_404(selectors.quotes_visible_to(request.user), pk=pk)
    return render(request, "brokerage/quote_detail.html", {
        "quote": quote, "data": quote_data(quote), "lines": list(quote.lines.all()),
        "place_form": PlaceForm(initial={"quote": quote.pk}), "can_order": is_buyer(request.user),
        "reservation_days": settings.ORDER_RESERVATION_BUSINESS_DAYS,
        "findings": [f for f in quote.findings if f.get("rule_set") != "landed-cost-estimate"],
        "estimates": [{**item, "cited": cited(item.get("source", ""), item.get("as_of", "")),
                       "basis": basis_text(item)} for item in quote.estimates],
    })
