from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """£1.2bn, £34.5m, £12,300 — or a dash for no figure."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{value / 1_000_000_000:.2f}bn"
    if value >= 1_000_000:
        return f"{sign}£{value / 1_000_000:.1f}m"
    return f"{sign}£{value:,.0f}"


@register.filter
def share(value) -> str:
    """A fraction as a percentage: 0.8125 → 81%."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.0f}%"
