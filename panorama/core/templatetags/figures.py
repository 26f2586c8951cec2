"""Showing a figure from the catalogue: `{% figure reading %}` draws the value with its label, the link
to its records, and the period, basis, coverage and reach it rests on; the data attributes let the
consistency tests compare the same figure wherever it appears."""

from django import template

from panorama.core import catalogue

register = template.Library()


@register.inclusion_tag("includes/figure.html")
def figure(reading: catalogue.Reading | None, label: str = "", compact: bool = False) -> dict:
    return {"r": reading, "label": label or (reading.figure.label if reading else ""), "compact": compact}


@register.simple_tag
def figure_value(reading: catalogue.Reading | None) -> str:
    return reading.display if reading is not None else "—"


@register.filter
def get_item(mapping: dict, key: str):
    """`readings|get_item:"skills.vacancies"`: a reading by its dotted key."""
    return mapping.get(key) if mapping else None
