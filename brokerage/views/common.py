from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.permissions import is_broker_staff


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_broker_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper
