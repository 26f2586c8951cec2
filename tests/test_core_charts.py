"""Every chart kind shows its labels whole, inside the chart's box, with legends that do not overlap
and money written as on the rest of the page."""

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
