"""Loading the reference data the project ships in ``data/``: places and exchange rates.

Set-based: each file is streamed with COPY into a temporary table and merged with one INSERT,
so loading is idempotent and takes seconds.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

DATA_DIR = Path(settings.BASE_DIR) / "data"


@transaction.atomic
def load_locations(path: Path | None = None) -> int:
    path = path or DATA_DIR / "unlocode.csv"
    with path.open(encoding="utf-8") as fh, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE tmp_location (LIKE core_location INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        with cursor.connection.cursor().copy(
            "COPY tmp_location (code, country, name, name_ascii, subdivision, function, is_port, latitude, longitude)"
            " FROM STDIN"
        ) as copy:
            for row in csv.DictReader(fh):
                function = row["function"] or ""
                copy.write_row((
                    row["country"] + row["location"], row["country"], row["name"][:120],
                    (row["nameWoDiacritics"] or row["name"])[:120], (row["subdivision"] or "")[:8], function[:8],
                    function.startswith("1"), float(row["lat"]) if row["lat"] else None,
                    float(row["lon"]) if row["lon"] else None,
                ))
        cursor.execute(
            "INSERT INTO core_location SELECT * FROM tmp_location ON CONFLICT (code) DO NOTHING"
        )
        return cursor.rowcount


@transaction.atomic
def load_ecb_rates(path: Path | None = None, *, since: str | None = None) -> int:
    """Load the ECB history (wide CSV, newest first, "N/A" for missing) as long rows.

    ``since`` (ISO date) skips older days: the test suite reloads rates often and needs only recent ones.
    """
    path = path or DATA_DIR / "ecb_eurofxref_hist.csv"
    with path.open(encoding="utf-8") as fh, connection.cursor() as cursor:
        reader = csv.reader(fh)
        header = [name.strip() for name in next(reader)]
        cursor.execute(
            "CREATE TEMP TABLE tmp_rate (date date, currency varchar(3), units_per_eur numeric(20,8))"
            " ON COMMIT DROP"
        )
        with cursor.connection.cursor().copy("COPY tmp_rate FROM STDIN") as copy:
            for row in reader:
                day = row[0]
                if since and day < since:
                    break  # newest first: everything after this is older
                for currency, value in zip(header[1:], row[1:], strict=False):
                    value = value.strip()
                    if currency and value and value != "N/A":
                        copy.write_row((day, currency, value))
        cursor.execute(
            """
            INSERT INTO core_exchangerate (date, currency, units_per_eur, source, created)
            SELECT date, currency, units_per_eur, 'ecb', now() FROM tmp_rate
            ON CONFLICT (currency, date, source) DO NOTHING
            """
        )
        return cursor.rowcount
