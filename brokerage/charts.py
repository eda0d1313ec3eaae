"""Small server-side SVG charts: bars and stacked bars, with axes, value labels, a legend and <title>/<desc>.

No JavaScript and no style attributes (the Content-Security-Policy allows neither): colours come from
classes the stylesheet (static/css/staff.css) colours, with SVG ``fill`` presentation attributes as the
fallback. The ``viewBox`` lets a chart scale to the width of a phone; text is sized for that.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
TOP = 14
LEFT = 34
RIGHT = 8
PLOT_HEIGHT = 170
LABEL_ROWS = 2  # category labels may take two lines (month, then the year under January)
LINE = 13
FONT = 11
CHAR_WIDTH = 6.4  # average width of a character at FONT, for laying out the legend
# A palette that keeps apart for the colour-blind (Okabe–Ito, then greys); the stylesheet may override it.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#7f7f7f", "#b9b9b9")
DECISION_FILLS = {"clear": "#1a7f37", "review": "#d4a72c", "blocked": "#cf222e"}
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    css: str = ""  # a class of its own (``clear``, ``s3``: the palette's fourth); else the palette by position
    fill: str = ""


def nice_ceiling(value: float, ticks: int = 4) -> tuple[int, int]:
    """(top, step): a round top of the axis at or above ``value`` and its step (1, 2 or 5 x 10^n)."""
    if value <= 0:
        return ticks, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _palette_fill(css: str, index: int) -> str:
    """The fallback fill of a palette class ``sN`` (else the palette by position)."""
    if css[:1] == "s" and css[1:].isdigit():
        return PALETTE[int(css[1:]) % len(PALETTE)]
    return PALETTE[index % len(PALETTE)]


def _text(x: float, y: float, text: str, *, anchor: str = "middle", css: str = "chart-label") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" class="{css}">'
            f"{escape(text)}</text>")


def _legend(series: Sequence[Series], y: float) -> tuple[list[str], float]:
    """Swatches and names laid out in rows across the width; returns the parts and the height used."""
    parts, x, row = [], LEFT, 0
    for item in series:
        width = 14 + len(item.name) * CHAR_WIDTH + 14
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        top = y + row * (LINE + 4)
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="10" height="10" rx="2" class="{item.css}" '
                     f'fill="{item.fill}"/>')
        parts.append(_text(x + 14, top + 9, item.name, anchor="start"))
        x += width
    return parts, (row + 1) * (LINE + 4) if series else 0


def _styled(series: Sequence[Series]) -> list[Series]:
    styled = []
    for position, item in enumerate(series):
        css = f"chart-{item.css}" if item.css else f"chart-s{position % len(PALETTE)}"
        fill = item.fill or DECISION_FILLS.get(item.css) or _palette_fill(item.css, position)
        styled.append(Series(name=item.name, values=item.values, css=f"chart-bar {css}", fill=fill))
    return styled


def stacked_bar_chart(*, title: str, desc: str, labels: Sequence[str | tuple[str, str]], series: Sequence[Series],
                      empty: str = "", legend: bool = True, value_format=str) -> SafeString:
    """Bars of ``labels`` (a label or (line 1, line 2)), each stacked from ``series`` bottom up, totals on top.

    Every segment carries a <title> ("series, label: value") for hover and screen readers.
    """
    series = _styled(series)
    count = len(labels)
    totals = [sum(item.values[index] for item in series) for index in range(count)]
    top, step = nice_ceiling(max(totals, default=0))
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(count, 1)
    bar = min(slot * 0.7, 48)
    legend_parts, legend_height = _legend(series, TOP + PLOT_HEIGHT + LABEL_ROWS * LINE + 14) if legend else ([], 0)
    height = TOP + PLOT_HEIGHT + LABEL_ROWS * LINE + 14 + legend_height
    chart_id = f"chart{next(_ids)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    baseline = TOP + PLOT_HEIGHT
    for tick in range(0, top + 1, step):
        y = baseline - PLOT_HEIGHT * tick / top
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="chart-grid" stroke="#d8dee4" stroke-width="1"/>')
        parts.append(_text(LEFT - 5, y + 4, value_format(tick), anchor="end", css="chart-axis"))
    for index, label in enumerate(labels):
        x = LEFT + slot * index + (slot - bar) / 2
        y = baseline
        lines = label if isinstance(label, tuple) else (label, "")
        name = " ".join(part for part in lines if part)
        for item in series:
            value = item.values[index]
            if not value:
                continue
            h = PLOT_HEIGHT * value / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="{item.css}" '
                         f'fill="{item.fill}"><title>{escape(f"{item.name}, {name}: {value_format(value)}")}'
                         f"</title></rect>")
        if totals[index]:
            parts.append(_text(x + bar / 2, y - 3, value_format(totals[index]), css="chart-value"))
        for row, line in enumerate(lines):
            if line:
                parts.append(_text(LEFT + slot * index + slot / 2, baseline + LINE * (row + 1),
                                   line, css="chart-axis"))
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{baseline}" y2="{baseline}" class="chart-baseline" '
                 f'stroke="#5b6570" stroke-width="1"/>')
    if not any(totals) and empty:
        parts.append(_text(LEFT + plot_width / 2, TOP + PLOT_HEIGHT / 2, empty, css="chart-empty"))
    parts.extend(legend_parts)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above went through escape())


def bar_chart(*, title: str, desc: str, labels: Sequence[str | tuple[str, str]], values: Sequence[int],
              name: str = "", css: str = "", empty: str = "") -> SafeString:
    """One bar per label with its value on top (a stacked chart of one series, without a legend)."""
    return stacked_bar_chart(title=title, desc=desc, labels=labels, series=[Series(name=name, values=values, css=css)],
                             empty=empty, legend=False)


def hbar_chart(*, title: str, desc: str, labels: Sequence[str], values: Sequence[int], css: Sequence[str] = (),
               empty: str = "") -> SafeString:
    """Horizontal bars, one row per label (long labels such as statuses read better across than under a bar)."""
    label_width = min(150, max((len(label) for label in labels), default=0) * CHAR_WIDTH + 8)
    row, bar = 22, 15
    value_room = 34
    plot_width = WIDTH - label_width - value_room - RIGHT
    top = max(values, default=0) or 1
    height = TOP + row * len(labels) + 4
    chart_id = f"chart{next(_ids)}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * index
        klass = css[index] if index < len(css) and css[index] else f"s{index % len(PALETTE)}"
        fill = DECISION_FILLS.get(klass) or _palette_fill(klass, index)
        width = plot_width * value / top
        parts.append(_text(label_width - 6, y + bar - 3, label, anchor="end", css="chart-axis"))
        if value:
            parts.append(f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{bar}" rx="2" '
                         f'class="chart-bar chart-{klass}" fill="{fill}"><title>{escape(f"{label}: {value}")}'
                         f"</title></rect>")
        parts.append(_text(label_width + width + 4, y + bar - 3, str(value), anchor="start", css="chart-value"))
    parts.append(f'<line x1="{label_width}" x2="{label_width}" y1="{TOP - 4}" y2="{height - 2}" '
                 f'class="chart-baseline" stroke="#5b6570" stroke-width="1"/>')
    if not any(values) and empty:
        parts.append(_text(label_width + plot_width / 2, TOP + row * len(labels) / 2, empty, css="chart-empty"))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above went through escape())
