"""TRUNCATE cannot empty the append-only records either, not even through a CASCADE from another table."""

import pytest
from django.db import DatabaseError, connection, transaction

from compliance.models import RuleVersion


@pytest.mark.django_db
@pytest.mark.parametrize("statement", [
    "TRUNCATE compliance_compliancecheck, compliance_ruleversion CASCADE",
    "TRUNCATE compliance_officerreview CASCADE",
    "TRUNCATE compliance_decisionchange",
    "TRUNCATE compliance_rescreenrun CASCADE",  # reaches the checks a run recorded
    "TRUNCATE compliance_rule CASCADE",  # reaches the rule versions
])
def test_the_database_refuses_to_truncate_a_record(statement):
    before = RuleVersion.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert RuleVersion.objects.count() == before > 0


@pytest.mark.django_db
def test_only_a_session_that_says_so_may_truncate():
    """The test suite's flush does (tests/conftest.py); the application never sets this."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('exportbroker.allow_truncate', true)")
        assert cursor.fetchone()[0] in (None, "", "off")
