"""Order pages: my orders, an order with its timeline, amounts due, countdown, proofs and payments;
placing from a quote; staff record payments and cancel; officers decide the sale's review."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_broker_staff, is_buyer, is_merchant, is_officer
from brokerage import selectors, services
from brokerage.forms import CancelForm, PaymentForm, PlaceForm, ProofForm, ReviewForm
from brokerage.models import OrderStatus, ReviewState
from brokerage.serializers import deposit_due
from brokerage.services.orders import BUYER_CANCELLABLE, TRANSITIONS
from core.errors import ApplicationError
from core.forms import apply_errors, error_message

STEPS = [OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED, OrderStatus.DEPOSIT_PAID, OrderStatus.PAID,
         OrderStatus.READY_TO_SHIP, OrderStatus.SHIPPED, OrderStatus.DELIVERED]


def _own(user, order) -> bool:
    return is_broker_staff(user) or (is_buyer(user) and user.buyer_id == order.buyer_id)


@login_required
def order_list(request):
    orders = selectors.order_detail_queryset(request.user).order_by("-created", "-id")
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    return render(request, "brokerage/order_list.html", {
        "orders": orders[:200], "status": status, "statuses": OrderStatus.choices,
        "read_only": is_merchant(request.user), "staff": is_broker_staff(request.user)})


def _order_page(request, order, *, payment_form=None, proof_form=None, cancel_form=None, review_form=None,
                status=200):
    own = _own(request.user, order)
    staff = is_broker_staff(request.user)
    reached = {event.to_status for event in order.events.all() if event.to_status}
    steps = [{"status": step, "label": OrderStatus(step).label, "done": step in reached,
              "current": step == order.status} for step in STEPS]
    proofs = list(order.proofs.all()) if own else []
    return render(request, "brokerage/order_detail.html", {
        "order": order, "lines": list(order.lines.all()), "events": list(order.events.all()),
        "payments": list(order.payments.all()) if own else [], "proofs": proofs, "own": own, "staff": staff,
        "steps": steps, "deposit_due": deposit_due(order), "bank_account": settings.BROKER_BANK_ACCOUNT,
        "counting_down": order.status in (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED)
        and order.reserved_until is not None,
        "can_upload": own and order.status in (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED,
                                               OrderStatus.DEPOSIT_PAID, OrderStatus.PAID),
        "can_pay": staff and order.status in (OrderStatus.RESERVED, OrderStatus.PROFORMA_ISSUED,
                                              OrderStatus.DEPOSIT_PAID),
        "can_cancel": (staff and OrderStatus.CANCELLED in TRANSITIONS[order.status])
        or (own and order.status in BUYER_CANCELLABLE),
        "can_review": is_officer(request.user) and order.review_state == ReviewState.PENDING,
        "payment_form": payment_form or PaymentForm(proofs=proofs, initial={
            "currency": order.currency, "paid_on": timezone.localdate(),
            "amount": deposit_due(order) or order.balance_due}),
        "proof_form": proof_form or ProofForm(), "cancel_form": cancel_form or CancelForm(),
        "review_form": review_form or ReviewForm(),
    }, status=status)


@login_required
def order_detail(request, pk: int):
    order = get_object_or_404(selectors.order_detail_queryset(request.user), pk=pk)
    return _order_page(request, order)


@login_required
@require_POST
def order_place(request):
    if not is_buyer(request.user):
        raise PermissionDenied
    form = PlaceForm(request.POST)
    if not form.is_valid():
        raise Http404
    quote = get_object_or_404(selectors.quotes_visible_to(request.user), pk=form.cleaned_data["quote"])
    try:
        order = services.order_place(
            user=request.user, buyer=request.user.buyer, vehicle_ids=[line.vehicle_id for line in quote.lines.all()],
            destination_port=quote.destination_port_id, terms=quote.terms, route=list(quote.route),
            quote_id=quote.pk, currency=quote.currency)
    except ApplicationError as exc:
        messages.error(request, error_message(exc))
        return redirect("brokerage:quote", quote.pk)
    messages.success(request, _("Reserved. Pay the deposit before the deadline shown below."))
    return redirect("brokerage:order", order.pk)


def _order_for(request, pk: int):
    return get_object_or_404(selectors.order_detail_queryset(request.user), pk=pk)


@login_required
@require_POST
def order_cancel(request, pk: int):
    order = _order_for(request, pk)
    if not _own(request.user, order):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.order_cancel(order=order, by=request.user, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _order_page(request, _order_for(request, pk), cancel_form=form, status=400)
    messages.success(request, _("The order is cancelled and its vehicles released."))
    return redirect("brokerage:order", pk)


@login_required
@require_POST
def payment_record(request, pk: int):
    if not is_broker_staff(request.user):
        raise PermissionDenied
    order = _order_for(request, pk)
    proofs = list(order.proofs.all())
    form = PaymentForm(request.POST, proofs=proofs)
    if form.is_valid():
        data = form.cleaned_data
        proof = next((p for p in proofs if p.pk == data["proof"]), None)
        try:
            services.payment_record(order=order, by=request.user, amount=data["amount"], currency=data["currency"],
                                    paid_on=data["paid_on"], reference=data["reference"], proof=proof)
        except ApplicationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _order_page(request, _order_for(request, pk), payment_form=form, status=400)
    messages.success(request, _("Payment recorded."))
    return redirect("brokerage:order", pk)


@login_required
@require_POST
def proof_upload(request, pk: int):
    order = _order_for(request, pk)
    if not _own(request.user, order):
        raise PermissionDenied
    form = ProofForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proof_upload(order=order, by=request.user, upload=form.cleaned_data["file"],
                                  note=form.cleaned_data["note"])
        except ApplicationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _order_page(request, _order_for(request, pk), proof_form=form, status=400)
    messages.success(request, _("Receipt received. We check it against our bank statement and confirm here."))
    return redirect("brokerage:order", pk)


@login_required
def proof_file(request, pk: int, proof_id: int):
    """A proof's file, to its order's buyer and staff only (404 to everyone else); never from a public path."""
    proof = get_object_or_404(selectors.proofs_visible_to(request.user), pk=proof_id, order_id=pk)
    try:
        handle = proof.file.storage.open(proof.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=proof.content_type, filename=proof.original_name,
                            as_attachment=proof.content_type == "application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def order_review(request, pk: int):
    order = _order_for(request, pk)
    if not is_officer(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.order_review_decide(order=order, by=request.user,
                                         approve=form.cleaned_data["outcome"] == "approve",
                                         reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return _order_page(request, _order_for(request, pk), review_form=form, status=400)
    messages.success(request, _("Decision recorded."))
    return redirect("brokerage:order", pk)


