"""Asking for papers, the registry, serving a file, and the database keeping every paper (append-only)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from core.errors import ApplicationError
from core.models import Outbox
from documents import registry
from documents.http import document_file_response
from documents.labels import LABELS
from documents.models import Document, NumberSeries
from documents.selectors import document_latest, documents_for, documents_latest
from documents.services import (
    RENDER_TASK,
    document_regenerate,
    document_request,
    documents_failed_count,
    documents_overdue_count,
)
from tests.factories import BuyerCompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def ready(document, data=b"%PDF-1.7 test"):
    """Mark a paper rendered, as the worker does (the worker itself: test_rendering.py)."""
    storage = storages["private"]
    name = storage.save(f"documents/test/{document.number}-v{document.version}.pdf", ContentFile(data))
    Document.objects.filter(pk=document.pk).update(status="ready", file=name, size=len(data), sha256="ab" * 32)
    document.refresh_from_db()
    return document


def test_a_request_records_a_pending_numbered_paper_and_owes_its_rendering(buyer):
    user = UserFactory()
    document = document_request(owner=buyer, kind="test_paper", by=user, language="ja")
    assert re.fullmatch(r"TP-\d{4}-000001", document.number)
    assert (document.status, document.version, document.language, document.owner, document.created_by) == (
        "pending", 1, "ja", buyer, user)
    assert Outbox.objects.filter(task=RENDER_TASK, args=[document.pk]).exists()


def test_a_request_in_an_unknown_language_gets_the_default_and_zh_hans_is_kept(buyer):
    assert document_request(owner=buyer, kind="test_paper", language="xx").language == settings.LANGUAGE_CODE
    assert document_request(owner=BuyerCompanyFactory(), kind="test_paper", language="zh_Hans").language == "zh-hans"


def test_asking_twice_returns_the_same_paper(buyer):
    first = document_request(owner=buyer, kind="test_paper")
    assert document_request(owner=buyer, kind="test_paper") == first
    assert Document.objects.count() == 1 and NumberSeries.objects.get(prefix="TP").last == 1


def test_an_unregistered_kind_is_refused(buyer):
    with pytest.raises(ApplicationError) as refused:
        document_request(owner=buyer, kind="bill_of_lading")
    assert refused.value.code == "unknown_document_kind"


def test_a_series_is_one_kinds_own():
    with pytest.raises(ValueError, match="already test_paper's"):
        registry.register("another", series="TP", template="x.html", context=dict, title="x")
    with pytest.raises(ValueError, match="upper-case"):
        registry.register("another", series="pi", template="x.html", context=dict, title="x")
    assert "another" not in registry.registered()


def test_regenerating_makes_a_new_version_with_the_same_number_and_keeps_the_old(buyer):
    first = ready(document_request(owner=buyer, kind="test_paper"))
    second = document_regenerate(document=first, by=None)
    assert (second.number, second.version, second.status) == (first.number, 2, "pending")
    assert document_regenerate(document=first, by=None) == second  # still pending: no third version
    first.refresh_from_db()
    assert first.status == "ready" and first.file
    assert list(documents_for(buyer)) == [second, first]
    assert documents_latest(buyer) == [second] and document_latest(buyer, "test_paper") == second


def test_the_database_refuses_to_delete_or_truncate_a_paper(buyer):
    document = document_request(owner=buyer, kind="test_paper")
    with connection.cursor() as cursor:  # the row's deferred foreign-key checks now, as a commit would
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in ("DELETE FROM documents_document", "TRUNCATE documents_document",
                      "DELETE FROM documents_numberseries", "TRUNCATE documents_numberseries",
                      "TRUNCATE django_content_type CASCADE"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_database_refuses_to_change_what_a_paper_is(buyer):
    document = ready(document_request(owner=buyer, kind="test_paper"))
    for change in ({"number": "TP-1999-000001"}, {"version": 7}, {"object_id": buyer.pk + 1}, {"kind": "x"},
                   {"sha256": "00" * 32}, {"status": "failed"}, {"file": "elsewhere.pdf"}):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)
    with pytest.raises(DatabaseError, match="only go up"), transaction.atomic():
        NumberSeries.objects.filter(prefix="TP").update(last=0)


def test_the_file_is_served_as_a_pdf_named_by_its_number(buyer):
    document = ready(document_request(owner=buyer, kind="test_paper"), b"%PDF-1.7 hello")
    response = document_file_response(document)
    assert b"".join(response.streaming_content) == b"%PDF-1.7 hello"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == f'inline; filename="{document.number}.pdf"'
    second = ready(document_regenerate(document=document, by=None))
    assert f'filename="{document.number}-v2.pdf"' in document_file_response(second, as_attachment=True)[
        "Content-Disposition"]


def test_a_paper_that_is_not_ready_is_not_served(buyer):
    with pytest.raises(Http404):
        document_file_response(document_request(owner=buyer, kind="test_paper"))


def test_papers_live_outside_the_public_media_and_have_no_url(buyer):
    document = ready(document_request(owner=buyer, kind="test_paper"))
    path = Path(document.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018


def test_health_counts_overdue_and_failed_papers_until_a_new_version_replaces_them(buyer, settings):
    document = document_request(owner=buyer, kind="test_paper")
    assert documents_overdue_count() == 0
    settings.DOCUMENT_OVERDUE_SECONDS = 0
    assert documents_overdue_count() == 1
    Document.objects.filter(pk=document.pk).update(status="failed", error="boom")
    assert (documents_overdue_count(), documents_failed_count()) == (0, 1)
    document_regenerate(document=document, by=None)
    assert documents_failed_count() == 0


def test_every_bilingual_label_of_the_templates_is_listed_for_translation():
    templates = Path(settings.BASE_DIR, "templates", "papers")
    used = {match for path in templates.glob("*.html")
            for match in re.findall(r'{% bilingual "([^"]+)"', path.read_text())}
    assert used and used <= set(LABELS), used - set(LABELS)
