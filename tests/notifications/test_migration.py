"""Moving notifications out of compliance keeps every notification (the table is renamed, not recreated)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import MerchantFactory

BEFORE = [("compliance", "0005_upcoming_decisions"), ("notifications", None)]
AFTER = [("compliance", "0006_notification_moves_out"), ("notifications", "0003_drop_run")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest():
    """The later tests need every migration applied again, not just the ones this test is about."""
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_notifications_survive_the_move_and_keep_their_run_as_key():
    merchant = MerchantFactory()
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO compliance_rescreenrun (reason, kind, destinations, origins, status, total, "
                           "done, changed, rules_fingerprints, error, created) VALUES ('r', 'decisions', '{RU}', "
                           "'{}', 'done', 0, 0, 0, '{}', '', now()) RETURNING id")
            run_id = cursor.fetchone()[0]
            cursor.execute("INSERT INTO compliance_notification (user_id, kind, title, body, payload, url, created, "
                           "run_id) VALUES (%s, 'compliance', 'Changed', 'b', '{}', '/compliance/notifications/', "
                           "now(), %s), (%s, 'compliance', 'Plain', 'b', '{}', '', now(), NULL)",
                           [merchant.pk, run_id, merchant.pk])
    finally:
        migrate(AFTER)
        migrate_to_latest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, key, kind FROM notifications_notification ORDER BY title")
        assert cursor.fetchall() == [("Changed", f"rescreen-run:{run_id}", "compliance"), ("Plain", "", "compliance")]
