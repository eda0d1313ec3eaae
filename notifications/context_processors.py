from notifications.selectors import unread_notifications_count


def navigation(request) -> dict:
    """What the top bar needs: the signed-in user's unread notifications (one COUNT, only when signed in)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": unread_notifications_count(user)}
