"""The sanctions lists shipped in data/sanctions (OFAC SDN and the UN consolidated list), loaded for the demo
as staff would with ``import_sanctions``; each list only when its current version is another file."""

from pathlib import Path

from django.conf import settings

from compliance.models import SanctionList
from compliance.services.lists import sanctions_list_import
from compliance.services.party_runs import screening_run_execute

LISTS = (("ofac-sdn-csv", "ofac_sdn_2024-05-03.csv"), ("un-xml", "un_consolidated_2026-02-27.xml"))


def load_demo_sanctions(stdout=None) -> int:
    """Load the shipped lists not loaded yet and re-screen the demo buyers; returns how many lists loaded."""
    folder = Path(settings.BASE_DIR) / "data" / "sanctions"
    loaded = 0
    for fmt, file_name in LISTS:
        if SanctionList.objects.filter(format=fmt, current__isnull=False).exists():
            continue
        result = sanctions_list_import(fmt=fmt, data=(folder / file_name).read_bytes(), file_name=file_name)
        if result.run is not None:
            screening_run_execute(run_id=result.run.pk)
        loaded += 1
        if stdout is not None:
            stdout.write(f"  sanctions: {result.version.sanction_list.name} v{result.version.version}, "
                         f"{result.version.entry_count} entries")
    return loaded
