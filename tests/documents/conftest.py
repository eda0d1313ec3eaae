"""Papers need an owner row: a buyer (accounts), whose names print on the test paper kinds."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.documents import kinds  # noqa: F401  (registers the test-only kinds in this process)
from tests.factories import BuyerCompanyFactory


def _noto_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return "Noto Sans CJK JP" in families and "Noto Sans CJK SC" in families


# As the browser tests without chromium: `make test` installs the fonts when it runs as root (`make fonts`).
needs_noto_fonts = pytest.mark.skipif(not _noto_installed(), reason="Debian's Noto fonts are missing: make fonts")

NAMES = {"name": "ООО «Восток Авто»", "consignee_name": "トヨタ・ヤマダ商会", "notify_party": "霍尔果斯丝路汽车贸易有限公司"}


@pytest.fixture
def buyer(db):
    return BuyerCompanyFactory(**NAMES)


def pdf_fonts(data: bytes) -> set[str]:
    """The base names of the fonts a PDF embeds (without the subset tag: ``Noto-Sans-CJK-JP``)."""
    reader = PdfReader(_stream(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                names.add(str(descriptor["/FontName"]).lstrip("/").split("+", 1)[-1])
    return names


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(_stream(data)).pages)


def _stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)
