from decimal import Decimal

from django import template

from panorama.organisations.models import Sector

register = template.Library()
SECTORS = dict(Sector.choices)


@register.filter
def pct(value: Decimal | None) -> str:
    """A 0-to-1 ratio as a percentage to one decimal place; a dash when there is none."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.1f}%"


@register.filter
def sector_label(value: str) -> str:
    return SECTORS.get(value, value or "—")
