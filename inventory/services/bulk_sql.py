"""Inventory's raw SQL, in one place (architecture.md, rule 4).

Every table is named through ``Model._meta.db_table`` (and columns through ``_meta``), so that a
renamed table or column fails a test here instead of a customer's request.
"""

from __future__ import annotations

from django.db import connection, models

from accounts.models import Yard
from core.models import ExchangeRate
from inventory.models import Vehicle


def stock_numbers_allocate(*, yard: Yard, count: int = 1) -> list[str]:
    """Take ``count`` consecutive stock numbers for a yard in one atomic UPDATE ... RETURNING."""
    table = connection.ops.quote_name(Yard._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET stock_counter = stock_counter + %s WHERE id = %s RETURNING stock_counter",
            [count, yard.pk],
        )
        last = cursor.fetchone()[0]
    return [f"{yard.code}-{number:06d}" for number in range(last - count + 1, last + 1)]


def vehicle_prices_refresh(currency: str | None = None) -> int:
    """Recompute every vehicle's price in EUR at the latest rate (after staff add rates). One UPDATE."""
    quote = connection.ops.quote_name
    sql = f"""
        UPDATE {quote(Vehicle._meta.db_table)} v SET price_eur = CASE
            WHEN v.price_amount / r.units_per_eur < 1e12 THEN round(v.price_amount / r.units_per_eur, 2) END
        FROM (SELECT DISTINCT ON (currency) currency, units_per_eur FROM {quote(ExchangeRate._meta.db_table)}
              ORDER BY currency, date DESC, (source = 'staff') DESC, id DESC) r
        WHERE r.currency = v.price_currency AND v.price_currency <> 'EUR' {{filter}}
          AND v.price_eur IS DISTINCT FROM round(v.price_amount / r.units_per_eur, 2)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql.format(filter="AND v.price_currency = %s" if currency else ""),
                       [currency] if currency else [])
        return cursor.rowcount


_COPY_FIELDS = [f for f in Vehicle._meta.concrete_fields if not f.primary_key]
# Values psycopg adapts as they are (str, int, Decimal, date, datetime, None); others go through Django.
_PLAIN_FIELDS = {f.attname for f in _COPY_FIELDS
                 if isinstance(f, models.CharField | models.TextField | models.IntegerField | models.DecimalField
                               | models.DateField | models.ForeignKey)}


def vehicles_copy_insert(vehicles: list[Vehicle]) -> None:
    """Insert new vehicles with COPY, as bulk_create would (pk set on each), about 5x faster.

    bulk_create spends most of an import building and parsing one INSERT with ~36,000 parameters per
    chunk; COPY streams the rows. Ids are drawn from the table's sequence first. The row trigger fills
    the search vector and the EUR price, constraints and indexes apply as to any insert.
    """
    table = Vehicle._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [Vehicle._meta.pk, *_COPY_FIELDS])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, Vehicle._meta.pk.column, len(vehicles)])
        ids = [row[0] for row in cursor.fetchall()]
        # The raw psycopg cursor: wrap its errors so that a refused row is Django's IntegrityError.
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk, vehicle in zip(ids, vehicles, strict=True):
                values = [pk]
                for model_field in _COPY_FIELDS:
                    value = model_field.pre_save(vehicle, True)
                    if model_field.attname not in _PLAIN_FIELDS:
                        value = model_field.get_db_prep_save(value, connection)
                    values.append(value)
                copy.write_row(values)
                vehicle.pk = pk
                vehicle._state.adding = False
                vehicle._state.db = connection.alias
