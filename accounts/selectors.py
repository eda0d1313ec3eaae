"""Accounts reads."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken


def tokens_of(user) -> QuerySet[AuthToken]:
    """``user``'s API tokens that still work, newest first."""
    return (AuthToken.objects.filter(user=user).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
            .order_by("-created"))
