"""Sanctions list versions and their entries, party screenings, hits and officers' decisions on hits are
records: never updated or deleted (0002's function), never truncated (0009's function)."""

from django.db import migrations

TABLES = ["compliance_sanctionlistversion", "compliance_sanctionentry", "compliance_sanctionname",
          "compliance_partyscreening", "compliance_screeninghit", "compliance_hitdecision"]


def forward_sql():
    statements = []
    for table in TABLES:
        statements.append(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION compliance_forbid_change();")
        statements.append(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION compliance_forbid_truncate();")
    return "\n".join(statements)


def backward_sql():
    statements = []
    for table in TABLES:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        statements.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0010_sanctions")]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
