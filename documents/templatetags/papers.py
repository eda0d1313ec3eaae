"""Bilingual labels on papers, as trade practice has them: the English label, and under it the same label in
the paper's language (``{% bilingual "Consignee" %}`` → "Consignee / 荷受人"). English papers print English only.

Every label a template uses is listed in ``documents/labels.py`` so ``makemessages`` extracts it.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from core.rates import rate_source_english

register = template.Library()


@register.simple_tag
def bilingual(label: str, separator: str = "br"):
    """``label`` in English, then in the active language when that differs (``separator``: "br" or "slash")."""
    translated = gettext(label)
    if (get_language() or "en").startswith("en") or translated == label:
        return label
    if separator == "slash":
        return format_html('{} <span class="tr">/ {}</span>', label, translated)
    return format_html('{}<span class="tr tr-block">{}</span>', label, translated)


@register.simple_tag
def rate_source(source: str):
    """An exchange rate's source as a label ("ecb" → "ECB reference rate / Справочный курс ЕЦБ"), not its code."""
    return bilingual(rate_source_english(source), "slash")
