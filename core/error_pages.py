"""Errors answered in the house style: styled pages (base layout, four languages), JSON under ``/api/``.

``config/urls.py`` points Django's ``handler400/403/404/500`` here (used when ``DEBUG`` is off).
``ApiErrorsMiddleware`` makes sure that everything under ``/api/`` answers in the API's error format
``{"detail", "code"}`` whatever produced the error: an unknown URL, a view outside DRF, the CSRF
check, or Django's debug pages when ``DEBUG`` is on (the traceback is still logged).
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# Headers an error keeps when it is rewritten as JSON (they tell the client what to do next).
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request."), "bad_request"),
        401: (_("Authentication credentials were not provided."), "not_authenticated"),
        403: (_("You do not have permission to perform this action."), "permission_denied"),
        404: (_("Not found."), "not_found"),
        405: (_("Method not allowed."), "method_not_allowed"),
        413: (_("The request is too large."), "too_large"),
        429: (_("Too many requests: try again later."), "throttled"),
        500: (_("A server error occurred: it has been logged. Please try again later."), "server_error"),
    }


def api_error(status: int) -> JsonResponse:
    detail, code = _api_messages().get(status, (_("The request failed."), "error"))
    return JsonResponse({"detail": detail, "code": code}, status=status)


def bad_request(request, exception=None):
    if is_api(request):
        return api_error(400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if is_api(request):
        return api_error(403)
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    if is_api(request):
        return api_error(404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api(request):
        return api_error(500)
    # Rendered without the request: no context processor runs, so the page needs no database or session.
    return HttpResponse(render_to_string("500.html"), status=500)


class ApiErrorsMiddleware:
    """Under ``/api/``, an error response that is not JSON becomes the API's ``{"detail", "code"}`` JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code >= 400 and is_api(request) and not getattr(response, "streaming", False)
                and "json" not in response.get("Content-Type", "")):
            replacement = api_error(response.status_code)
            for header in _KEPT_HEADERS:
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
