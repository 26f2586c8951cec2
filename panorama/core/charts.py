"""Charts drawn on the server as SVG, always shown with a data table (includes/chart.html) and a CSV.

No inline styles and no scripts, so they obey the Content-Security-Policy and work without
JavaScript. Colours are the design system's, in an order that stays distinguishable in greyscale
(each series is also named in the legend and the table, so colour never carries meaning alone).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0065bd", "#e5682a", "#5e5e5e", "#428542", "#6a2c91", "#d32205", "#00837e", "#b3b3b3"]
Number = int | float | Decimal


@dataclass
class Chart:
    """An SVG and the same data as a table: `headers` and `rows` (first column is the label)."""

    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)
    csv_url: str = ""


def _fmt(value: Number) -> str:
    value = float(value)
    if abs(value) >= 1_000_000_000:
        return f"{value / 1_000_000_000:.1f}bn"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}m"
    if abs(value) >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


# Text is 12 px; a Latin character averages about half an em, so 0.6 em is a safe width to lay out by.
CHAR_WIDTH = 12 * 0.6
LINE_HEIGHT = 14
PREFIX_UNITS = ("£", "$", "€")


def _with_unit(value: Number, unit: str) -> str:
    """A value as the rest of the page writes it: money with the pound sign first (£20.9, not 20.9£)."""
    if unit.startswith(PREFIX_UNITS):
        sign = "-" if float(value) < 0 else ""
        return f"{sign}{unit[0]}{_fmt(abs(float(value)))}{escape(unit[1:])}"
    return f"{_fmt(value)}{escape(unit)}"


def _wrap(text: str, width: float) -> list[str]:
    """Words in lines no wider than `width` (a word longer than a line is broken inside it), so a
    label is shown whole, never cut."""
    per_line = max(4, int(width // CHAR_WIDTH))
    lines: list[str] = []
    for word in str(text).split():
        while len(word) > per_line:
            if lines and not lines[-1]:
                lines.pop()
            lines.append(word[: per_line - 1] + "-")
            word = word[per_line - 1 :]
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text_lines(x: float, y: float, lines: list[str], anchor: str) -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{spans}</text>'


def _legend(
    names: Sequence[str], *, left: float, top: float, width: float, colours: Sequence[str] = PALETTE
) -> tuple[list[str], float]:
    """Keys laid out in rows by the width of their names, so no two ever overlap; returns the SVG and
    the height it takes."""
    body: list[str] = []
    x, y = left, top
    for j, name in enumerate(names):
        size = 16 + len(name) * CHAR_WIDTH + 20
        if x > left and x + size > width:
            x, y = left, y + LINE_HEIGHT + 6
        colour = colours[j % len(colours)]
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{x + 16:.1f}" y="{y + 10:.1f}">{escape(name)}</text>')
        x += size
    return body, (y - top) + LINE_HEIGHT + 6


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    title_id = "chart-" + str(abs(hash((title, width, height))) % 10**8)
    return mark_safe(  # noqa: S308 - every text node is escaped above
        f'<svg class="pan_chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        # font-size as an attribute too: the web page's stylesheet sets it, but a PDF renderer that
        # reads no stylesheet for SVG would draw 16 px text that runs out of the label column.
        f'role="img" aria-labelledby="{title_id}" font-size="12" font-family="sans-serif" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def bar_chart(title: str, bars: Sequence[tuple[str, Number]], *, unit: str = "", width: int = 640) -> Chart:
    """Horizontal bars, one per (label, value); negative values draw left of the axis. Labels wrap
    onto as many lines as they need in the label column."""
    label_width, pad = 220, 70
    wrapped = [_wrap(label, label_width - 12) for label, _ in bars]
    heights = [max(26, LINE_HEIGHT * len(lines) + 12) for lines in wrapped]
    height = max(40, sum(heights) + 20)
    values = [float(v) for _, v in bars] or [0.0]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot = width - label_width - pad - (pad if low < 0 else 0)
    zero = label_width + (pad if low < 0 else 0) + plot * (-low / span)
    body = [f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height - 10}" stroke="#333"/>']
    y = 10
    for (_, value), lines, row_height in zip(bars, wrapped, heights, strict=True):
        length = plot * abs(float(value)) / span
        x = zero if float(value) >= 0 else zero - length
        body.append(_text_lines(label_width - 6, y + 15, lines, "end"))
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="{row_height - 8}" fill="{PALETTE[0]}"/>'
        )
        body.append(
            f'<text x="{x + length + 4 if float(value) >= 0 else x - 4:.1f}" y="{y + 15}" '
            f'text-anchor="{"start" if float(value) >= 0 else "end"}">{_with_unit(value, unit)}</text>'
        )
        y += row_height
    return Chart(
        title, _svg(width, height, title, body), ["", title], [[label, value] for label, value in bars]
    )


def stacked_bar_chart(
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Number]],
    *,
    unit: str = "",
    width: int = 640,
    colours: Sequence[str] | None = None,
) -> Chart:
    """Vertical stacked bars: one bar per category, one segment per series (e.g. run and change).
    Category names wrap under their bar; the legend takes as many rows as its names need. `colours`
    (one per series) keeps a meaning's colour the same everywhere, e.g. `STATUS_COLOURS`."""
    names = list(series)
    palette = list(colours) if colours else PALETTE
    left, top, plot_h = 70, 30, 230
    totals = [sum(float(series[n][i]) for n in names) for i in range(len(categories))] or [0.0]
    peak = max(totals) or 1.0
    plot_w = width - left - 20
    slot = plot_w / max(1, len(categories))
    wrapped = [_wrap(category, slot - 4) for category in categories]
    label_lines = max((len(lines) for lines in wrapped), default=1)
    legend, legend_height = _legend(names, left=left, top=0, width=width - 10, colours=palette)
    legend_top = top + plot_h + 10 + LINE_HEIGHT * label_lines + 8
    height = int(legend_top + legend_height + 4)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_with_unit(peak, unit)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for i, lines in enumerate(wrapped):
        y = top + plot_h
        for j, name in enumerate(names):
            h = plot_h * float(series[name][i]) / peak
            y -= h
            body.append(
                f'<rect x="{left + i * slot + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{max(h, 0):.1f}" fill="{palette[j % len(palette)]}"/>'
            )
        body.append(_text_lines(left + i * slot + slot / 2, top + plot_h + 16, lines, "middle"))
    body.append(f'<g transform="translate(0 {legend_top:.1f})">' + "".join(legend) + "</g>")
    rows = [[category, *[series[n][i] for n in names], totals[i]] for i, category in enumerate(categories)]
    return Chart(title, _svg(width, height, title, body), ["", *names, "Total"], rows)


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[Number | None]],
    *,
    unit: str = "",
    width: int = 640,
) -> Chart:
    """Lines over time; None leaves a gap. Each point is also a circle so single values show."""
    left, top, plot_h = 70, 20, 220
    legend, legend_height = _legend(list(series), left=left, top=0, width=width - 10)
    height = int(top + plot_h + 30 + legend_height)
    values = [float(v) for s in series.values() for v in s if v is not None] or [0.0]
    low, high = min(0.0, *values), max(values) or 1.0
    span = (high - low) or 1.0
    plot_w = width - left - 20
    step = plot_w / max(1, len(x_labels) - 1)

    def y_of(v: Number) -> float:
        return top + plot_h - plot_h * (float(v) - low) / span

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_with_unit(high, unit)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">{_with_unit(low, unit)}</text>',
    ]
    every = max(1, len(x_labels) // 8)
    shown = set(range(0, len(x_labels), every))
    if x_labels:  # the latest period is always named; the one before gives way if they would touch
        last = len(x_labels) - 1
        if last not in shown and last - max(shown) < every:
            shown.discard(max(shown))
        shown.add(last)
    for i in sorted(shown):
        # The first and last labels are anchored inside the chart, so neither is clipped.
        anchor = "start" if i == 0 and len(x_labels) > 1 else "end" if i == len(x_labels) - 1 else "middle"
        body.append(
            f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" text-anchor="{anchor}">'
            f"{escape(str(x_labels[i]))}</text>"
        )
    for j, points in enumerate(series.values()):
        colour = PALETTE[j % len(PALETTE)]
        segment: list[str] = []
        for i, v in enumerate(points):
            if v is None:
                if len(segment) > 1:
                    body.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>'
                    )
                segment = []
                continue
            segment.append(f"{left + i * step:.1f},{y_of(v):.1f}")
            body.append(f'<circle cx="{left + i * step:.1f}" cy="{y_of(v):.1f}" r="3" fill="{colour}"/>')
        if len(segment) > 1:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>'
            )
    body.append(f'<g transform="translate(0 {top + plot_h + 30})">' + "".join(legend) + "</g>")
    rows = [[label, *[series[n][i] for n in series]] for i, label in enumerate(x_labels)]
    return Chart(title, _svg(width, height, title, body), ["", *series], rows)


