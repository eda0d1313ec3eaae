"""The shipped rule sets and rules (../shared/docs/regulations.md), loaded by ``migrate``."""

from django.db import migrations


def load(apps, schema_editor):
    from compliance.services.rules import rules_load_defaults

    rules_load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_append_only")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
