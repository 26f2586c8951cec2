from django import template

from panorama.core import catalogue

register = template.Library()


@register.filter
def money(value) -> str:
    """£1.25bn, £34.5m, £12,300 — or a dash for no figure (the catalogue's one way of writing money)."""
    return catalogue.format_money(value)


@register.filter
def share(value, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.8125 → 81%."""
    return catalogue.format_share(value, int(decimals))
