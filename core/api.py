"""API conventions shared by every app: pagination and the error format of api.md.

Errors are ``{"detail": "...", "code": "..."}``, and field errors add ``{"errors": {field: [...]}}``.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, flatten_errors


class CappedCountPaginator(DjangoPaginator):
    """Counts exactly up to EXACT_COUNT_LIMIT rows, then uses the planner's estimate.

    COUNT(*) over a million-row catalog costs more than the page itself; past five thousand
    matches nobody pages to the end, and the response says the count is an estimate.
    """

    EXACT_COUNT_LIMIT = 5_000
    count_is_estimate = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return len(queryset)
        estimate = self._estimate(queryset)
        if estimate > self.EXACT_COUNT_LIMIT:
            # Counting tens of thousands of matches costs more than the page; the planner's figure will do.
            self.count_is_estimate = True
            return estimate
        exact = queryset.order_by()[: self.EXACT_COUNT_LIMIT + 1].count()
        if exact <= self.EXACT_COUNT_LIMIT:
            return exact
        self.count_is_estimate = True
        return max(estimate, exact)

    @staticmethod
    def _estimate(queryset) -> int:
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return 0
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedCountPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.count_is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_estimate"] = {"type": "boolean"}
        return schema


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.errors:
            body["errors"] = exc.errors
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # never an empty message, and the code says what happened
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(errors)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail) or {"non_field_errors": ["Invalid input."]}
        first_field, messages = next(iter(errors.items()))
        first = messages[0] if messages else "Invalid input."
        response.data = {
            "detail": f"{first_field}: {first}" if first_field != "non_field_errors" else first,
            "code": "invalid",
            "errors": errors,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = {"detail": str(detail), "code": code}
    return response
