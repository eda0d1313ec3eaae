"""The client's real address, the same way everywhere (sign-in lockout, API throttles, logs).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies the client is that many hops from the right of
``X-Forwarded-For``; with none (the default) it is ``REMOTE_ADDR`` and the header is ignored, so a
client cannot choose its own address by sending one.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
