"""Payments: buyers upload proof of each T/T; staff record what reached the bank, and the order moves on
(the deposit share reached → deposit paid, everything → paid). Amounts in the order's currency only."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brokerage.models import Order, OrderEvent, OrderStatus, Payment, PaymentProof
from brokerage.services.events import order_event_record
from brokerage.services.gates import order_gate_reasons
from brokerage.services.orders import _apply, _lock
from core.errors import ApplicationError
from core.money import round_money
from inventory.services.images import paper_content_type

S = OrderStatus
PAYABLE = (S.RESERVED, S.PROFORMA_ISSUED, S.DEPOSIT_PAID)
PROOF_OPEN = (S.RESERVED, S.PROFORMA_ISSUED, S.DEPOSIT_PAID, S.PAID)
# A T/T may reach us a little before the order is placed (an advance), not months or years: that is a typo.
EARLY_PAYMENT_SLACK = dt.timedelta(days=30)


def _amount(value, currency: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ApplicationError(_("Give the amount as a number."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(_("The amount must be more than zero."), field="amount")
    if round_money(amount, currency) != amount:
        raise ApplicationError(_("%(currency)s amounts have no more decimals than the currency has.")
                               % {"currency": currency}, field="amount", code="amount_precision")
    return amount


def payment_record(*, order: Order, by, amount, currency: str, paid_on: dt.date, reference: str,
                   proof: PaymentProof | None = None) -> Payment:
    """Record a T/T that reached the broker's account and move the order on.

    Refused (400): another currency than the order's, more than the balance due, a date in the future or
    more than 30 days before the order was placed (a typo such as 0001-01-01 or last year), an order
    that takes no payment now, or a gate closed (compliance review, blocked vehicle, party screening).
    """
    currency = (currency or "").strip().upper()
    reference = (reference or "").strip()
    with transaction.atomic():
        locked, vehicles = _lock(order.pk)
        if currency != locked.currency:
            raise ApplicationError(
                _("This order is in %(order)s: record the payment in %(order)s, not %(given)s (convert at the "
                  "bank's rate of the day).") % {"order": locked.currency, "given": currency or "-"},
                field="currency", code="currency_mismatch")
        amount = _amount(amount, currency)
        if locked.status not in PAYABLE:
            raise ApplicationError(_("An order that is %(status)s takes no payment.")
                                   % {"status": locked.get_status_display()}, code="not_payable")
        if amount > locked.balance_due:
            raise ApplicationError(
                _("Overpayment: the balance due is %(due)s %(currency)s, the amount %(amount)s %(currency)s. "
                  "Record what the order owes; refund the rest.")
                % {"due": locked.balance_due, "currency": currency, "amount": amount},
                field="amount", code="overpayment")
        if not reference:
            raise ApplicationError(_("Give the bank's reference of the transfer."), field="reference")
        if paid_on > timezone.localdate():
            raise ApplicationError(_("The payment date cannot be in the future."), field="paid_on")
        placed = timezone.localdate(locked.created)
        if paid_on < placed - EARLY_PAYMENT_SLACK:
            raise ApplicationError(
                _("The payment date %(date)s is long before the order was placed (%(placed)s): check the date.")
                % {"date": paid_on.isoformat(), "placed": placed.isoformat()}, field="paid_on")
        if proof is not None and proof.order_id != locked.pk:
            raise ApplicationError(_("That proof belongs to another order."), field="proof")
        paid = locked.paid + amount
        target = S.PAID if paid >= locked.total else (
            S.DEPOSIT_PAID if paid >= locked.total * locked.deposit_share and locked.status != S.DEPOSIT_PAID
            else None)
        reasons = order_gate_reasons(locked, vehicles)  # compliance again at each payment
        if reasons:
            raise ApplicationError(
                _("The order cannot take payments yet: %(reasons)s") % {"reasons": "; ".join(reasons)},
                code="gate_closed", errors={"gates": reasons})
        payment = Payment(order=locked, amount=amount, currency=currency, paid_on=paid_on, reference=reference[:80],
                          proof=proof, recorded_by=by if getattr(by, "pk", None) else None)
        payment.full_clean()
        payment.save()
        locked.paid = paid
        locked.save(update_fields=["paid", "updated"])
        if proof is not None and proof.status != PaymentProof.Status.ACCEPTED:
            PaymentProof.objects.filter(pk=proof.pk).update(status=PaymentProof.Status.ACCEPTED)
        order_event_record(order=locked, kind=OrderEvent.Kind.PAYMENT, by=by,
                           note=f"{amount} {currency} {reference}",
                           data={"payment": payment.pk, "amount": str(amount), "currency": currency,
                                 "paid_on": paid_on.isoformat(), "balance_due": str(locked.balance_due)})
        if target:
            _apply(locked, vehicles, to=target, by=by, note_key="payment", note_params={"reference": reference},
                   check_gates=False)
    return payment


def _proof_type(data: bytes) -> str:
    return paper_content_type(data, wrong_format=_("Upload the bank's receipt as a PDF, JPEG, PNG or WebP file."))


def proof_upload(*, order: Order, by, upload, note: str = "") -> PaymentProof:
    """Keep a buyer's T/T receipt (judged by its content, in private storage) and tell the broker."""
    limit = settings.PAYMENT_PROOF_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ApplicationError(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                               field="file", code="file_too_large")
    upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise ApplicationError(_("The file is empty."), field="file", code="proof_empty")
    if len(data) > limit:
        raise ApplicationError(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                               field="file", code="file_too_large")
    content_type = _proof_type(data)
    name = (getattr(upload, "name", "") or "receipt").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in PROOF_OPEN:
            raise ApplicationError(_("An order that is %(status)s takes no payment proofs.")
                                   % {"status": locked.get_status_display()}, code="not_payable")
        proof = PaymentProof(order=locked, uploaded_by=by if getattr(by, "pk", None) else None, original_name=name,
                             content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                             note=(note or "")[:300])
        proof.file.save("proof", ContentFile(data), save=False)
        proof.save()
        order_event_record(order=locked, kind=OrderEvent.Kind.PROOF, by=by, note=name,
                           data={"proof": proof.pk, "size": len(data), "content_type": content_type})
    return proof
