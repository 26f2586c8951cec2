"""Every chart kind shows its labels whole, inside the chart's box, with legends that do not overlap,
money written as on the rest of the page, and series told apart without colour (WCAG 1.4.1)."""

import re
import xml.etree.ElementTree as ET

from panorama.core import charts

SVG = "{http://www.w3.org/2000/svg}"
# 12 px text; no Latin character in these labels is wider than 0.6 em on average.
EM = 12
AVERAGE = 0.6 * EM

LONG = [
    "Innovation round 2023: health and social care",
    "Innovation round 2024: justice and communities",
    "Innovation round 2025: people and places",
]


def texts(chart: charts.Chart) -> tuple[ET.Element, list[dict]]:
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG, drawn a line above
    found = []

    def walk(node: ET.Element, dx: float, dy: float) -> None:
        if node.tag == f"{SVG}defs":  # patterns are drawn where they are used
            return
        if node.tag == f"{SVG}g" and (
            m := re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", node.get("transform", ""))
        ):
            dx, dy = dx + float(m[1]), dy + float(m[2])
        if node.tag == f"{SVG}text":
            spans = node.findall(f"{SVG}tspan") or [node]
            y = float(node.get("y")) + dy
            for i, span in enumerate(spans):
                if i:
                    y += float(span.get("dy", 0))
                x = float(span.get("x", node.get("x"))) + dx
                found.append(
                    {"text": span.text or "", "x": x, "y": y, "anchor": node.get("text-anchor", "start")}
                )
        if node.tag in (f"{SVG}rect",):
            found.append(
                {
                    "rect": True,
                    "x": float(node.get("x")) + dx,
                    "y": float(node.get("y")) + dy,
                    "w": float(node.get("width")),
                }
            )
        for child in node:
            walk(child, dx, dy)

    walk(root, 0, 0)
    return root, found


def extent(item: dict) -> tuple[float, float]:
    width = len(item["text"]) * AVERAGE
    if item["anchor"] == "end":
        return item["x"] - width, item["x"]
    if item["anchor"] == "middle":
        return item["x"] - width / 2, item["x"] + width / 2
    return item["x"], item["x"] + width


def assert_inside(chart: charts.Chart) -> list[dict]:
    root, items = texts(chart)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    words = [i for i in items if "text" in i]
    for item in words:
        low, high = extent(item)
        assert low >= 0 and high <= width, (
            f"{item['text']!r} runs out of the chart sideways ({low:.0f}–{high:.0f})"
        )
        assert EM <= item["y"] <= height, f"{item['text']!r} runs out of the chart at y={item['y']}"
    return words


def shown(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words).replace("- ", "")


def test_a_bar_chart_shows_long_labels_whole_and_inside():
    chart = charts.bar_chart("Applications", [(label, 12) for label in LONG] + [("Short", -3)])
    words = assert_inside(chart)
    text = shown(words)
    for label in LONG:
        assert all(word in text for word in label.split())


def test_a_stacked_bar_chart_shows_categories_whole_and_a_legend_that_does_not_overlap():
    series = {
        name: [1, 2, 3]
        for name in ["Not started", "On track", "At risk", "Off track", "Dropped", "Delivered"]
    }
    chart = charts.stacked_bar_chart("Stages", LONG, series)
    words = assert_inside(chart)
    text = shown(words)
    for label in LONG:
        assert all(word in text for word in label.split())
    keys = [w for w in words if w["text"] in series]
    assert sorted(k["text"] for k in keys) == sorted(series)  # every series has its key
    boxes = sorted((k["y"], *extent(k)) for k in keys)
    for (y1, _, b1), (y2, a2, _) in zip(boxes, boxes[1:], strict=False):
        assert y1 != y2 or b1 + 16 <= a2, "two legend keys overlap"


def test_a_line_chart_names_the_last_quarter_inside_the_box_and_writes_money_first():
    quarters = [f"2025-26 Q{q}" for q in range(1, 5)] + ["2026-27 Q1"]
    chart = charts.line_chart(
        "Cost per transaction", quarters, {"Cost per transaction": [20.9, 21, 19, 18, 17.5]}, unit="£"
    )
    words = assert_inside(chart)
    assert "2026-27 Q1" in [w["text"] for w in words]
    assert "£21" in [w["text"] for w in words] and not any(w["text"].endswith("£") for w in words)


# --- Series told apart without colour -------------------------------------------------------------

SERIES = [
    "Complete and handed over to the service",
    "On track against the agreed plan",
    "At risk of missing the agreed date",
    "Off track and needing a recovery plan",
    "Not started in this strategy period",
    "Dropped by decision of the board",
]


def cue_of_pattern(pattern: ET.Element) -> tuple:
    """What a pattern draws over its colour, with the colours left out: the cue that needs none."""
    return tuple(
        (child.tag, child.get("d"), child.get("r"))
        for child in pattern
        if not (child.tag == f"{SVG}rect" and child.get("width") == pattern.get("width"))
    )


def shape_of(element: ET.Element) -> tuple:
    """A marker's shape whatever its size, place or colour: a circle (filled or hollow), or its
    outline's steps scaled to a unit size."""
    if element.tag == f"{SVG}circle":
        return ("circle", element.get("fill") == "#ffffff")
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", element.get("d").split(" ", 1)[1])]
    scale = max(abs(n) for n in numbers)
    return ("path", *(round(n / scale, 2) for n in numbers))


