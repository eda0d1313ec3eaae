"""Accounts writes: API tokens, buyer registration and approval, merchant invitations."""

from accounts.services.invitations import invitation_accept, invitation_create, invitation_usable
from accounts.services.registration import (
    buyer_approve,
    buyer_register,
    buyer_reject,
    email_in_use,
    email_verify,
)
from accounts.services.tokens import token_issue, token_revoke, tokens_revoke_all

__all__ = [
    "buyer_approve", "buyer_register", "buyer_reject", "email_in_use", "email_verify", "invitation_accept",
    "invitation_create", "invitation_usable", "token_issue", "token_revoke", "tokens_revoke_all",
]
