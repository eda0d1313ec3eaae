from django.db import migrations

# Derived columns kept by the database itself, so every write path (forms, API, CSV import,
# set-based bulk inserts) gets them: the full-text vector and the price in EUR at the latest rate.
FORWARD = r"""
CREATE OR REPLACE FUNCTION inventory_latest_units_per_eur(cur varchar) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN cur = 'EUR' THEN 1::numeric ELSE (
    SELECT units_per_eur FROM core_exchangerate WHERE currency = cur
    ORDER BY date DESC, (source = 'staff') DESC, id DESC LIMIT 1) END
$$;

CREATE OR REPLACE FUNCTION inventory_vehicle_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
      setweight(to_tsvector('simple', coalesce(NEW.make, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.model, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.model_code, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.chassis_no, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.stock_no, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.grade, '')), 'C');
  NEW.price_eur := round(NEW.price_amount / inventory_latest_units_per_eur(NEW.price_currency), 2);
  RETURN NEW;
END
$$;

CREATE TRIGGER inventory_vehicle_derive
BEFORE INSERT OR UPDATE OF make, model, model_code, grade, chassis_no, stock_no, price_amount, price_currency
ON inventory_vehicle FOR EACH ROW EXECUTE FUNCTION inventory_vehicle_derive();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS inventory_vehicle_derive ON inventory_vehicle;
DROP FUNCTION IF EXISTS inventory_vehicle_derive();
DROP FUNCTION IF EXISTS inventory_latest_units_per_eur(varchar);
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_validators"), ("core", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
