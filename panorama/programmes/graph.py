"""The programme network drawn on the server as SVG: programmes on a circle grouped by sector and
body, links as curves coloured by kind, programmes coloured by delivery confidence. It needs no
JavaScript; the tables beside it carry the same information for screen readers and keyboards."""

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe

from panorama.core.charts import Style, marker

from .models import Confidence, LinkKind, ProgrammeLink

# Delivery confidence, in the scale's order, drawn the same wherever a picture shows it: the colour
# of its tag on every page (programmes/_confidence.html) and a marker shape and hatching that need no
# colour (WCAG 1.4.1).
CONFIDENCE_STYLES = {
    Confidence.GREEN: Style("#428542", "solid", "circle"),
    Confidence.AMBER_GREEN: Style("#00837e", "diagonal", "square"),
    Confidence.AMBER: Style("#fdd522", "dots", "diamond"),
    Confidence.AMBER_RED: Style("#e5682a", "crosshatch", "triangle"),
    Confidence.RED: Style("#d32205", "grid", "triangle-down"),
    Confidence.NOT_RATED: Style("#b3b3b3", "horizontal", "hollow-circle"),
}
KIND_COLOURS = {
    LinkKind.DEPENDS_ON: "#0065bd",
    LinkKind.PROVIDES_PLATFORM: "#6a2c91",
    LinkKind.SHARES_DATA: "#00837e",
    LinkKind.REPLACES: "#5e5e5e",
    LinkKind.OVERLAPS: "#e5682a",
}
# Each kind of link has its own dash as well as its colour.
KIND_DASH = {
    LinkKind.DEPENDS_ON: "",
    LinkKind.PROVIDES_PLATFORM: ' stroke-dasharray="10 3 2 3"',
    LinkKind.SHARES_DATA: ' stroke-dasharray="6 2 1 2 1 2"',
    LinkKind.REPLACES: ' stroke-dasharray="1 3"',
    LinkKind.OVERLAPS: ' stroke-dasharray="4 3"',
}


# Labels are 10 px; 0.6 em is a safe average width for a character.
LABEL_CHAR = 10 * 0.6


def _label(programme) -> str:
    title = programme.title if len(programme.title) <= 30 else programme.title[:29] + "…"
    return f"{title} ({programme.organisation.short_name})"


def network_svg(links: list[ProgrammeLink], *, size: int = 900) -> SafeString:
    nodes = {}
    degree: dict[int, int] = {}
    for link in links:
        for p in (link.source, link.target):
            nodes[p.pk] = p
            degree[p.pk] = degree.get(p.pk, 0) + 1
    order = sorted(nodes.values(), key=lambda p: (p.organisation.sector, p.organisation.name, p.title))
    centre = size / 2
    radius = size / 2 - 190
    position = {}
    for i, p in enumerate(order):
        angle = 2 * math.pi * i / max(1, len(order)) - math.pi / 2
        position[p.pk] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    body: list[str] = []
    for link in links:
        x1, y1, _ = position[link.source.pk]
        x2, y2, _ = position[link.target.pk]
        # A curve bent towards the centre keeps many links readable; the arrow marks the direction.
        cx, cy = centre + ((x1 + x2) / 2 - centre) * 0.35, centre + ((y1 + y2) / 2 - centre) * 0.35
        colour = KIND_COLOURS.get(link.kind, "#333")
        body.append(
            f'<path data-source="{link.source.public_id}" data-target="{link.target.public_id}" '
            f'd="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" '
            f'stroke-width="1.2" stroke-opacity="0.7"{KIND_DASH.get(link.kind, "")} marker-end="url(#pan-arrow-{link.kind})">'
            f"<title>{escape(str(link))}</title></path>"
        )
    label_all = len(order) <= 60
    labelled = [p for p in order if label_all or degree[p.pk] >= 4]
    longest = max((len(_label(p)) for p in labelled), default=0)
    # Labels point outwards from the circle: the picture grows by whatever the longest needs beyond
    # the margin, so no label is cut off at the edge.
    pad = max(0.0, 3 + 6 + 4 + longest * LABEL_CHAR + 4 - (size / 2 - radius))
    for p in order:
        x, y, angle = position[p.pk]
        r = 3 + min(6, degree[p.pk])
        style = CONFIDENCE_STYLES.get(p.confidence, CONFIDENCE_STYLES[Confidence.NOT_RATED])
        node = marker(
            style.marker,
            x,
            y,
            r,
            style.colour,
            f' data-node="{p.public_id}" data-label="{escape(p.title)}"'
            + ("" if style.marker == "hollow-circle" else ' stroke="#0b0c0c" stroke-width="0.75"'),
        )
        # The node's title names the programme and its confidence for those who hover or read.
        body.append(
            node[:-2]
            + f"><title>{escape(p.title)} ({escape(p.organisation.short_name)}): "
            + f"{escape(p.get_confidence_display())}</title></{node[1 : node.index(' ')]}>"
        )
        if label_all or degree[p.pk] >= 4:
            degrees = math.degrees(angle)
            flip = 90 < degrees % 360 < 270
            lx, ly = x + (r + 4) * math.cos(angle), y + (r + 4) * math.sin(angle)
            rotate = degrees + 180 if flip else degrees
            anchor = "end" if flip else "start"
            label = _label(p)
            body.append(
                f'<text data-node="{p.public_id}" x="{lx:.1f}" y="{ly:.1f}" font-size="10" text-anchor="{anchor}" dominant-baseline="middle" '
                f'transform="rotate({rotate:.1f} {lx:.1f} {ly:.1f})">{escape(label)}</text>'
            )
    for i, (kind, colour) in enumerate(KIND_COLOURS.items()):
        y = 16 + i * 16
        body.append(
            f'<line x1="8" y1="{y}" x2="36" y2="{y}" stroke="{colour}" stroke-width="2"{KIND_DASH.get(kind, "")}/>'
            f'<text x="42" y="{y + 4}" font-size="11">{escape(LinkKind(kind).label)}</text>'
        )
    for i, (confidence, style) in enumerate(CONFIDENCE_STYLES.items()):
        y = 16 + i * 16
        outline = "" if style.marker == "hollow-circle" else ' stroke="#0b0c0c" stroke-width="0.75"'
        body.append(
            marker(style.marker, size - 110, y, 5, style.colour, outline)
            + f'<text x="{size - 100}" y="{y + 4}" font-size="11">{escape(Confidence(confidence).label)}</text>'
        )
    markers = "".join(
        f'<marker id="pan-arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for kind, colour in KIND_COLOURS.items()
    )
    description = (
        f"{len(order)} programmes and {len(links)} links. Each programme is a dot coloured by its delivery "
        "confidence, drawn as its own shape; each link is a line coloured and dashed by its kind. The tables below list the same links."
    )
    return mark_safe(  # noqa: S308 - every text node is escaped above
        f'<svg class="pan_chart pan_network" viewBox="{-pad:.1f} {-pad:.1f} {size + 2 * pad:.1f} {size + 2 * pad:.1f}" '
        f'width="{size + 2 * pad:.0f}" height="{size + 2 * pad:.0f}" role="img" '
        f'aria-labelledby="pan-network-title pan-network-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="pan-network-title">The programme network</title><desc id="pan-network-desc">{escape(description)}</desc>'
        f"<defs>{markers}</defs>" + "".join(body) + "</svg>"
    )
