"""Append-only in the database: rule versions, checks and officer reviews can never be updated or
deleted, whatever code (or person with a SQL prompt) tries. TRUNCATE is refused by migration 0008."""

from django.db import migrations

TABLES = ["compliance_ruleversion", "compliance_compliancecheck", "compliance_officerreview"]

FUNCTION = """
CREATE OR REPLACE FUNCTION compliance_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'compliance records are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def forward_sql():
    statements = [FUNCTION]
    for table in TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION compliance_forbid_change();"
        )
    return "\n".join(statements)


def backward_sql():
    statements = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES]
    statements.append("DROP FUNCTION IF EXISTS compliance_forbid_change();")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
