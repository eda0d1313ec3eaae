"""TRUNCATE cannot empty the regulator's records either: rule versions, checks, officer reviews, the changes
re-screens made to decisions, and the rule-set history. A statement-level BEFORE TRUNCATE trigger refuses it
(also when a TRUNCATE ... CASCADE of another table reaches them).

The test suite empties tables between transactional tests with TRUNCATE: its flush alone sets the session
setting ``exportbroker.allow_truncate`` (tests/conftest.py); the application never does.
"""

from django.db import migrations

TABLES = ["compliance_ruleversion", "compliance_compliancecheck", "compliance_officerreview",
          "compliance_decisionchange", "compliance_historicalruleset"]

FUNCTION = """
CREATE OR REPLACE FUNCTION compliance_forbid_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('exportbroker.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'compliance records are append-only: TRUNCATE on % is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def forward_sql():
    statements = [FUNCTION]
    for table in TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION compliance_forbid_truncate();"
        )
    return "\n".join(statements)


def backward_sql():
    statements = [f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in TABLES]
    statements.append("DROP FUNCTION IF EXISTS compliance_forbid_truncate();")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0008_rescreen_leases")]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
