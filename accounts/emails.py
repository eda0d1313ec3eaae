"""E-mails accounts sends with a link in them, each in its reader's language.

They go out while the person waits for the page (as Django's password reset does): a mail server that
refuses is logged and the page says the link can be sent again, never an error page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import MerchantInvitation, User
from accounts.tokens import email_verification_token, invitation_token

log = logging.getLogger(__name__)


def _send(*, template: str, to: str, language: str, context: dict) -> bool:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
        body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except OSError:
        log.exception("could not send the %s e-mail", template)
        return False
    return True


def verification_email_send(*, user: User, request) -> bool:
    path = reverse("accounts:verify_email", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                   email_verification_token.make_token(user)])
    return _send(template="verify", to=user.email, language=user.language,
                 context={"user": user, "link": request.build_absolute_uri(path)})


def already_registered_email_send(*, user: User, request) -> bool:
    """Someone registered with an address that has an account: tell its owner, and nobody else anything."""
    return _send(template="already_registered", to=user.email, language=user.language, context={
        "user": user, "login": request.build_absolute_uri(reverse("accounts:login")),
        "reset": request.build_absolute_uri(reverse("accounts:password_reset"))})


def invitation_email_send(*, invitation: MerchantInvitation, request) -> bool:
    path = reverse("accounts:invitation_accept", args=[invitation_token(invitation)])
    return _send(template="invitation", to=invitation.email, language=translation.get_language(), context={
        "invitation": invitation, "link": request.build_absolute_uri(path),
        "days": MerchantInvitation.VALID_FOR.days})
