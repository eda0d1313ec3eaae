"""API tokens (django-rest-knox)."""

from knox.models import AuthToken

from core.errors import ApplicationError


def token_issue(*, user, request=None) -> tuple[AuthToken, str]:
    """A new API token for ``user``: the stored row and the token itself (shown once, stored hashed)."""
    return AuthToken.objects.create(user=user)


def token_revoke(*, user, token_key: str) -> None:
    """Revoke one of ``user``'s tokens by its id (first characters); someone else's is a 404."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise ApplicationError("No such token.", code="not_found", status=404)


def tokens_revoke_all(*, user) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
