"""Inline SVG charts, drawn here so a report needs no script, font or file
from elsewhere, and prints legibly in black and white: every series has a
pattern as well as a colour, and every bar is labelled with its figure.

A chart shows no more than the HTML tables do: a count under the small-count
threshold is drawn hatched grey at the threshold's size and labelled "<5",
so its length gives nothing away.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from reports.engine.expressions import GRADES

WIDTH = 720
LABEL_WIDTH = 170
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 60
ROW = 26
BAR = 18
TOP = 8

# Colour and pattern per series, chosen to stay apart in greyscale.
GRADE_STYLES = {
    "outstanding": ("#1b7837", "solid"),
    "good": ("#7fbf7b", "diagonal"),
    "requires-improvement": ("#f1a340", "dots"),
    "inadequate": ("#b2182b", "cross"),
}
BAR_STYLE = ("#4a6fa5", "solid")
SUPPRESSED_FILL = "#bdbdbd"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def shown(count: int, threshold: int) -> tuple[float, str, bool]:
    """Drawn size, label, and whether it is suppressed."""
    if 0 < count < threshold:
        return float(threshold), f"<{threshold}", True
    return float(count), str(count), False


def patterns(prefix: str, styles: Sequence[tuple[str, str, str]]) -> str:
    """SVG pattern definitions: (id suffix, colour, kind) each."""
    parts = []
    for key, colour, kind in styles:
        pattern_id = f"{prefix}-{key}"
        body = f'<rect width="8" height="8" fill="{colour}"/>'
        if kind == "diagonal":
            body += (
                '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
                'stroke="#1a1a1a" stroke-width="1"/>'
            )
        elif kind == "dots":
            body += '<circle cx="4" cy="4" r="1.3" fill="#1a1a1a"/>'
        elif kind == "cross":
            body += (
                '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#ffffff" stroke-width="1.2"/>'
            )
        elif kind == "hatched":
            body += '<path d="M0,8 l8,-8" stroke="#555555" stroke-width="1"/>'
        parts.append(
            f'<pattern id="{pattern_id}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse">{body}</pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def frame(chart_id: str, title: str, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'role="img" aria-labelledby="{chart_id}-title" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{body}</svg>'
    )


def stacked_grades(
    title: str,
    rows: Sequence[tuple[str, dict[str, int]]],
    threshold: int,
) -> Chart:
    """One bar per row (a cycle, a team), split by grade, as shares of the
    row's audits; best grades on the left."""
    chart_id = "chart-" + slug(title)
    styles = [(grade, *GRADE_STYLES[grade]) for grade in GRADES]
    defs = patterns(chart_id, [*styles, ("suppressed", SUPPRESSED_FILL, "hatched")])
    parts = [defs]
    y = TOP
    for label, counts in rows:
        parts.append(row_label(label, y))
        drawn = [(grade, *shown(counts.get(grade, 0), threshold)) for grade in GRADES]
        total = sum(size for _, size, _, _ in drawn)
        if total == 0:
            parts.append(
                f'<text x="{LABEL_WIDTH}" y="{y + BAR - 5}" fill="#444">'
                "no audits</text>"
            )
        x = float(LABEL_WIDTH)
        for grade, size, text, suppressed in drawn:
            if size == 0:
                continue
            width = PLOT_WIDTH * size / total
            fill = f"{chart_id}-{'suppressed' if suppressed else grade}"
            parts.append(
                f'<rect x="{number(x)}" y="{y}" width="{number(width)}" '
                f'height="{BAR}" fill="url(#{fill})" stroke="#1a1a1a" '
                f'stroke-width="0.6"><title>{escape(grade)}: {escape(text)}'
                "</title></rect>"
            )
            if width >= 22:
                parts.append(
                    f'<text x="{number(x + width / 2)}" y="{y + BAR - 5}" '
                    'text-anchor="middle" font-weight="bold" fill="#000" '
                    'stroke="#fff" stroke-width="2.5" paint-order="stroke">'
                    f"{escape(text)}</text>"
                )
            x += width
        y += ROW
    legend_y = y + 6
    parts.append(legend(chart_id, [(g, g.replace("-", " ")) for g in GRADES], legend_y))
    parts.append(
        f'<text x="0" y="{legend_y + 34}" fill="#444">Share of each bar\'s '
        f"audits; hatched grey: fewer than {threshold}, drawn as {threshold}.</text>"
    )
    return Chart(title, frame(chart_id, title, legend_y + 44, "".join(parts)))


def bars(title: str, rows: Sequence[tuple[str, int]], threshold: int) -> Chart:
    """One bar per row, its length the count."""
    chart_id = "chart-" + slug(title)
    defs = patterns(
        chart_id,
        [("bar", *BAR_STYLE), ("suppressed", SUPPRESSED_FILL, "hatched")],
    )
    drawn = [(label, *shown(count, threshold)) for label, count in rows]
    largest = max((size for _, size, _, _ in drawn), default=0.0) or 1.0
    parts = [defs]
    y = TOP
    for label, size, text, suppressed in drawn:
        parts.append(row_label(label, y))
        width = PLOT_WIDTH * size / largest
        fill = f"{chart_id}-{'suppressed' if suppressed else 'bar'}"
        if width > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{number(width)}" '
                f'height="{BAR}" fill="url(#{fill})" stroke="#1a1a1a" '
                'stroke-width="0.6"/>'
            )
        parts.append(
            f'<text x="{number(LABEL_WIDTH + width + 6)}" y="{y + BAR - 5}">'
            f"{escape(text)}</text>"
        )
        y += ROW
    parts.append(
        f'<text x="0" y="{y + 14}" fill="#444">Hatched grey: fewer than '
        f"{threshold}, drawn as {threshold}.</text>"
    )
    return Chart(title, frame(chart_id, title, y + 24, "".join(parts)))


def row_label(label: str, y: int) -> str:
    short = label if len(label) <= 26 else label[:25] + "…"
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end">'
        f"{escape(short)}</text>"
    )


def legend(chart_id: str, entries: Sequence[tuple[str, str]], y: int) -> str:
    parts = []
    x = 0
    for key, text in entries:
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" '
            f'fill="url(#{chart_id}-{key})" stroke="#1a1a1a" stroke-width="0.6"/>'
            f'<text x="{x + 19}" y="{y + 11}">{escape(text)}</text>'
        )
        x += 30 + 7 * len(text)
    return "".join(parts)
