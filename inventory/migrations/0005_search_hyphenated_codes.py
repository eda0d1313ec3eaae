from django.db import migrations

# Chassis and stock numbers are indexed twice: whole, and split at hyphens, so "1234567" finds
# ZVW30-1234567 (PostgreSQL's parser otherwise reads "-1234567" as a negative number).
FORWARD = r"""
CREATE OR REPLACE FUNCTION inventory_vehicle_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
      setweight(to_tsvector('simple', coalesce(NEW.make, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.model, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.model_code, '')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.chassis_no, '') || ' ' || replace(coalesce(NEW.chassis_no, ''), '-', ' ')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.stock_no, '') || ' ' || replace(coalesce(NEW.stock_no, ''), '-', ' ')), 'B')
   || setweight(to_tsvector('simple', coalesce(NEW.grade, '')), 'C');
  NEW.price_eur := round(NEW.price_amount / inventory_latest_units_per_eur(NEW.price_currency), 2);
  RETURN NEW;
END
$$;
UPDATE inventory_vehicle SET chassis_no = chassis_no;
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0004_imports")]
    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
