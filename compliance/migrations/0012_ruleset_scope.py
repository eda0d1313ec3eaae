"""Rule sets get a scope: ``vehicle`` (judges the car: catalog badges, exportable_to, vehicle re-screens) or
``sale`` (judges the sale: checked on orders, reviewed once per order). The house policy on sales to the
countries through which cars reach Russia is about the sale, not the car: its 971 catalog reviews go.

An existing database's decisions still carry the policy's reviews: a re-screen of those destinations is
recorded and owed to a worker (the sweeper sends the outbox row), which clears them.
"""

from django.db import migrations, models
from django.utils import timezone

SALE_SCOPE_SETS = ["house-reexport"]
POLICY_DESTINATIONS = ["KZ", "KG", "AM", "GE", "AE", "TR"]


def forward(apps, schema_editor):
    rule_set_model = apps.get_model("compliance", "RuleSet")
    rule_set_model.objects.filter(code__in=SALE_SCOPE_SETS).update(scope="sale")
    decision_model = apps.get_model("compliance", "VehicleDecision")
    if not decision_model.objects.filter(destination__in=POLICY_DESTINATIONS).exists():
        return
    run = apps.get_model("compliance", "RescreenRun").objects.create(
        reason="House policy now judges sales (orders), not vehicles", kind="decisions",
        destinations=POLICY_DESTINATIONS, origins=[])
    apps.get_model("core", "Outbox").objects.create(task="compliance.tasks.rescreen", args=[run.pk],
                                                    available_at=timezone.now())


def backward(apps, schema_editor):
    apps.get_model("compliance", "RuleSet").objects.filter(code__in=SALE_SCOPE_SETS).update(scope="vehicle")


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0011_screening_append_only'),
        ('core', '0003_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalruleset',
            name='scope',
            field=models.CharField(choices=[('vehicle', 'Vehicle'), ('sale', 'Sale')], default='vehicle', help_text='Vehicle: judges the car (catalog badges, export filters). Sale: judges the sale, checked on orders only and reviewed once per order.', max_length=8, verbose_name='scope'),
        ),
        migrations.AddField(
            model_name='ruleset',
            name='scope',
            field=models.CharField(choices=[('vehicle', 'Vehicle'), ('sale', 'Sale')], default='vehicle', help_text='Vehicle: judges the car (catalog badges, export filters). Sale: judges the sale, checked on orders only and reviewed once per order.', max_length=8, verbose_name='scope'),
        ),
        migrations.RunPython(forward, backward),
    ]
