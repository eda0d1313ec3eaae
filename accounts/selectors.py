"""Accounts reads."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import BuyerCompany, MerchantInvitation


def tokens_of(user) -> QuerySet[AuthToken]:
    """``user``'s API tokens that still work, newest first."""
    return (AuthToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
            .order_by("-created"))


def buyers_pending() -> QuerySet[BuyerCompany]:
    """Registered buyers waiting for staff, oldest first, with their users (verified or not)."""
    return (BuyerCompany.objects.filter(approval_status=BuyerCompany.Approval.PENDING)
            .select_related("default_port").prefetch_related("users").order_by("created", "pk"))


def buyers_recently_decided(limit: int = 20) -> QuerySet[BuyerCompany]:
    return (BuyerCompany.objects.exclude(approval_status=BuyerCompany.Approval.PENDING)
            .filter(approval_decided_at__isnull=False).select_related("approval_decided_by")
            .order_by("-approval_decided_at")[:limit])


def invitations_recent(limit: int = 50) -> QuerySet[MerchantInvitation]:
    return MerchantInvitation.objects.select_related("yard", "invited_by", "accepted_user")[:limit]
