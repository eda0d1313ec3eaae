"""Asking for papers, rendering them (the worker), and the staff's levers: regenerate, retry.

A paper is asked for inside the owner's transaction (``document_request``): the pending row takes its number
from its series in that same transaction and the render is owed through ``core.outbox``, so the paper, its
number and the work commit (or roll back) with the order that needs them. A worker claims the row with a
lease (``core.leases``): two workers never render one paper, and one whose worker died is handed back by the
sweeper once its lease expires. A render that fails is tried again later (doubling waits) until the row has
been claimed ``JOB_MAX_ATTEMPTS`` times; then it is ``failed`` with the reason, for staff (admin, /healthz).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.leases import LeaseLost, LeaseSpec, lease_claim, lease_release, lease_renew, leases_reclaim
from core.outbox import outbox_enqueue, outbox_enqueue_many
from documents import rendering, signals
from documents.models import Document, NumberSeries
from documents.registry import paper_for

__all__ = ["DOCUMENT_LEASE", "RENDER_TASK", "document_regenerate", "document_render_run", "document_request",
           "document_retry", "document_leases_sweep", "documents_failed_count", "documents_overdue_count",
           "number_take"]

logger = logging.getLogger(__name__)
RENDER_TASK = "documents.tasks.document_render"
# pending and running are one status: the lease says whether a worker holds the row
DOCUMENT_LEASE = LeaseSpec(
    Document, pending=Document.Status.PENDING, running=Document.Status.PENDING, failed=Document.Status.FAILED,
    give_up={"error": lambda: str(gettext_lazy("The paper's worker stopped repeatedly while rendering it; "
                                               "retry it from the admin."))},
)
MAX_ERROR = 2000


# --- Numbers ---------------------------------------------------------------------------------------------------

def number_take(*, series: str, year: int) -> str:
    """The next number of ``series`` in ``year`` (``PI-2026-000123``), in the caller's transaction.

    One ``INSERT … ON CONFLICT DO UPDATE … RETURNING``: the series row stays locked until the caller commits,
    so a concurrent request waits and takes the next number; a rollback gives the number back. Gap-free.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the transaction that stores the numbered row")
    table = NumberSeries._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [series, year])
        last = cursor.fetchone()[0]
    return f"{series}-{year}-{last:06d}"


# --- Asking for papers -----------------------------------------------------------------------------------------

def _language(language: str | None) -> str:
    try:
        code = (language or settings.LANGUAGE_CODE).replace("_", "-").lower()
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def _lock(key: str) -> None:
    """A transaction-long lock on one owner's papers of one kind (or one number): requests queue, never race."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"documents:{key}"])


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) and by.pk else None


@transaction.atomic
def document_request(*, owner, kind: str, by=None, language: str | None = None) -> Document:
    """Ask for ``owner``'s paper of ``kind`` (a registered kind), in the caller's transaction.

    Creates the pending row with the next number of the kind's series and owes its rendering to a worker
    (sent once the transaction commits). Idempotent: if ``owner`` already has a paper of this kind, that one
    (its latest version) is returned unchanged; ``document_regenerate`` makes a new version.
    ``language`` is the paper's (the buyer's); default ``settings.LANGUAGE_CODE``.
    """
    paper = paper_for(kind)
    if owner is None or owner.pk is None:
        raise ValueError("a paper's owner must be a saved row")
    content_type = ContentType.objects.get_for_model(owner)
    _lock(f"{content_type.pk}:{owner.pk}:{kind}")
    existing = (Document.objects.filter(content_type=content_type, object_id=owner.pk, kind=kind)
                .order_by("-version", "-id").first())
    if existing is not None:
        return existing
    document = Document(content_type=content_type, object_id=owner.pk, kind=kind, version=1,
                        language=_language(language), created_by=_user(by),
                        number=number_take(series=paper.series, year=timezone.localdate().year))
    document.full_clean(exclude=["file"])
    document.save()
    outbox_enqueue(RENDER_TASK, [document.pk])
    return document


@transaction.atomic
def document_regenerate(*, document: Document, by=None, language: str | None = None) -> Document:
    """Render the paper again as a NEW version (same number, version + 1); the old row and file stay.

    For when the owner's data changed (a corrected consignee). If the latest version is still pending, that
    one is returned: it will render today's data anyway.
    """
    _lock(document.number)
    latest = Document.objects.filter(number=document.number).order_by("-version").first()
    if latest.status == Document.Status.PENDING:
        return latest
    new = Document(content_type_id=latest.content_type_id, object_id=latest.object_id, kind=latest.kind,
                   number=latest.number, version=latest.version + 1, created_by=_user(by),
                   language=_language(language) if language else latest.language)
    new.full_clean(exclude=["file"])
    new.save()
    outbox_enqueue(RENDER_TASK, [new.pk])
    return new


@transaction.atomic
def document_retry(*, document: Document, by=None) -> Document:
    """Staff: try a failed paper again from scratch (its attempts count restarts); other papers are unchanged."""
    updated = Document.objects.filter(pk=document.pk, status=Document.Status.FAILED).update(
        status=Document.Status.PENDING, attempts=0, retry_at=None, lease_owner="", lease_expires=None)
    if updated:
        outbox_enqueue(RENDER_TASK, [document.pk])
        logger.info("document %s: retry asked by %s", document.pk, getattr(by, "pk", None))
    document.refresh_from_db()
    return document


# --- Rendering (the worker) ------------------------------------------------------------------------------------

def document_pdf(document: Document) -> rendering.Rendered:
    """Build the context through the registry, render the template in the paper's language, then the PDF."""
    paper = paper_for(document.kind)
    owner = document.content_type.get_object_for_this_type(pk=document.object_id)
    with translation.override(document.language):
        data = paper.context(owner)
        context = rendering.paper_context(paper, number=document.number, version=document.version,
                                          language=document.language, date=timezone.localdate(document.created),
                                          data=data)
        html = rendering.html_render(paper, context, language=document.language)
    return rendering.pdf_render(html)


