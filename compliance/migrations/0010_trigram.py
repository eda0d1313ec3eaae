"""pg_trgm: candidate retrieval for party screening is a trigram index over listed names' folded parts."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("compliance", "0009_no_truncate")]

    operations = [TrigramExtension()]
