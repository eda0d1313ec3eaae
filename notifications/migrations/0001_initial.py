# The model compliance/0006 handed over, as it was (its table already renamed there): state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('compliance', '0006_notification_moves_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('kind', models.CharField(default='compliance', max_length=30)),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('body', models.TextField(verbose_name='message')),
                        ('payload', models.JSONField(blank=True, default=dict)),
                        ('url', models.CharField(blank=True, max_length=300)),
                        ('created', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('emailed_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name='notifications', to=settings.AUTH_USER_MODEL)),
                        ('run', models.ForeignKey(blank=True, null=True,
                                                  on_delete=django.db.models.deletion.SET_NULL, related_name='+',
                                                  to='compliance.rescreenrun')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'ordering': ['-created', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('run__isnull', False)),
                                                                fields=('user', 'run'),
                                                                name='one_notification_per_run')],
                    },
                ),
            ],
        ),
    ]
