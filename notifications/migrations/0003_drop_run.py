# In its own transaction after 0002 filled the keys (PostgreSQL refuses ALTER TABLE with pending trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_notification_key'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='notification',
            name='one_notification_per_run',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='run',
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(max_length=30),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('user', 'key'),
                                               name='one_notification_per_key'),
        ),
    ]
