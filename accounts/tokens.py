"""Links sent by e-mail: e-mail verification (one use, like Django's password reset) and merchant invitations."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

from accounts.models import MerchantInvitation

INVITATION_SALT = "accounts.merchant-invitation"


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """A token that stops working once the address is verified (the hash covers the verification time)."""

    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{user.is_active}{verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def invitation_token(invitation: MerchantInvitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> int | None:
    """The invitation's id, or None for a tampered or expired (older than 7 days) link."""
    try:
        return signing.loads(token, salt=INVITATION_SALT, max_age=MerchantInvitation.VALID_FOR)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
