"""Rule versions, checks and officer reviews cannot be updated or deleted, even in raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from compliance.models import ComplianceCheck, OfficerReview, RuleVersion, VehicleDecision
from compliance.services import review_decide, vehicles_check
from tests.compliance.conftest import car
from tests.factories import OfficerFactory, VehicleFactory, YardFactory


@pytest.fixture
def records():
    vehicle = VehicleFactory(yard=YardFactory(country="JP"), **car(fuel="mild_hybrid"))
    vehicles_check(vehicle_ids=[vehicle.pk], destinations=["RU"])
    decision = VehicleDecision.objects.get(vehicle=vehicle, destination="RU")
    review = review_decide(decision=decision, outcome="approve", reason="Checked the maker's papers.",
                           user=OfficerFactory())
    return {"compliance_compliancecheck": decision.check_record_id, "compliance_officerreview": review.pk,
            "compliance_ruleversion": RuleVersion.objects.first().pk}


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["compliance_compliancecheck", "compliance_officerreview", "compliance_ruleversion"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id WHERE id = %s", "DELETE FROM {table} WHERE id = %s"])
def test_the_database_refuses_to_change_a_record(records, table, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), [records[table]])


@pytest.mark.django_db
def test_the_orm_cannot_edit_or_delete_a_check_either(records):
    check = ComplianceCheck.objects.get(pk=records["compliance_compliancecheck"])
    check.decision = "clear"
    with pytest.raises(DatabaseError), transaction.atomic():
        check.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        OfficerReview.objects.all().delete()
    assert ComplianceCheck.objects.get(pk=check.pk).decision == "review"


@pytest.mark.django_db
def test_the_latest_decision_index_is_not_a_record_and_can_move(records):
    decision = VehicleDecision.objects.get()
    assert VehicleDecision.objects.filter(pk=decision.pk).update(decision="blocked") == 1
