# Notifications compliance sent before they stored a message key: recover the key and its parameters from the
# English title they were sent with, so they too are shown in their reader's language. A title that matches
# none of the patterns keeps its text.

import re

from django.db import migrations

PATTERNS = [
    ("compliance.decisions_changed", r"(?P<count>\d+) of your vehicles changed export decision"),
    ("compliance.upcoming_blocked",
     r"From (?P<date>\d{4}-\d\d-\d\d), (?P<count>\d+) of your vehicles will be blocked for (?P<country>.+)"),
    ("compliance.upcoming_review",
     r"From (?P<date>\d{4}-\d\d-\d\d), (?P<count>\d+) of your vehicles will need an officer's review for "
     r"(?P<country>.+)"),
    ("compliance.upcoming_clear",
     r"From (?P<date>\d{4}-\d\d-\d\d), (?P<count>\d+) of your vehicles will be clear for (?P<country>.+)"),
    ("compliance.upcoming_changed",
     r"From (?P<date>\d{4}-\d\d-\d\d), (?P<count>\d+) of your vehicles will change export decision"),
]


def keys_from_titles(apps, schema_editor):
    notification_model = apps.get_model("notifications", "Notification")
    updates = []
    for notification in notification_model.objects.filter(message_key="", kind__startswith="compliance").only(
            "pk", "title"):
        for key, pattern in PATTERNS:
            found = re.fullmatch(pattern, notification.title)
            if found:
                params = found.groupdict()
                params["count"] = int(params["count"])
                notification.message_key, notification.params = key, params
                updates.append(notification)
                break
    notification_model.objects.bulk_update(updates, ["message_key", "params"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0006_notification_moves_out"),
        ("notifications", "0004_message_key"),
    ]

    operations = [migrations.RunPython(keys_from_titles, migrations.RunPython.noop, elidable=True)]