def test_each_series_of_a_stacked_chart_has_its_own_hatching_and_its_legend_key_shows_it():
    chart = charts.stacked_bar_chart("Commitments by status", LONG, {name: [1, 2, 3] for name in SERIES})
    assert "style=" not in str(chart.svg)  # the content security policy allows no inline styles
    assert_inside(chart)
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("transform"))
    segments = root.findall(f"{SVG}rect")
    assert len(segments) == len(LONG) * len(SERIES)
    fills = [r.get("fill") for r in segments[: len(SERIES)]]
    for i in range(len(LONG)):  # every category draws series j in the same fill
        assert [r.get("fill") for r in segments[i * len(SERIES) : (i + 1) * len(SERIES)]] == fills
    cues = [cue_of_pattern(patterns[fill[len("url(#") : -1]]) for fill in fills]
    assert len(set(cues)) == len(SERIES), "two series share a hatching"
    keys = list(legend)
    for name, fill in zip(SERIES, fills, strict=True):
        text = next(i for i, k in enumerate(keys) if k.tag == f"{SVG}text" and k.text == name)
        assert keys[text - 1].get("fill") == fill, f"the legend's key for {name!r} is not its hatching"


def test_a_stacked_chart_draws_a_meaning_in_the_style_it_is_given():
    style = charts.Style("#d32205", "crosshatch", "triangle-down")
    first = charts.stacked_bar_chart("One", ["A"], {"Off track": [1], "On track": [2]}, styles=[style])
    again = charts.stacked_bar_chart("Two", ["B", "C"], {"Off track": [3, 4]}, styles=[style])
    drawn = []
    for chart in (first, again):
        root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
        pattern = next(root.iter(f"{SVG}pattern"))
        drawn.append((pattern.find(f"{SVG}rect").get("fill"), cue_of_pattern(pattern)))
    assert drawn[0] == drawn[1] and drawn[0][0] == "#d32205"


def test_each_line_has_its_own_dash_and_marker_and_its_legend_key_shows_both():
    quarters = [f"2025-26 Q{q}" for q in range(1, 5)] + ["2026-27 Q1 (provisional)"]
    series = {name: [j + 1, j + 2, None, j + 3, j + 2] for j, name in enumerate(SERIES[:5])}
    chart = charts.line_chart("Several lines", quarters, series)
    assert "style=" not in str(chart.svg)
    assert_inside(chart)
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("transform"))
    plot = [e for e in root if e.tag in (f"{SVG}polyline", f"{SVG}circle", f"{SVG}path")]
    by_colour: dict[str, dict] = {}
    for element in plot:
        colour = element.get("stroke") if element.tag == f"{SVG}polyline" else element.get("fill")
        if element.tag == f"{SVG}circle" and element.get("fill") == "#ffffff":
            colour = element.get("stroke")
        entry = by_colour.setdefault(colour, {"dashes": set(), "shapes": set(), "points": 0})
        if element.tag == f"{SVG}polyline":
            entry["dashes"].add(element.get("stroke-dasharray", ""))
        else:
            entry["shapes"].add(shape_of(element))
            entry["points"] += 1
    assert len(by_colour) == 5
    for entry in by_colour.values():  # one dash and one shape per series, a marker on every value
        assert len(entry["dashes"]) == 1 and len(entry["shapes"]) == 1 and entry["points"] == 4
    assert len({next(iter(e["dashes"])) for e in by_colour.values()}) == 5, "two lines share a dash"
    assert len({next(iter(e["shapes"])) for e in by_colour.values()}) == 5, "two lines share a marker"
    keys = list(legend)
    for name in series:
        text = next(i for i, k in enumerate(keys) if k.tag == f"{SVG}text" and k.text == name)
        line, point = keys[text - 2], keys[text - 1]
        entry = by_colour[line.get("stroke")]
        assert line.get("stroke-dasharray", "") in entry["dashes"] and shape_of(point) in entry["shapes"], (
            name
        )


def test_the_status_and_confidence_mappings_tell_every_value_apart_without_colour():
    from panorama.picture.dashboard import STATUS_ORDER, STATUS_STYLES
    from panorama.programmes.graph import CONFIDENCE_STYLES
    from panorama.programmes.models import Confidence

    assert list(CONFIDENCE_STYLES) == list(Confidence)  # the scale's order, green to red, then not rated
    assert set(STATUS_STYLES) == set(STATUS_ORDER)
    for mapping in (STATUS_STYLES, CONFIDENCE_STYLES):
        styles = list(mapping.values())
        for cue in ("colour", "pattern", "marker"):
            assert len({getattr(s, cue) for s in styles}) == len(styles), f"two values share a {cue}"


def test_a_line_chart_never_writes_two_period_labels_over_each_other():
    for count in (2, 5, 8, 9, 13, 40):
        quarters = [f"{2020 + i // 4}-{21 + i // 4} Q{i % 4 + 1}" for i in range(count)]
        chart = charts.line_chart("Cost", quarters, {"Cost": list(range(count))}, unit="£")
        words = assert_inside(chart)
        labels = sorted((extent(w) for w in words if w["text"] in quarters), key=lambda e: e[0])
        names = [w["text"] for w in words if w["text"] in quarters]
        assert quarters[0] in names and quarters[-1] in names, count  # first and latest named
        assert len(names) >= min(count, 4), count  # and enough between them to read the axis
        for (_, end), (start, _) in zip(labels, labels[1:], strict=False):
            assert end <= start, f"{count} labels: two overlap"
