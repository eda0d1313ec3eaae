"""Staff invite merchants to a yard; the invited person picks a username and password and joins it."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MerchantInvitation, User, Yard
from core.errors import ApplicationError


def invitation_create(*, email: str, yard: Yard, by: User) -> MerchantInvitation:
    """Record an invitation of ``email`` to ``yard``; the caller e-mails its link (``accounts.emails``)."""
    invitation = MerchantInvitation(email=email.strip(), yard=yard, invited_by=by,
                                    expires_at=timezone.now() + MerchantInvitation.VALID_FOR)
    try:
        invitation.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("Please correct the errors below."), errors=exc.message_dict) from exc
    invitation.save()
    return invitation


def invitation_usable(invitation: MerchantInvitation | None) -> bool:
    return invitation is not None and invitation.accepted_at is None and invitation.expires_at > timezone.now()


def invitation_accept(*, invitation: MerchantInvitation, username: str, password: str) -> User:
    """The invited person's account: a merchant of the invitation's yard, e-mail verified (the link proved it).
    An invitation serves once."""
    with transaction.atomic():
        invitation = MerchantInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation_usable(invitation):
            raise ApplicationError(_("This invitation has expired or has been used already."), code="invitation_used")
        if User.objects.filter(username__iexact=username).exists():
            raise ApplicationError(_("A user with that username already exists."), field="username")
        user = User(username=username, email=invitation.email, role=User.Role.MERCHANT, yard=invitation.yard,
                    is_active=True, email_verified_at=timezone.now())
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], errors={"password1": exc.messages}) from exc
        user.set_password(password)
        user.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user
