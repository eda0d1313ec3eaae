"""Buyers' parties screened, the gate, and the officer's decisions: a false positive stands until the party or
the entry changes, a true match blocks, and a re-import re-screens against the changed entries only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from compliance.models import HitDecision, PartyLatest, PartyScreening, ScreeningHit, ScreeningRun
from compliance.selectors import party_gate
from compliance.selectors.parties import HitFilters, hits_queue
from compliance.services.hit_decisions import hit_decide
from compliance.services.parties import buyer_screen
from compliance.services.party_runs import screening_run_execute
from compliance.signals import party_flagged
from core.errors import ApplicationError
from tests.compliance.screening_helpers import CHEMEZOV, load_ofac_subset, ofac_subset
from tests.factories import BuyerCompanyFactory, OfficerFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ofac(db):
    return load_ofac_subset(first=30)


@pytest.fixture
def flagged():
    buyers = []

    def receive(sender, buyer_id, **kwargs):
        buyers.append(buyer_id)

    party_flagged.connect(receive, dispatch_uid="test-party-flagged")
    yield buyers
    party_flagged.disconnect(dispatch_uid="test-party-flagged")


def screened(**fields):
    buyer = BuyerCompanyFactory(**fields)
    buyer_screen(buyer_id=buyer.pk)
    return buyer


def open_hit(buyer, role="buyer") -> ScreeningHit:
    return hits_queue(HitFilters()).get(screening__buyer_id=buyer.pk, screening__role=role, entry_ref=CHEMEZOV)


def test_a_listed_buyer_is_stopped_before_any_order_with_reasons(ofac, django_capture_on_commit_callbacks, flagged):
    with django_capture_on_commit_callbacks(execute=True):
        buyer = screened(name="Чемезов Сергей", kind="person", consignee_name="", notify_party="")
    gate = party_gate(buyer=buyer)
    assert not gate.passed and "OFAC SDN entry 16685" in gate.reasons[0]
    assert flagged == [buyer.pk]
    hit = open_hit(buyer)
    assert hit.entry_ref == CHEMEZOV and hit.matched_name == "CHEMEZOV, Sergei"
    assert any(step["key"] == "part_aligned" for step in hit.explanation)


def test_innocent_buyers_pass(ofac):
    for name in ("Tanaka Hiroshi", "Almaty Auto Trade LLP"):
        buyer = screened(name=name, consignee_name=name, notify_party=f"{name}\nAlmaty, Abay 1")
        assert party_gate(buyer=buyer).passed
        assert PartyScreening.objects.filter(buyer_id=buyer.pk).count() == 3  # buyer, consignee, notify: kept


def test_consignee_and_notify_party_are_screened_too(ofac):
    buyer = screened(name="Almaty Auto Trade LLP", consignee_name="Tanaka Hiroshi",
                     notify_party="Sergei Chemezov\nMoscow")
    assert not party_gate(buyer=buyer).passed
    assert open_hit(buyer, role="notify").entry_ref == CHEMEZOV


def test_an_unscreened_party_does_not_pass_once_lists_are_loaded(ofac):
    buyer = BuyerCompanyFactory(name="Tanaka Hiroshi")
    assert not party_gate(buyer=buyer).passed
    buyer_screen(buyer_id=buyer.pk)
    assert party_gate(buyer=buyer).passed


def test_a_false_positive_clears_the_party_until_its_name_changes(ofac):
    officer = OfficerFactory()
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="")
    decision = hit_decide(hit=open_hit(buyer), outcome="false_positive", reason="Born 1990, a namesake.",
                          user=officer)
    assert decision.decided_by == officer and party_gate(buyer=buyer).passed
    buyer_screen(buyer_id=buyer.pk)  # screened again, same name: the decision stands
    assert party_gate(buyer=buyer).passed
    buyer.name = "Sergey Chemezov"
    buyer.save()
    buyer_screen(buyer_id=buyer.pk)
    assert not party_gate(buyer=buyer).passed  # another name: asks again


def test_a_true_match_blocks(ofac, django_capture_on_commit_callbacks, flagged):
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="")
    with django_capture_on_commit_callbacks(execute=True):
        hit_decide(hit=open_hit(buyer), outcome="true_match", reason="Same person, same birth date.",
                   user=OfficerFactory())
    gate = party_gate(buyer=buyer)
    assert not gate.passed and "confirmed match" in gate.reasons[0]
    assert flagged == [buyer.pk]


def test_a_decision_needs_a_reason_and_is_append_only(ofac):
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="")
    with pytest.raises(ApplicationError):
        hit_decide(hit=open_hit(buyer), outcome="false_positive", reason=" ", user=OfficerFactory())
    decision = hit_decide(hit=open_hit(buyer), outcome="false_positive", reason="A namesake.", user=OfficerFactory())
    with pytest.raises(Exception, match="append-only"):
        HitDecision.objects.filter(pk=decision.pk).update(reason="changed")


def test_a_cleared_look_alike_stays_cleared_after_the_next_import(ofac):
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="")
    hit_decide(hit=open_hit(buyer), outcome="false_positive", reason="A namesake born 1990.", user=OfficerFactory())
    result = load_ofac_subset(first=40)  # ten more entries; Chemezov's unchanged
    assert result.run.delta and screening_run_execute(run_id=result.run.pk).status == ScreeningRun.Status.DONE
    latest = PartyLatest.objects.get(buyer_id=buyer.pk, role="buyer").screening
    assert latest.run_id == result.run.pk and latest.hit_count >= 1  # the hit is carried, its decision stands
    assert party_gate(buyer=buyer).passed


def test_a_changed_entry_asks_again_after_the_import(ofac):
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="")
    hit_decide(hit=open_hit(buyer), outcome="false_positive", reason="A namesake born 1990.", user=OfficerFactory())
    result = load_ofac_subset(first=30, replace={b"Cheremkhovo": b"Cheremkhovo, Irkutsk Oblast"})
    assert result.version.delta["changed"] == [CHEMEZOV]
    screening_run_execute(run_id=result.run.pk)
    assert not party_gate(buyer=buyer).passed


def test_the_officer_works_the_queue_page_with_filters_and_decides(ofac):
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="", country="RU")
    client = Client()
    client.force_login(OfficerFactory())
    page = client.get(reverse("compliance:screening_hits"))
    assert page.status_code == 200 and "CHEMEZOV, Sergei" in page.text
    assert "CHEMEZOV, Sergei" not in client.get(reverse("compliance:screening_hits"), {"country": "KZ"}).text
    assert "CHEMEZOV, Sergei" not in client.get(reverse("compliance:screening_hits"),
                                                {"state": "false_positive"}).text
    hit = open_hit(buyer)
    url = reverse("compliance:screening_hit_decide", args=[hit.pk])
    refused = client.post(url, {"outcome": "false_positive", "reason": ""})
    assert refused.status_code == 400 and not HitDecision.objects.exists()
    done = client.post(url, {"outcome": "false_positive", "reason": "A namesake born 1990."})
    assert done.status_code == 302 and HitDecision.objects.get().reason == "A namesake born 1990."
    history = client.get(reverse("compliance:party_history", args=[buyer.pk]))
    assert history.status_code == 200 and "False positive" in history.text


def test_a_decided_hit_shows_who_decided_it_when_and_why(ofac):
    """The queue (decided filter) and the party's history show the written reason, not only a badge."""
    buyer = screened(name="Sergei Chemezov", kind="person", consignee_name="", country="RU")
    officer = OfficerFactory(username="officer-ana")
    hit_decide(hit=open_hit(buyer), outcome="false_positive", reason="A namesake born 1990, passport seen.",
               user=officer)
    client = Client()
    client.force_login(officer)
    for page in (client.get(reverse("compliance:screening_hits"), {"state": "false_positive"}),
                 client.get(reverse("compliance:party_history", args=[buyer.pk]))):
        assert page.status_code == 200
        assert "A namesake born 1990, passport seen." in page.text
        assert "Decided by officer-ana on" in page.text


