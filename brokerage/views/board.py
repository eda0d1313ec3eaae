"""The staff board of orders: a column per status, filters, and the actions staff take on a card.

Broker staff and compliance officers only (anyone else: 403). The actions call the brokerage services
(``order_cancel``, ``order_transition``); a refusal comes back as a message on the board, which keeps
its filters and pages.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Yard
from accounts.permissions import is_broker_staff, is_officer
from brokerage import reports
from brokerage.models import Order, OrderStatus
from brokerage.services import TRANSITIONS, order_cancel, order_transition
from core.codes import country_name
from core.errors import ApplicationError
from core.forms import error_message

PAYABLE = (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED, OrderStatus.DEPOSIT_PAID)
CANCELLABLE = tuple(status for status, moves in TRANSITIONS.items() if OrderStatus.CANCELLED in moves)


def board_staff_required(view):
    """Broker staff and compliance officers; everyone else signed in gets a 403."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (is_broker_staff(request.user) or is_officer(request.user)):
            raise PermissionDenied(_("Only broker staff and compliance officers may open this page."))
        return view(request, *args, **kwargs)
    return wrapper


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Order number or buyer"), required=False, max_length=80)
    country = forms.ChoiceField(label=gettext_lazy("Destination"), required=False)
    yard = forms.ModelChoiceField(label=gettext_lazy("Yard"), required=False, queryset=Yard.objects.order_by("code"),
                                  empty_label=gettext_lazy("All yards"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All destinations"))] + [
            (code, f"{code} {country_name(code)}") for code in countries]

    def filters(self) -> reports.BoardFilters:
        if not self.is_valid():
            return reports.BoardFilters()
        data = self.cleaned_data
        return reports.BoardFilters(country=data["country"], yard=data["yard"].pk if data["yard"] else None,
                                    q=data["q"].strip())


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    back = forms.CharField(required=False, widget=forms.HiddenInput)


class MoveForm(forms.Form):
    back = forms.CharField(required=False, widget=forms.HiddenInput)


def _page_param(status: str) -> str:
    return f"p_{status}"


def _page_url(query: QueryDict, status: str, page: int) -> str:
    query = query.copy()
    query[_page_param(status)] = str(page)
    return f"?{query.urlencode()}"


def _pages(query: QueryDict) -> dict[str, int]:
    pages = {}
    for status in reports.BOARD_COLUMNS:
        value = query.get(_page_param(status), "")
        if value.isdigit():
            pages[status] = int(value)
    return pages


@board_staff_required
def board(request):
    countries = reports.board_countries()
    form = BoardFilterForm(request.GET or None, countries=countries)
    columns = reports.board(form.filters() if form.is_bound else reports.BoardFilters(), _pages(request.GET))
    for column in columns:
        column.previous_url = _page_url(request.GET, column.status, column.page - 1)
        column.next_url = _page_url(request.GET, column.status, column.page + 1)
    back = request.GET.urlencode()
    return render(request, "brokerage/staff/board.html", {
        "form": form, "columns": columns, "back": back, "cancellable": CANCELLABLE, "payable": PAYABLE,
        "now": timezone.now(),
        "cancel_form": CancelForm(initial={"back": back}), "move_form": MoveForm(initial={"back": back}),
        "filtered": any(request.GET.get(name) for name in ("q", "country", "yard")),
    })


def _back_to_board(back: str):
    # Only the query string comes back from the form, re-encoded: the redirect never leaves the board.
    query = QueryDict(back or "").urlencode()
    return redirect(f"{reverse('brokerage:board')}{'?' + query if query else ''}")


def _order(pk: int) -> Order:
    # Staff and officers see every order (accounts.permissions.buyer_scoped); the decorator has checked that.
    return get_object_or_404(Order, pk=pk)


@board_staff_required
@require_POST
def board_cancel(request, pk):
    order = _order(pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("%(number)s: give the reason for cancelling.") % {"number": order.number})
        return _back_to_board(request.POST.get("back", ""))
    try:
        order_cancel(order=order, by=request.user, note=form.cleaned_data["reason"].strip())
    except ApplicationError as exc:
        messages.error(request, f"{order.number}: {error_message(exc)}")
    else:
        messages.success(request, _("%(number)s is cancelled; its vehicles are available again.")
                         % {"number": order.number})
    return _back_to_board(form.cleaned_data["back"])


@board_staff_required
@require_POST
def board_ready(request, pk):
    order = _order(pk)
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        order_transition(order=order, to=OrderStatus.READY_TO_SHIP, by=request.user,
                         note="moved on the orders board")
    except ApplicationError as exc:
        messages.error(request, f"{order.number}: {error_message(exc)}")
    else:
        messages.success(request, _("%(number)s is ready to ship.") % {"number": order.number})
    return _back_to_board(form.cleaned_data.get("back", ""))
