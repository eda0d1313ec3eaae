"""When our own backend is down, say so: 503 with ``Retry-After``, never a 500.

A database or Redis outage raises inside a view, a middleware (sessions, auth) or a template.
Django turns any of these into a 500 and sends ``got_request_exception`` first; the receiver here
marks the request when the exception is an outage, and the outermost middleware answers 503
instead: JSON in the API's error format under ``/api/``, the styled page elsewhere.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 15
OUTAGES = {
    OperationalError: "database", InterfaceError: "database",
    RedisConnectionError: "redis", RedisTimeoutError: "redis", BrokerError: "redis",
}
_MARK = "_service_unavailable"


def outage_of(exc: BaseException | None) -> str | None:
    """Which backend an exception says is down ("database", "redis"), or None for any other error."""
    while exc is not None:
        for kind, backend in OUTAGES.items():
            if isinstance(exc, kind):
                return backend
        exc = exc.__cause__ or exc.__context__
    return None


@receiver(got_request_exception, dispatch_uid="core-mark-outage")
def _mark_outage(sender, request=None, **kwargs):
    backend = outage_of(sys.exc_info()[1])
    if backend and request is not None:
        setattr(request, _MARK, backend)


def unavailable_response(request, backend: str):
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _("The service is briefly unavailable (%(backend)s): please retry.")
                                 % {"backend": backend}, "code": "unavailable"}, status=503)
    else:
        # Rendered without the request: context processors would read the session and notifications.
        response = HttpResponse(render_to_string("503.html", {"backend": backend}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """First in MIDDLEWARE: sees every response, including the 500s of the middlewares inside it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        backend = getattr(request, _MARK, None)
        if backend and response.status_code >= 500:
            logger.warning("answered 503: %s unavailable (%s %s)", backend, request.method, request.path)
            return unavailable_response(request, backend)
        return response