def test_staff_import_a_list_from_the_lists_page(db):
    client = Client()
    client.force_login(StaffFactory())
    url = reverse("compliance:sanction_lists")
    bad = client.post(url, {"format": "un-xml", "name": "",
                            "file": SimpleUploadedFile("sdn.csv", ofac_subset(first=5))})
    assert bad.status_code == 400 and "not well-formed" in bad.text
    good = client.post(url, {"format": "ofac-sdn-csv", "name": "",
                             "file": SimpleUploadedFile("sdn.csv", ofac_subset(first=5))})
    assert good.status_code == 302 and "OFAC SDN" in client.get(url).text


def test_a_persons_birth_date_is_screened_with_the_name_and_moves_the_score(ofac):
    same_day = screened(name="Чемезов Сергей", kind="person", country="RU", birth_date=dt.date(1952, 8, 20))
    other_day = screened(name="Чемезов Сергей", kind="person", country="RU", birth_date=dt.date(1990, 3, 1))
    unknown = screened(name="Чемезов Сергей", kind="person", country="RU")

    def hit(buyer):
        screening = PartyScreening.objects.get(buyer=buyer, role="buyer")
        return screening, screening.hits.get(entry_ref=CHEMEZOV)

    (with_date, same), (_, other), (without, none) = hit(same_day), hit(other_day), hit(unknown)
    assert with_date.birth_date == dt.date(1952, 8, 20) and without.birth_date is None
    assert same.score >= none.score > other.score  # another birth date than the listed one lowers it
    assert any(item["key"].startswith("birth") and item["params"].get("effect", 0) > 0 for item in same.explanation)
    # an officer's decision is bound to the birth date too: a changed date is a new party to decide on
    assert with_date.party_fingerprint != without.party_fingerprint



def test_staff_see_each_waiting_buyers_screening_on_the_approvals_page(ofac, client,
                                                                       django_assert_max_num_queries):
    listed = screened(name="Чемезов Сергей", kind="person", country="RU", approval_status="pending")
    clean = screened(name="Tanaka Hiroshi", kind="person", country="JP", approval_status="pending")
    waiting = BuyerCompanyFactory(name="Almaty Auto Trade LLP", country="KZ", approval_status="pending")
    client.force_login(StaffFactory())
    page = client.get(reverse("accounts:buyer_approvals")).content.decode()

    def card(buyer):
        return page.split(f'id="buyer-{buyer.pk}"')[1].split("</article>")[0]

    assert "badge-blocked" in card(listed) and "hits for an officer" in card(listed)
    assert reverse("compliance:party_history", args=[listed.pk]) in card(listed)
    assert "badge-clear" in card(clean) and "clear" in card(clean)
    assert "not done yet" in card(waiting)
    # the statuses cost the same queries for three buyers as for thirteen
    BuyerCompanyFactory.create_batch(10, approval_status="pending")
    with django_assert_max_num_queries(60) as thirteen:
        client.get(reverse("accounts:buyer_approvals"))
    BuyerCompanyFactory.create_batch(10, approval_status="pending")
    with django_assert_max_num_queries(60) as more:
        client.get(reverse("accounts:buyer_approvals"))
    assert len(more.captured_queries) == len(thirteen.captured_queries)
