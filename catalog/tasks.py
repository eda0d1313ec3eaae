"""Catalog background work."""

from celery import shared_task

from catalog import selectors


@shared_task
def catalog_facets_warm() -> int:
    """Keep the facet counts of the pages most people open first (no filters; each buyer country's default)."""
    return selectors.catalog_facets_warm()
