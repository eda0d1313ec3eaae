"""Reads: a user's notifications and how many are unread (the top bar)."""

from django.db.models import QuerySet

from notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created", "-id")


def unread_notifications_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
