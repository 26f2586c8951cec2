"""Charts drawn on the server as SVG, always shown with a data table (includes/chart.html) and a CSV.

No inline styles and no scripts, so they obey the Content-Security-Policy and work without
JavaScript. Colours are the design system's, in an order that stays distinguishable in greyscale
(each series is also named in the legend and the table, so colour never carries meaning alone).
"""

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
    """Horizontal bars, one per (label, value); negative values draw left of the axis."""
    row_height, label_width, pad = 26, 220, 60
    height = max(40, row_height * len(bars) + 20)
    values = [float(v) for _, v in bars] or [0.0]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    plot = width - label_width - pad
    zero = label_width + plot * (-low / span)
    body = [f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height - 10}" stroke="#333"/>']
    for i, (label, value) in enumerate(bars):
        y = 10 + i * row_height
        length = plot * abs(float(value)) / span
        x = zero if float(value) >= 0 else zero - length
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(str(label)[:34])}</text>'
        )
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="{row_height - 8}" fill="{PALETTE[0]}"/>'
        )
        body.append(
            f'<text x="{x + length + 4 if float(value) >= 0 else x - 4:.1f}" y="{y + 15}" '
            f'text-anchor="{"start" if float(value) >= 0 else "end"}">{_fmt(value)}{escape(unit)}</text>'
        )
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
) -> Chart:
    """Vertical stacked bars: one bar per category, one segment per series (e.g. run and change)."""
    names = list(series)
    height, left, bottom, top = 320, 60, 60, 30
    totals = [sum(float(series[n][i]) for n in names) for i in range(len(categories))] or [0.0]
    peak = max(totals) or 1.0
    plot_w, plot_h = width - left - 20, height - bottom - top
    slot = plot_w / max(1, len(categories))
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_fmt(peak)}{escape(unit)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for i, category in enumerate(categories):
        y = top + plot_h
        for j, name in enumerate(names):
            h = plot_h * float(series[name][i]) / peak
            y -= h
            body.append(
                f'<rect x="{left + i * slot + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{max(h, 0):.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
        body.append(
            f'<text x="{left + i * slot + slot / 2:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{escape(str(category)[:14])}</text>'
        )
    for j, name in enumerate(names):
        x = left + j * 150
        body.append(
            f'<rect x="{x}" y="{height - 22}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        body.append(f'<text x="{x + 16}" y="{height - 12}">{escape(name)}</text>')
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
    height, left, bottom, top = 300, 60, 60, 20
    values = [float(v) for s in series.values() for v in s if v is not None] or [0.0]
    low, high = min(0.0, *values), max(values) or 1.0
    span = (high - low) or 1.0
    plot_w, plot_h = width - left - 20, height - bottom - top
    step = plot_w / max(1, len(x_labels) - 1)

    def y_of(v: Number) -> float:
        return top + plot_h - plot_h * (float(v) - low) / span

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{_fmt(high)}{escape(unit)}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">{_fmt(low)}</text>',
    ]
    every = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(str(label))}</text>'
            )
    for j, (name, points) in enumerate(series.items()):
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
        body.append(f'<rect x="{left + j * 150}" y="{height - 22}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{left + j * 150 + 16}" y="{height - 12}">{escape(name)}</text>')
    rows = [[label, *[series[n][i] for n in series]] for i, label in enumerate(x_labels)]
    return Chart(title, _svg(width, height, title, body), ["", *series], rows)
