"""Schemathesis over the whole API, generated from our own OpenAPI schema: no input a client sends is a 5xx.

Bounded (two examples per operation, each role) so the suite stays quick; a longer run is
`FUZZ_EXAMPLES=50 .venv/bin/python -m pytest tests/test_api_fuzz.py`.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error

from tests.factories import BuyerFactory, MerchantFactory, OfficerFactory, VehicleFactory, YardFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def in_test_transaction():
    """Raw WSGI calls would close the test's connection at request end (Django's test client avoids it too)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, in_test_transaction):
    yard = YardFactory(code="FZ")
    VehicleFactory(yard=yard, status="available")
    users = {"anonymous": None, "merchant": MerchantFactory(yard=yard), "buyer": BuyerFactory(),
             "officer": OfficerFactory()}
    return {role: (AuthToken.objects.create(user=user)[1] if user else None) for role, user in users.items()}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_is_a_server_error(case, tokens):
    for token in tokens.values():
        headers = {"Authorization": f"Token {token}"} if token else {}
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
