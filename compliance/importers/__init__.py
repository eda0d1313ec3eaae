"""Readers of published sanctions lists: bytes in, plain entries out (no Django). Each refuses a file it
cannot read whole with ``ListFormatError`` naming the line, so a broken download never replaces a list."""

from .common import ListFormatError, ParsedEntry, ParsedList
from .ftm import parse_ftm_json
from .ofac import parse_ofac_sdn_csv
from .un import parse_un_xml

PARSERS = {"ofac-sdn-csv": parse_ofac_sdn_csv, "ftm-json": parse_ftm_json, "un-xml": parse_un_xml}


def parse(fmt: str, data: bytes) -> ParsedList:
    if fmt not in PARSERS:
        raise ListFormatError(f"unknown format {fmt!r}; expected one of {', '.join(PARSERS)}")
    return PARSERS[fmt](data)


__all__ = ["PARSERS", "ListFormatError", "ParsedEntry", "ParsedList", "parse"]
