"""CSV stock import: a yard uploads a spreadsheet; a worker lists or updates every valid row.

Column format: one header row with the API's vehicle field names (``COLUMNS``)::

    make*, model*, grade, model_code, chassis_no*, year*, first_registration (YYYY-MM), mileage_km*,
    engine_cc (empty only for electric), fuel*, power_kw, transmission, drive, steering, body_type,
    category, gross_weight_kg, seats, doors, color, length_mm, width_mm, height_mm, auction_grade,
    price_amount*, price_currency (ISO 4217, default JPY), description, status (draft | available)

Columns marked * must be present. Choice values are the API's (``petrol``, ``cvt``, ``rhd``...), in any case.

Files: UTF-8 with or without BOM, or Shift_JIS / CP932 as Excel saves it in Japan, told apart by
decoding the bytes strictly (UTF-8 first); comma, semicolon or tab delimiters; header case and spaces
do not matter; blank lines are skipped; an unknown column is reported once and ignored. Up to 10 MB,
50,000 rows and 200 header columns. The report keeps the first 1,000 problems and counts the rest; every
cell it echoes is formula-safe (``core.csv_safe``).

Rows are numbered as in a spreadsheet (the header is row 1). Each row is checked with the model's own
rules (``Vehicle.full_clean``: chassis/VIN, dates, engine size vs electric, currency...), and is saved
whole or reported whole: nothing is half-saved. A chassis number the yard already lists (not withdrawn,
any case) updates that vehicle instead of duplicating it: columns missing from the file leave its
fields alone, an empty cell clears an optional field. A chassis number listed by another yard, or
repeated later in the same file, is an error on that row.

Speed: rows are validated in memory and written set-based per chunk of ``CHUNK_SIZE`` rows (one query
for the chunk's chassis numbers, bulk inserts/updates, bulk history), one transaction per chunk, which also
records the progress and renews the job's lease (``core.leases``): a job whose worker dies is resumed
after its last committed chunk by the next worker, so no row is saved or counted twice.
"""

from inventory.services.imports.csvfile import (
    COLUMN_HELP,
    COLUMNS,
    MAX_COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ParsedCsv,
    csv_decode,
    csv_parse,
)
from inventory.services.imports.jobs import (
    CHUNK_SIZE,
    IMPORT_LEASE,
    MAX_BYTES,
    MAX_STORED_ERRORS,
    import_job_create,
    import_report_csv,
    import_run,
    import_start,
    import_template_csv,
    imports_leases_sweep,
    imports_stuck_count,
)

__all__ = [
    "CHUNK_SIZE", "COLUMNS", "COLUMN_HELP", "IMPORT_LEASE", "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS",
    "MAX_STORED_ERRORS", "REQUIRED_COLUMNS", "ParsedCsv",
    "csv_decode", "csv_parse",
    "import_job_create", "import_report_csv", "import_run", "import_start",
    "import_template_csv", "imports_leases_sweep", "imports_stuck_count",
]
