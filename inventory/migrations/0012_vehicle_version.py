from django.db import migrations, models

# Any UPDATE that changes a real column without moving the version itself (bulk SQL, a code path that
# forgot) still bumps it, so an ETag or the edit page's hidden version never vouches for stale data.
# Derived columns (search vector, EUR price after a rate change, the count of processed photos) and the
# timestamp do not count.
FORWARD = """
CREATE OR REPLACE FUNCTION inventory_vehicle_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version = OLD.version
     AND (to_jsonb(NEW) - 'search' - 'price_eur' - 'updated' - 'photo_count')
         IS DISTINCT FROM (to_jsonb(OLD) - 'search' - 'price_eur' - 'updated' - 'photo_count') THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER inventory_vehicle_version BEFORE UPDATE ON inventory_vehicle
FOR EACH ROW EXECUTE FUNCTION inventory_vehicle_version();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS inventory_vehicle_version ON inventory_vehicle;
DROP FUNCTION IF EXISTS inventory_vehicle_version();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0011_import_error_code_params"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalvehicle",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="vehicle",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
