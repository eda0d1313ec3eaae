"""Buyers register themselves, verify their e-mail address, and wait for staff to approve them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import BuyerCompany, User
from accounts.signals import buyer_approval_decided
from core.errors import ApplicationError

COMPANY_FIELDS = ("kind", "name", "registration_number", "birth_date", "country", "city", "address", "default_port",
                  "phone", "consignee_name", "consignee_address", "consignee_phone", "notify_party")


def email_in_use(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).order_by("pk").first()


def buyer_register(*, company: dict, username: str, email: str, password: str, first_name: str = "",
                   last_name: str = "", language: str = "") -> User:
    """A new buyer company and its first user, who may not sign in before verifying the e-mail address.

    The company waits for staff approval (``approval_status`` pending). It is saved through the model
    (never a queryset update), so the sanctions screening that listens to its saves sees it.
    """
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ApplicationError(_("A user with that username already exists."), field="username")
        buyer = BuyerCompany(**{field: company.get(field, "") for field in COMPANY_FIELDS if field in company},
                             email=email, approval_status=BuyerCompany.Approval.PENDING)
        try:
            buyer.full_clean()
        except ValidationError as exc:
            raise ApplicationError(_("Please correct the errors below."), errors=exc.message_dict) from exc
        buyer.save()
        user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                    role=User.Role.BUYER, buyer=buyer, is_active=False, language=language)
        user.set_password(password)
        user.save()
    return user


def email_verify(*, user: User) -> User:
    """The link in the e-mail was followed: the user may sign in (a buyer still waits for approval to trade)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.is_active = True
            user.save(update_fields=["email_verified_at", "is_active"])
    return user


def _decide(*, buyer: BuyerCompany, by: User, status: str, reason: str = "") -> BuyerCompany:
    with transaction.atomic():
        buyer = BuyerCompany.objects.select_for_update().get(pk=buyer.pk)
        if buyer.approval_status == status:
            raise ApplicationError(_("This buyer has been decided already."), code="already_decided", status=409)
        buyer.approval_status = status
        buyer.approval_decided_by = by
        buyer.approval_decided_at = timezone.now()
        buyer.rejection_reason = reason
        buyer.save(update_fields=["approval_status", "approval_decided_by", "approval_decided_at",
                                  "rejection_reason"])
        buyer_approval_decided.send(sender=BuyerCompany, buyer_id=buyer.pk, status=status)
    return buyer


def buyer_approve(*, buyer: BuyerCompany, by: User) -> BuyerCompany:
    """Staff approve a buyer: its users may place orders (``accounts.permissions.can_trade``); they are told."""
    return _decide(buyer=buyer, by=by, status=BuyerCompany.Approval.APPROVED)


def buyer_reject(*, buyer: BuyerCompany, by: User, reason: str) -> BuyerCompany:
    """Staff reject a buyer, saying why (the buyer is told the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the buyer is rejected."), field="reason")
    return _decide(buyer=buyer, by=by, status=BuyerCompany.Approval.REJECTED, reason=reason)
