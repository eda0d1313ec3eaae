"""Raw SQL naming other apps' tables (through ``Model._meta.db_table`` only, so a rename fails a test)."""

from __future__ import annotations

from django.db import connection

from compliance.models import RuleSet, RuleVersion
from core.models import ExchangeRate


def reference_fingerprint() -> tuple[tuple, int | None]:
    """In one round trip: what identifies the current rules (newest version, newest rule-set change, set count)
    and the current rates (newest row): rule versions and rates are append-only, rule sets carry ``updated``."""
    versions, sets, rates = RuleVersion._meta.db_table, RuleSet._meta.db_table, ExchangeRate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT max(id) FROM {versions}), (SELECT max(updated) FROM {sets}), "
                       f"(SELECT count(*) FROM {sets}), (SELECT max(id) FROM {rates})")
        newest_version, sets_updated, sets_count, newest_rate = cursor.fetchone()
    return (newest_version, sets_updated, sets_count), newest_rate
