"""Papers are kept: the database refuses to DELETE or TRUNCATE them, and to change what a paper is.

A row's identity (owner, kind, number, version, language, creation) never changes, nor does a ready paper's
file, hash or status: a new rendering is a new row (the next version). Only the rendering's bookkeeping moves
(status pending → ready/failed, the lease, attempts, the error). Number series only go up.

The test suite empties tables with TRUNCATE between transactional tests: its flush alone sets the session
setting ``exportbroker.allow_truncate`` (tests/conftest.py); the application never does.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION documents_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'documents are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE OR REPLACE FUNCTION documents_forbid_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('exportbroker.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'documents are append-only: TRUNCATE on % is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE OR REPLACE FUNCTION documents_document_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.content_type_id, NEW.object_id, NEW.kind, NEW.number, NEW.version, NEW.language, NEW.created)
       IS DISTINCT FROM
       (OLD.content_type_id, OLD.object_id, OLD.kind, OLD.number, OLD.version, OLD.language, OLD.created) THEN
        RAISE EXCEPTION 'documents are append-only: a paper''s identity cannot change (regenerate it instead)'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status = 'ready' AND (NEW.status, NEW.file, NEW.sha256, NEW.size)
       IS DISTINCT FROM (OLD.status, OLD.file, OLD.sha256, OLD.size) THEN
        RAISE EXCEPTION 'documents are append-only: a ready paper cannot change (regenerate it instead)'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION documents_series_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.prefix, NEW.year) IS DISTINCT FROM (OLD.prefix, OLD.year) OR NEW.last < OLD.last THEN
        RAISE EXCEPTION 'number series only go up: % % cannot go back to %', OLD.prefix, OLD.year, NEW.last
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
"""

TABLES = ["documents_document", "documents_numberseries"]


def forward_sql():
    statements = [FUNCTIONS]
    for table in TABLES:
        statements += [
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION documents_forbid_delete();",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION documents_forbid_truncate();",
        ]
    statements += [
        "CREATE TRIGGER documents_document_guard BEFORE UPDATE ON documents_document "
        "FOR EACH ROW EXECUTE FUNCTION documents_document_guard();",
        "CREATE TRIGGER documents_numberseries_guard BEFORE UPDATE ON documents_numberseries "
        "FOR EACH ROW EXECUTE FUNCTION documents_series_guard();",
    ]
    return "\n".join(statements)


def backward_sql():
    statements = ["DROP TRIGGER IF EXISTS documents_document_guard ON documents_document;",
                  "DROP TRIGGER IF EXISTS documents_numberseries_guard ON documents_numberseries;"]
    for table in TABLES:
        statements += [f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table};",
                       f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};"]
    statements += ["DROP FUNCTION IF EXISTS documents_document_guard();",
                   "DROP FUNCTION IF EXISTS documents_series_guard();",
                   "DROP FUNCTION IF EXISTS documents_forbid_truncate();",
                   "DROP FUNCTION IF EXISTS documents_forbid_delete();"]
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunSQL(forward_sql(), backward_sql())]
