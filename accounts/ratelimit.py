"""A small fixed-window rate limit per client address (and per target), kept in Django's cache.

django-axes guards sign-in; this guards the other forms that send e-mail or create accounts (registration,
password reset, resending a verification link, accepting an invitation). ``ACCOUNTS_RATE_LIMITS`` in the
settings may change the limits: ``{scope: (attempts, seconds)}``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.http import client_ip

DEFAULT_LIMITS = {
    "register": (10, 3600),
    "password_reset": (10, 3600),
    "password_reset_email": (3, 3600),
    "verify_resend": (5, 3600),
    "invitation_accept": (20, 3600),
}


def _limit(scope: str) -> tuple[int, int]:
    return getattr(settings, "ACCOUNTS_RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def hit(scope: str, key: str) -> bool:
    """Count one attempt at ``scope`` by ``key``; False once the window's attempts are used up."""
    attempts, seconds = _limit(scope)
    cache_key = "ratelimit:" + scope + ":" + hashlib.sha256(key.encode()).hexdigest()[:32]
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= attempts


def hit_by_ip(request, scope: str) -> bool:
    return hit(scope, client_ip(request) or "unknown")
