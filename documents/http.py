"""Serving a paper: for the owner app's view, AFTER it has checked who asks. This app never decides access."""

from __future__ import annotations

from django.http import FileResponse, Http404

from documents.models import Document


def document_file_response(document: Document, *, as_attachment: bool = False) -> FileResponse:
    """The paper's PDF from private storage: ``application/pdf``, named by its number, never cached by proxies.

    A paper that is not ready (pending, failed) is a 404: there is no file to give yet.
    """
    if document.status != Document.Status.READY or not document.file:
        raise Http404("This paper is not ready.")
    response = FileResponse(document.file.open("rb"), content_type="application/pdf", as_attachment=as_attachment,
                            filename=document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if document.sha256:
        response["ETag"] = f'"{document.sha256}"'
    return response
