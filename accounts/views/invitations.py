"""Staff invite merchants to a yard; the invited merchant accepts by choosing a username and password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import ratelimit, selectors, services
from accounts.emails import invitation_email_send
from accounts.forms import InvitationAcceptForm, InvitationForm
from accounts.models import MerchantInvitation
from accounts.tokens import invitation_from_token
from accounts.views.common import staff_required, too_many
from core.errors import ApplicationError
from core.forms import apply_errors


@staff_required
def invitations(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            if invitation_email_send(invitation=invitation, request=request):
                messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
            else:
                messages.error(request, _("The invitation is recorded but the e-mail could not be sent."))
            return redirect("accounts:invitations")
    return render(request, "accounts/invitations.html", {"form": form, "invitations": selectors.invitations_recent()},
                  status=400 if form.errors else 200)


def invitation_accept(request, token):
    invitation_id = invitation_from_token(token)
    invitation = MerchantInvitation.objects.select_related("yard").filter(pk=invitation_id).first()
    if not services.invitation_usable(invitation):
        return render(request, "accounts/invitation_accept.html", {"valid": False}, status=400)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit_by_ip(request, "invitation_accept"):
            return too_many(request)
        if form.is_valid():
            try:
                user = services.invitation_accept(invitation=invitation, username=form.cleaned_data["username"],
                                                  password=form.cleaned_data["password1"])
            except ApplicationError as exc:
                apply_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! You manage the stock of %(yard)s.")
                                 % {"yard": invitation.yard.name})
                return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation_accept.html", {"valid": True, "invitation": invitation, "form": form},
                  status=400 if form.errors else 200)
