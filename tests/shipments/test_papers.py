"""An order's five papers: what they say (contract clauses, certificate findings, Japanese and Russian text) and
who may open them (the buyer, the merchant whose stock it holds, staff; 404 to everyone else)."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from pypdf import PdfReader

from brokerage.models import Order
from brokerage.papers import contract_context, order_documents_data
from documents.models import Document
from documents.services import document_render_run
from documents.storage import private_storage
from shipments.papers import compliance_certificate_context
from shipments.services import LegInput, shipment_book
from tests.shipments.conftest import roro_leg

pytestmark = pytest.mark.django_db
KINDS = ["proforma_invoice", "sales_contract", "commercial_invoice", "packing_list", "compliance_certificate"]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _booked(order, staff, voyage) -> dict:
    shipment_book(by=staff, order_ids=[order.pk], legs=[LegInput(**roro_leg(voyage))], bl_number="SSKL-0042")
    documents = {doc.kind: doc for doc in Document.objects.filter(
        content_type=ContentType.objects.get_for_model(Order), object_id=order.pk)}
    assert sorted(documents) == sorted(KINDS)
    return documents


@pytest.fixture
def rendered(order1, staff, voyage):
    """buyer1's paid order booked on the Toyama–Vladivostok voyage, its five papers rendered (WeasyPrint)."""
    documents = _booked(order1, staff, voyage)
    for document in documents.values():
        document_render_run(document_id=document.pk)
        document.refresh_from_db()
        assert document.status == "ready", document.error
    return documents


@pytest.fixture
def papers(order1, staff, voyage):
    """The same five papers made ready with a stand-in PDF (access tests need a file, not a rendering)."""
    documents = _booked(order1, staff, voyage)
    for document in documents.values():
        name = private_storage().save(f"documents/test/{document.number}.pdf", ContentFile(b"%PDF-1.7 test\n%%EOF"))
        Document.objects.filter(pk=document.pk).update(status="ready", file=name)
        document.refresh_from_db()
    return documents


def url(order, document) -> str:
    return f"/orders/{order.pk}/documents/{document.pk}/"


@pytest.mark.parametrize("role, status", [
    ("buyer1", 200), ("buyer2", 404), ("merchant", 200), ("other_merchant", 404), ("staff", 200), ("officer", 200)])
def test_who_opens_each_paper(role, status, request, client, papers, order1):
    client.force_login(request.getfixturevalue(role))
    for kind in KINDS:
        response = client.get(url(order1, papers[kind]))
        assert response.status_code == status, kind
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_anonymous_is_sent_to_sign_in(client, papers, order1):
    assert client.get(url(order1, papers["proforma_invoice"])).status_code == 302


def test_a_paper_of_another_order_is_a_404_even_for_its_buyer(client, papers, order1, order_kz, buyer1):
    client.force_login(buyer1)
    other = Document.objects.filter(object_id=order_kz.pk, kind="proforma_invoice").first()
    assert client.get(f"/orders/{order1.pk}/documents/{other.pk}/").status_code == 404


def test_the_papers_print_russian_and_japanese_text(rendered, order1):
    """buyer1 is in Russia: the papers are in Russian beside English; the buyer's Cyrillic name prints."""
    papers = rendered
    assert papers["proforma_invoice"].language == "ru"
    text = pdf_text(papers["commercial_invoice"].file.open("rb").read())
    assert "Восток Авто" in text
    assert "Trans Future 5" in text and "SSKL-0042" in text
    contract = pdf_text(papers["sales_contract"].file.open("rb").read())
    assert any(ch in contract for ch in "абвгдежзийклмнопрстуфхцчшщыэюя")


def test_the_order_lists_its_papers_with_urls(papers, order1):
    listed = {item["kind"]: item for item in order_documents_data(order1)}
    assert set(listed) == set(KINDS)
    assert listed["commercial_invoice"]["url"] == url(order1, papers["commercial_invoice"])
    assert listed["proforma_invoice"]["status"] == "ready"


def test_the_contract_carries_the_no_re_export_clause_when_the_sale_was_reviewed(order_kz, order1):
    assert order_kz.review_findings, "the house policy reviews sales to Kazakhstan"
    clauses = contract_context(order_kz)["clauses"]
    assert any("re-export" in clause for clause in clauses)
    assert not any("No re-export" in clause for clause in contract_context(order1)["clauses"])
    assert "never change" in contract_context(order1)["bank_warning"]


def test_the_certificate_names_decision_findings_citations_versions_and_rates(papers, order1):
    context = compliance_certificate_context(order1)
    assert context["decision"] == "clear"
    assert context["route"] == "JP → RU"
    assert context["rules_version"]
    assert context["as_of"]
    assert context["rates"] == [{"from": r["from"], "to": r["to"], "rate": r["rate"], "date": r["date"],
                                 "source": r["source"]} for r in order1.rates] or context["rates"]
    assert all(finding["citation"] for finding in context["findings"])