def document_render_run(*, document_id: int) -> float | None:
    """Render one paper if it is ours to render. Returns seconds to wait before trying again, or None.

    Leased: a redelivered message, a second worker or a sweep finds the row leased (or ready) and does
    nothing. The file is stored and the row marked ready in one transaction that first checks the lease is
    still ours, so a worker that lost it (it was too slow and the row was handed on) stores nothing.
    """
    if not lease_claim(DOCUMENT_LEASE, document_id):
        return None
    document = Document.objects.select_related("content_type").get(pk=document_id)
    try:
        rendered = document_pdf(document)
    except Exception as exc:  # a bad template, a missing owner, a context builder's bug: recorded, retried
        logger.exception("document %s (%s): rendering failed", document.pk, document.number)
        return _failed_attempt(document, exc)
    try:
        with transaction.atomic():
            lease_renew(DOCUMENT_LEASE, document.pk)  # still ours: locks the row until the commit
            document.sha256 = rendered.sha256
            document.file.save("paper.pdf", ContentFile(rendered.pdf), save=False)
            try:
                lease_release(DOCUMENT_LEASE, document.pk, status=Document.Status.READY, file=document.file.name,
                              sha256=rendered.sha256, size=rendered.size, error="", retry_at=None,
                              rendered=timezone.now())
            except Exception:
                document.file.storage.delete(document.file.name)
                raise
            # In the same transaction: the owner's follow-up (an order moving to proforma_issued) commits with
            # the ready paper or not at all, so a worker dying between the two loses nothing.
            signals.document_ready.send(sender=Document, document_id=document.pk, kind=document.kind,
                                        content_type_id=document.content_type_id, object_id=document.object_id)
    except LeaseLost:
        logger.warning("document %s: lease lost while rendering; another worker renders it", document.pk)
    return None


def _failed_attempt(document: Document, exc: Exception) -> float | None:
    """Back to waiting with the reason and a later try; failed for good after the last attempt."""
    error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    try:
        attempts = Document.objects.values_list("attempts", flat=True).get(pk=document.pk)
        if attempts >= DOCUMENT_LEASE.max_attempts:
            lease_release(DOCUMENT_LEASE, document.pk, status=Document.Status.FAILED, error=error, retry_at=None)
            return None
        delay = settings.DOCUMENT_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
        lease_release(DOCUMENT_LEASE, document.pk, status=Document.Status.PENDING, error=error,
                      retry_at=timezone.now() + timedelta(seconds=delay))
        return delay
    except DatabaseError:  # the database is gone: the lease expires and the sweeper hands the paper back
        logger.warning("document %s: could not record the failure", document.pk, exc_info=True)
        return None


# --- The sweeper and /healthz ----------------------------------------------------------------------------------

def document_leases_sweep() -> int:
    """Papers whose worker died mid-render go back to a worker (or fail after too many claims)."""
    return leases_reclaim(DOCUMENT_LEASE, lambda ids: outbox_enqueue_many(RENDER_TASK, [[pk] for pk in ids]))


def documents_overdue_count(*, limit: int = 1000) -> int:
    """Papers still pending ``DOCUMENT_OVERDUE_SECONDS`` after they were asked for (bounded)."""
    cutoff = timezone.now() - timedelta(seconds=settings.DOCUMENT_OVERDUE_SECONDS)
    return len(Document.objects.filter(status=Document.Status.PENDING, created__lt=cutoff)
               .values_list("pk", flat=True)[:limit])


def documents_failed_count(*, limit: int = 1000) -> int:
    """Failed papers that no newer version replaces yet (bounded)."""
    newer = Document.objects.filter(number=OuterRef("number"), version__gt=OuterRef("version"))
    return len(Document.objects.filter(status=Document.Status.FAILED).exclude(Exists(newer))
               .values_list("pk", flat=True)[:limit])
