"""Rendering papers in the background: load by id, call one service, try again later if it asked to.

The services owe this task through ``core.outbox``, so they are imported when the task runs.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(bind=True, acks_late=True, max_retries=None, autoretry_for=(OperationalError, InterfaceError),
             retry_backoff=True)
def document_render(self, document_id: int) -> str:
    """Render one paper. Safe to run twice: a paper that is ready, or leased by another worker, is left alone.
    A failed render asks to be tried again after a doubling wait; the lease's attempts end the tries."""
    from documents import services

    retry_in = services.document_render_run(document_id=document_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)
    return "done"
