"""With a real worker: a buyer created or changed is screened, and a list import re-screens every buyer
with progress (a leased run)."""

import pytest

from compliance.models import PartyLatest, PartyScreening, ScreeningRun
from compliance.selectors import party_gate
from tests.compliance.screening_helpers import load_ofac_subset
from tests.conftest import wait_for
from tests.factories import BuyerCompanyFactory


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_buyer_is_screened_by_a_worker_when_created_and_changed_and_after_each_import(celery_worker):
    load_ofac_subset(first=20)
    wait_for(lambda: ScreeningRun.objects.filter(status="done").exists(), timeout=60)
    buyer = BuyerCompanyFactory(name="Tanaka Hiroshi", consignee_name="", kind="person")
    wait_for(lambda: PartyLatest.objects.filter(buyer_id=buyer.pk).exists(), timeout=60)
    assert party_gate(buyer=buyer).passed

    buyer.name = "Чемезов Сергей"
    buyer.save()
    wait_for(lambda: PartyScreening.objects.filter(buyer_id=buyer.pk, name="Чемезов Сергей").exists(), timeout=60)
    gate = party_gate(buyer=buyer)
    assert not gate.passed and "16685" in gate.reasons[0]

    result = load_ofac_subset(first=25)
    run = wait_for(lambda: ScreeningRun.objects.filter(pk=result.run.pk, status="done").first(), timeout=60)
    assert run.delta and run.total == run.done == 1 and run.flagged == 1
    assert PartyLatest.objects.get(buyer_id=buyer.pk, role="buyer").screening.run_id == run.pk
