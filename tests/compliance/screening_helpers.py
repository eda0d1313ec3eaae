"""Helpers of the party-screening tests: real list files, and small real subsets of them."""

from pathlib import Path

from compliance.services.lists import sanctions_list_import

ROOT = Path(__file__).resolve().parents[2]
OFAC = ROOT / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv"
UN = ROOT / "data" / "sanctions" / "un_consolidated_2026-02-27.xml"
FTM = ROOT / "data" / "sanctions" / "opensanctions_sample_entities.ftm.json"
CHEMEZOV = "16685"


def ofac_lines() -> list[bytes]:
    return OFAC.read_bytes().rstrip(b"\x1a\r\n").split(b"\r\n")


def ofac_subset(*, first: int = 300, extra: tuple[bytes, ...] = (b'"CHEMEZOV, Sergei"', b"TANAKA"),
                replace: dict[bytes, bytes] | None = None, drop: tuple[bytes, ...] = ()) -> bytes:
    """The first ``first`` records of the real OFAC file plus those naming ``extra``, in OFAC's own form
    (CRLF, the trailing 0x1A), with some lines changed (``replace``) or left out (``drop``)."""
    lines = ofac_lines()
    chosen = lines[:first] + [line for line in lines[first:] if any(word in line for word in extra)]
    out = []
    for line in chosen:
        if any(word in line for word in drop):
            continue
        for old, new in (replace or {}).items():
            line = line.replace(old, new)
        out.append(line)
    return b"\r\n".join(out) + b"\r\n\x1a"


def load_ofac_subset(**kwargs):
    return sanctions_list_import(fmt="ofac-sdn-csv", data=ofac_subset(**kwargs), file_name="sdn.csv")
