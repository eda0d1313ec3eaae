"""A worker SIGKILLed in the middle of rendering a paper: after its lease expires, another worker's sweeper
hands the paper on and it is rendered once — one ready row, one file (real processes, real Redis)."""

import signal
import time
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from core.models import Outbox
from documents.models import Document
from documents.services import document_request
from tests.core.fault_stack import Stack, broker_url, environment, wait
from tests.documents.conftest import NAMES, needs_noto_fonts, pdf_text
from tests.factories import BuyerCompanyFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True), needs_noto_fonts]


@pytest.fixture
def stack(transactional_db):
    """Workers on Redis databases of their own (13: Celery, 14: cache) of the suite's Redis server; a lease
    long enough for a paper, short enough to wait for."""
    env = environment(settings.CACHES["default"]["LOCATION"].rsplit("/", 1)[0] + "/14", TEST_REDIS_DB="13",
                      JOB_LEASE_SECONDS="8")
    for url in (broker_url(env), env["REDIS_URL"]):
        redis.Redis.from_url(url).flushdb()
    started = Stack()
    started.env = env
    yield started
    started.close()


def test_a_paper_whose_worker_is_killed_mid_render_is_rendered_once_by_another(stack):
    started = time.time()
    buyer = BuyerCompanyFactory(**NAMES)
    # owed as the service owes it; the stack's sweeper sends it (this process's broker is another Redis)
    with mock.patch("core.outbox.outbox_send"), transaction.atomic():
        document = document_request(owner=buyer, kind="test_paper", language="ja")
    Outbox.objects.filter(args=[document.pk]).update(available_at=timezone.now())

    stack.worker("doomed", {**stack.env, "TEST_DOCUMENT_SLOW_SECONDS": "120"})
    wait(lambda: Document.objects.filter(pk=document.pk).exclude(lease_owner="").exists(), 40,
         "the doomed worker to claim the paper")
    stack.kill("doomed", signal.SIGKILL)
    killed_at = Document.objects.get(pk=document.pk)
    assert (killed_at.status, killed_at.attempts, killed_at.file.name) == ("pending", 1, "")

    stack.worker("rescuer", stack.env)
    wait(lambda: Document.objects.get(pk=document.pk).status != "pending", 60, "the paper to be rendered")

    document.refresh_from_db()
    assert (document.status, document.attempts, document.lease_owner) == ("ready", 2, "")
    assert Document.objects.filter(number=document.number).count() == 1
    folder = Path(storages["private"].path(document.file.name)).parent
    files = [file.name for file in folder.glob(f"{document.number}-*") if file.stat().st_mtime >= started]
    assert files == [Path(document.file.name).name]  # (numbers start again in each test: older files skipped)
    assert NAMES["consignee_name"] in pdf_text(document.file.read())
