"""Reading papers: an owner's papers, and the latest version of each kind. Access is the owner app's call."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from documents.models import Document


def documents_for(owner) -> QuerySet[Document]:
    """Every paper of ``owner``, every version, newest first within each kind."""
    content_type = ContentType.objects.get_for_model(owner)
    return Document.objects.filter(content_type=content_type, object_id=owner.pk).order_by("kind", "-version", "-id")


def documents_latest(owner) -> list[Document]:
    """The latest version of each kind of ``owner``'s papers (what an order page lists), by kind."""
    return list(documents_for(owner).order_by("kind", "-version", "-id").distinct("kind"))


def document_latest(owner, kind: str) -> Document | None:
    return documents_for(owner).filter(kind=kind).first()
