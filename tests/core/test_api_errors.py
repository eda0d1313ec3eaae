from django.http import Http404
from rest_framework import exceptions

from core.api import exception_handler
from core.errors import flatten_errors


def _handle(detail):
    return exception_handler(exceptions.ValidationError(detail), {})


def test_nested_field_errors_become_dotted_names_and_a_readable_detail():
    response = _handle({"vehicle": {"engine_cc": ["Must be a number."]}, "route": [{}, ["Unknown country ZZ."]]})
    assert response.status_code == 400
    assert response.data["errors"] == {"vehicle.engine_cc": ["Must be a number."], "route.1": ["Unknown country ZZ."]}
    assert response.data["detail"] == "vehicle.engine_cc: Must be a number."
    assert response.data["code"] == "invalid"


def test_a_plain_list_of_errors_is_non_field():
    response = _handle(["Something is off."])
    assert response.data == {"detail": "Something is off.", "code": "invalid",
                             "errors": {"non_field_errors": ["Something is off."]}}


def test_flatten_keeps_top_level_fields_as_they_are():
    assert flatten_errors({"price": ["Bad."], "non_field_errors": ["Also bad."]}) == {
        "price": ["Bad."], "non_field_errors": ["Also bad."]}


def test_a_404_says_not_found():
    response = exception_handler(Http404(), {})
    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found"}
