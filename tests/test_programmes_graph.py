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
