"""Papers rendered by a real worker (real Redis, real Celery): Cyrillic, kana and hanzi print in Noto fonts;
regenerating keeps the old version; a paper that cannot render is retried, then failed and shown to staff."""

import hashlib

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from documents.models import Document
from documents.services import document_regenerate, document_request, documents_failed_count
from tests.conftest import wait_for
from tests.documents.conftest import NAMES, needs_noto_fonts, pdf_fonts, pdf_text
from tests.factories import BuyerCompanyFactory, UserFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True), needs_noto_fonts]


def settled(document: Document) -> Document | None:
    document.refresh_from_db()
    return document if document.status != "pending" else None


def test_a_paper_with_russian_japanese_and_chinese_names_renders_with_noto_fonts(celery_worker):
    buyer = BuyerCompanyFactory(**NAMES)
    with transaction.atomic():
        document = document_request(owner=buyer, kind="test_paper", language="ru")

    document = wait_for(lambda: settled(document), timeout=60)
    assert (document.status, document.error, document.attempts) == ("ready", "", 1)
    data = document.file.read()
    assert data.startswith(b"%PDF-") and len(data) == document.size
    assert hashlib.sha256(data).hexdigest() == document.sha256
    fonts = pdf_fonts(data)
    assert "Noto-Sans" in fonts and any(font.startswith("Noto-Sans-CJK-JP") for font in fonts), fonts
    text = pdf_text(data)
    for name in NAMES.values():
        assert name in text, name
    assert document.number in text and settings.BROKER_NAME in text
    assert len(data) < 600_000  # the fonts are subsets: a whole Noto CJK font is 16 MB


def test_a_chinese_paper_prints_hanzi_in_the_simplified_chinese_font(celery_worker):
    buyer = BuyerCompanyFactory(name="霍尔果斯丝路汽车贸易有限公司", consignee_name="王小明")
    with transaction.atomic():
        document = document_request(owner=buyer, kind="test_paper", language="zh-hans")
    document = wait_for(lambda: settled(document), timeout=60)
    data = document.file.read()
    assert any(font.startswith("Noto-Sans-CJK-SC") for font in pdf_fonts(data)) and "霍尔果斯丝路汽车贸易有限公司" in pdf_text(data)


def test_regenerating_renders_a_new_version_and_keeps_the_old_file(celery_worker):
    buyer = BuyerCompanyFactory(name="Old Name LLC")
    with transaction.atomic():
        first = document_request(owner=buyer, kind="test_paper")
    first = wait_for(lambda: settled(first), timeout=60)
    old_bytes = first.file.read()

    buyer.name = "New Name LLC"
    buyer.save()
    with transaction.atomic():
        second = document_regenerate(document=first, by=UserFactory())
    second = wait_for(lambda: settled(second), timeout=60)

    assert (second.status, second.number, second.version) == ("ready", first.number, 2)
    assert "New Name LLC" in pdf_text(second.file.read())
    first.refresh_from_db()
    assert first.status == "ready" and first.file.name != second.file.name
    assert first.file.read() == old_bytes and "Old Name LLC" in pdf_text(old_bytes)


def test_a_paper_that_cannot_render_is_retried_then_failed_and_shown_to_staff(celery_worker, client):
    buyer = BuyerCompanyFactory(city="Almaty")
    with transaction.atomic():
        document = document_request(owner=buyer, kind="test_broken")

    document = wait_for(lambda: document.refresh_from_db() or document.status == "failed" and document,
                        timeout=60)
    assert document.attempts == settings.JOB_MAX_ATTEMPTS
    assert document.error == "RuntimeError: no freight rate for Almaty"
    assert not document.file and documents_failed_count() == 1

    client.force_login(UserFactory(is_staff=True, is_superuser=True, role="staff"))
    page = client.get(reverse("admin:documents_document_changelist"), {"status__exact": "failed"})
    assert page.status_code == 200 and document.number in page.content.decode()
