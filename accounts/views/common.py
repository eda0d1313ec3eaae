"""What every accounts page shares: the staff check and the answer to too many attempts."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import is_broker_staff


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_broker_staff(request.user):
            raise PermissionDenied(_("Only the broker's staff may open this page."))
        return view(request, *args, **kwargs)
    return wrapper


def too_many(request):
    return render(request, "accounts/too_many.html", status=429)
