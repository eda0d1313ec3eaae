"""Buyer self-registration, e-mail verification and the ports a buyer's country offers."""

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts import ratelimit, services
from accounts.emails import already_registered_email_send, verification_email_send
from accounts.forms import BuyerRegistrationForm, ResendVerificationForm, port_groups
from accounts.tokens import email_verification_token
from accounts.views.common import too_many
from core.errors import ApplicationError
from core.forms import apply_errors

User = get_user_model()


def register(request):
    form = BuyerRegistrationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit_by_ip(request, "register"):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            existing = services.email_in_use(data["email"])
            if existing is not None:
                # the same answer as a new registration: the page does not say which addresses have accounts
                already_registered_email_send(user=existing, request=request)
                return redirect("accounts:register_done")
            try:
                user = services.buyer_register(
                    company=form.company_data(), username=data["username"], email=data["email"],
                    password=data["password1"], first_name=data["first_name"], last_name=data["last_name"],
                    language=get_language() or "")
            except ApplicationError as exc:
                apply_errors(form, exc)
            else:
                verification_email_send(user=user, request=request)
                return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


def register_done(request):
    return render(request, "accounts/register_done.html")


@require_GET
def register_ports(request):
    """The ports of one country, for the registration form's port list (static/js/app.js fills it): ``ports`` in
    the form's order, and ``groups`` as the form groups them (those we ship to first; one unlabelled group when
    there is nothing to set apart)."""
    country = request.GET.get("country", "")[:2].upper()
    groups = [{"label": label, "ports": [{"code": code, "label": name} for code, name in choices]}
              for label, choices in port_groups(country)]
    return JsonResponse({"ports": [port for group in groups for port in group["ports"]], "groups": groups})


def _user_from_uid(uidb64: str):
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


def verify_email(request, uidb64, token):
    user = _user_from_uid(uidb64)
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_email.html", {"valid": False}, status=400)
    user = services.email_verify(user=user)
    return render(request, "accounts/verify_email.html", {"valid": True, "verified_user": user})


def verify_resend(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit_by_ip(request, "verify_resend"):
            return too_many(request)
        if form.is_valid():
            user = (User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=False,
                                        email_verified_at__isnull=True).order_by("pk").first())
            if user is not None:
                verification_email_send(user=user, request=request)
            return redirect("accounts:register_done")
    return render(request, "accounts/verify_resend.html", {"form": form})
