"""Shipment events are the shipment's audit trail: never updated, deleted or truncated. Shipment numbers come
from their own sequence. The test suite's flush alone sets ``exportbroker.allow_truncate`` (tests/conftest.py)."""

from django.db import migrations

TABLES = ["shipments_shipmentevent"]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION shipments_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'shipment records are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE OR REPLACE FUNCTION shipments_forbid_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('exportbroker.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'shipment records are append-only: TRUNCATE on % is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE SEQUENCE IF NOT EXISTS shipments_shipment_number_seq;
"""


def forward_sql():
    statements = [FUNCTIONS]
    for table in TABLES:
        statements.append(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION shipments_forbid_change();")
        statements.append(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION shipments_forbid_truncate();")
    return "\n".join(statements)


def backward_sql():
    statements = []
    for table in TABLES:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        statements.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    statements.append("DROP FUNCTION IF EXISTS shipments_forbid_change();")
    statements.append("DROP FUNCTION IF EXISTS shipments_forbid_truncate();")
    statements.append("DROP SEQUENCE IF EXISTS shipments_shipment_number_seq;")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("shipments", "0001_initial")]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
