"""API tokens move from DRF's plain-text tokens to django-rest-knox (hashed, expiring, revocable).

Existing tokens keep working: each becomes a knox token with the same secret (stored as its hash)
and a fresh expiry; the plain-text rows are then deleted.
"""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def tokens_to_knox(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS, knox_settings

    Token = apps.get_model("authtoken", "Token")
    AuthToken = apps.get_model("knox", "AuthToken")
    ttl = knox_settings.TOKEN_TTL or dt.timedelta(days=30)
    expiry = timezone.now() + ttl
    AuthToken.objects.bulk_create([
        AuthToken(user_id=token.user_id, digest=hash_token(token.key), token_key=token.key[:CONSTANTS.TOKEN_KEY_LENGTH],
                  expiry=expiry)
        for token in Token.objects.all()
    ])
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_country_validator"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("knox", "0009_extend_authtoken_field"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(tokens_to_knox, migrations.RunPython.noop)]
