# A notification names what it is about with a key instead of a foreign key to compliance's re-screen runs
# (notifications sit below compliance). Existing rows keep their run as the key "rescreen-run:<id>".

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='key',
            field=models.CharField(blank=True, default='', max_length=100),
        ),
        migrations.RunSQL(
            sql="UPDATE notifications_notification SET key = 'rescreen-run:' || run_id WHERE run_id IS NOT NULL",
            reverse_sql="UPDATE notifications_notification SET run_id = substr(key, 14)::bigint "
                        "WHERE key LIKE 'rescreen-run:%'",
        ),
    ]
