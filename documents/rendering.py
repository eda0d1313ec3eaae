"""From a paper's context to PDF bytes: the Django template, then WeasyPrint. No database writes here.

The print CSS names fonts that fontconfig resolves (Debian's fonts-noto-core and fonts-noto-cjk, ``make
fonts``): Noto Sans for Latin and Cyrillic, Noto Sans CJK JP or SC for Japanese and Chinese. WeasyPrint embeds
only the glyphs a paper uses (subsetting), so a one-page invoice stays small. Papers fetch nothing: the CSS is
inlined by the template and every URL but ``data:`` is refused, so no text a buyer typed can make the worker
read a file or call a server.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import ImageFile
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from documents.registry import Paper

# Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, and so a web process
# that renders papers would accept a truncated photo upload. Papers embed no uploaded images: turn it off.
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.pdf)


@functools.cache
def _font_config() -> FontConfiguration:
    """One per process: fontconfig's font list is read once, not for each paper."""
    return FontConfiguration()


@functools.cache
def _stylesheet() -> CSS:
    """The papers' print CSS (templates/papers/paper.css), parsed once per process, not once per paper."""
    return CSS(string=render_to_string("papers/paper.css"), font_config=_font_config(), url_fetcher=_fetcher())


@functools.cache
def _fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols=["data"], timeout=1)


def seller() -> dict:
    return {"name": settings.BROKER_NAME, "address": settings.BROKER_ADDRESS,
            "bank_account": settings.BROKER_BANK_ACCOUNT}


def bank_warning() -> str:
    return _("Pay only to the bank account printed on this paper. We never change our bank details by e-mail, "
             "chat or telephone: if you receive such a message, call us before paying.")


def paper_context(paper: Paper, *, number: str, version: int, language: str, date: dt.date, data: dict) -> dict:
    """The owner app's data plus what every paper carries (its number, the seller, the bank warning)."""
    context = {"seller": seller(), "bank_warning": bank_warning(), "date": date, **data}
    context.setdefault("consignee", context.get("buyer"))
    context["title"] = str(paper.title)
    with translation.override("en"):
        context["title_en"] = str(paper.title)
    if context["title"] != context["title_en"]:
        context["title_local"] = context["title"]
    context["document"] = {"number": number, "version": version, "kind": paper.kind, "language": language,
                           "title": context["title"]}
    context["language"] = language
    return context


def html_render(paper: Paper, context: dict, *, language: str) -> str:
    with translation.override(language):
        return render_to_string(paper.template, context)


def pdf_render(html: str) -> Rendered:
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf(
        stylesheets=[_stylesheet()], font_config=_font_config())
    return Rendered(pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
