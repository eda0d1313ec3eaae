# Notifications moved to their own app (notifications/0001). The table is renamed, not recreated: every
# notification stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0005_upcoming_decisions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='notification', table='notifications_notification'),
            ],
            state_operations=[
                migrations.DeleteModel(name='notification'),
            ],
        ),
    ]
