def navigation(request) -> dict:
    """What the top bar needs: the signed-in user's unread notifications (one COUNT, only when signed in)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    from compliance.selectors import unread_notifications_count

    return {"unread_notifications": unread_notifications_count(user)}
