from django.db import migrations

# The planner needs to know how many cars share a make and model (they are correlated, and the
# catalog filters them case-insensitively); without these statistics it guesses a few dozen rows
# for "Toyota Prius" and sorts tens of thousands instead of walking the date index.
FORWARD = """
CREATE STATISTICS IF NOT EXISTS inventory_vehicle_make_model_stats (ndistinct, dependencies, mcv)
    ON upper(make::text), upper(model::text) FROM inventory_vehicle;
CREATE STATISTICS IF NOT EXISTS inventory_vehicle_make_model_year_stats (dependencies)
    ON make, model, year FROM inventory_vehicle;
ANALYZE inventory_vehicle;
"""
BACKWARD = """
DROP STATISTICS IF EXISTS inventory_vehicle_make_model_stats;
DROP STATISTICS IF EXISTS inventory_vehicle_make_model_year_stats;
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0006_catalog_indexes")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