@dataclass(frozen=True)
class Blip:
    """One point on a radar: its number (printed in it, and first in the table), its name, which
    quadrant and ring (indexes into the chart's lists) it sits in, whether it has moved ring since
    the last period, and more columns for the table."""

    number: int
    label: str
    quadrant: int
    ring: int
    moved: bool = False
    extra: tuple[object, ...] = ()


def radar_chart(
    title: str,
    quadrants: Sequence[str],
    rings: Sequence[str],
    blips: Sequence[Blip],
    *,
    extra_headers: Sequence[str] = (),
    width: int = 640,
) -> Chart:
    """A technology radar: up to four quadrants, concentric rings (the first innermost), a numbered
    circle per blip (a triangle for one that moved ring), the numbers listed in the table. The
    circle is square, so at 320 px it scales down whole; names live in the table, where they can be
    read at any width."""
    size = width
    centre = size / 2
    top = 30  # room for the quadrant names above and below
    radius = centre - 10
    step = radius / max(1, len(rings))
    body: list[str] = []
    greys = ["#e8e8e8", "#f2f2f2", "#e8e8e8", "#f2f2f2", "#e8e8e8"]
    cy = top + centre
    for i in reversed(range(len(rings))):
        body.append(
            f'<circle cx="{centre:.1f}" cy="{cy:.1f}" r="{step * (i + 1):.1f}" fill="{greys[i % len(greys)]}" stroke="#b3b3b3"/>'
        )
    body.append(
        f'<line x1="{centre - radius:.1f}" y1="{cy:.1f}" x2="{centre + radius:.1f}" y2="{cy:.1f}" stroke="#5e5e5e"/>'
    )
    body.append(
        f'<line x1="{centre:.1f}" y1="{top + 10:.1f}" x2="{centre:.1f}" y2="{top + size - 10:.1f}" stroke="#5e5e5e"/>'
    )
    for i, name in enumerate(rings):  # ring names along the axis, right of the centre
        x = centre + step * i + step / 2
        body.append(
            f'<text x="{x:.1f}" y="{cy - 4:.1f}" text-anchor="middle" font-weight="bold">{escape(name)}</text>'
        )
    # Quadrants, clockwise from the top left; their names above and below the circle.
    corners = [
        (4, 18, "start"),
        (size - 4, 18, "end"),
        (4, top + size + 18, "start"),
        (size - 4, top + size + 18, "end"),
    ]
    for q, name in enumerate(quadrants[:4]):
        x, y, anchor = corners[q]
        body.append(
            f'<text x="{x}" y="{y:.1f}" text-anchor="{anchor}" font-weight="bold">{escape(name)}</text>'
        )
    # Angles in degrees (0 = pointing right, counter-clockwise) each quadrant spans.
    spans = [(90, 180), (0, 90), (180, 270), (270, 360)]
    groups: dict[tuple[int, int], list[Blip]] = {}
    for blip in blips:
        groups.setdefault((blip.quadrant % 4, blip.ring), []).append(blip)
    for (q, r), members in groups.items():
        low, high = spans[q]
        n = len(members)
        for i, blip in enumerate(members):
            angle = math.radians(low + (high - low) * (i + 1) / (n + 1))
            # Alternate blips between the inner and outer part of the ring, so neighbours never touch;
            # the innermost ring is small, so its blips keep clear of the centre.
            inner, outer = (0.55, 0.8) if r == 0 else (0.3, 0.72)
            band = (inner + outer) / 2 if n < 3 and r else (inner if i % 2 == 0 else outer)
            dist = step * r + step * band
            x = centre + dist * math.cos(angle)
            y = cy - dist * math.sin(angle)
            colour = PALETTE[4] if blip.moved else PALETTE[0]
            if blip.moved:
                body.append(
                    f'<polygon points="{x:.1f},{y - 13:.1f} {x + 12:.1f},{y + 8:.1f} {x - 12:.1f},{y + 8:.1f}" fill="{colour}"/>'
                )
            else:
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{colour}"/>')
            body.append(
                f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" class="pan_radar-number" fill="#ffffff" font-weight="bold">{blip.number}</text>'
            )
    height = int(top + size + 28)
    rows = [
        [f"{b.number}. {b.label}", quadrants[b.quadrant % len(quadrants)], rings[b.ring], *b.extra]
        for b in blips
    ]
    return Chart(
        title, _svg(size, height, title, body), ["Technology", "Quadrant", "Ring", *extra_headers], rows
    )
