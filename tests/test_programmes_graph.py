"""The programme network keeps every label inside its picture, however long the titles."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from panorama.programmes.graph import network_svg
from panorama.programmes.models import ProgrammeLink
from tests.map_factories import make_programme

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_no_label_runs_out_of_the_network_picture(world):
    programmes = [
        make_programme(
            world.body_a if i % 2 else world.body_b, f"A very long programme title number {i} indeed"
        )
        for i in range(12)
    ]
    for source, target in zip(programmes, programmes[1:] + programmes[:1], strict=True):
        ProgrammeLink.objects.create(source=source, target=target, kind="depends-on")
    links = list(ProgrammeLink.objects.select_related("source__organisation", "target__organisation"))
    root = ET.fromstring(str(network_svg(links)))  # noqa: S314 - our own SVG
    left, top, width, height = (float(v) for v in root.get("viewBox").split())
    labels = [t for t in root.iter(f"{SVG}text") if t.get("transform")]
    assert len(labels) == 12
    for text in labels:
        x, y = float(text.get("x")), float(text.get("y"))
        rotate = float(re.match(r"rotate\(([-\d.]+)", text.get("transform"))[1])
        # A label runs from its point along its rotation (backwards when it is anchored at its end).
        direction = math.radians(rotate + (180 if text.get("text-anchor") == "end" else 0))
        length = len(text.text) * 10 * 0.6  # 10 px text, 0.6 em a character
        end_x, end_y = x + length * math.cos(direction), y + length * math.sin(direction)
        assert left <= end_x <= left + width and top <= end_y <= top + height, text.text


def test_each_delivery_confidence_is_its_own_shape_and_each_link_kind_its_own_dash(world):
    """Told apart without colour (WCAG 1.4.1): one marker shape per confidence, the same in the
    legend, and one dash per kind of link."""
    from panorama.programmes.models import Confidence, LinkKind
    from tests.test_core_charts import shape_of

    programmes = []
    for confidence in Confidence:
        p = make_programme(world.body_a, f"Programme rated {confidence.label}")
        p.confidence = confidence
        p.save(update_fields=["confidence"])
        programmes.append(p)
    kinds = list(LinkKind)
    for i, (source, target) in enumerate(zip(programmes, programmes[1:] + programmes[:1], strict=True)):
        ProgrammeLink.objects.create(source=source, target=target, kind=kinds[i % len(kinds)])
    links = list(ProgrammeLink.objects.select_related("source__organisation", "target__organisation"))
    svg = str(network_svg(links))
    assert "style=" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG
    shapes: dict[str, set] = {}
    for node in root.iter():
        if node.get("data-node") and node.tag != f"{SVG}text":
            confidence = node.find(f"{SVG}title").text.rsplit(": ", 1)[1]
            shapes.setdefault(confidence, set()).add(shape_of(node))
    assert set(shapes) == {c.label for c in Confidence}
    assert all(len(s) == 1 for s in shapes.values())
    assert len({next(iter(s)) for s in shapes.values()}) == len(Confidence), "two confidences share a shape"
    legend = {t.text: i for i, t in enumerate(root) if t.tag == f"{SVG}text" and t.text in shapes}
    children = list(root)
    for label, index in legend.items():
        assert shape_of(children[index - 1]) in shapes[label], f"the legend draws {label} differently"
    dashes = {p.get("stroke-dasharray", "") for p in root.iter(f"{SVG}path") if p.get("data-source")}
    assert len(dashes) == len(kinds), "two kinds of link share a dash"
