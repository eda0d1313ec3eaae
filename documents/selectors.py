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


def documents_latest_many(owners) -> dict[int, list[Document]]:
    """``documents_latest`` for a page of owners of one model, in one query: {owner pk: papers by kind}."""
    owners = list(owners)
    if not owners:
        return {}
    content_type = ContentType.objects.get_for_model(owners[0])
    found: dict[int, list[Document]] = {owner.pk: [] for owner in owners}
    latest = (Document.objects.filter(content_type=content_type, object_id__in=list(found))
              .order_by("object_id", "kind", "-version", "-id").distinct("object_id", "kind"))
    for document in latest:
        found[document.object_id].append(document)
    return found


def document_latest(owner, kind: str) -> Document | None:
    return documents_for(owner).filter(kind=kind).first()
