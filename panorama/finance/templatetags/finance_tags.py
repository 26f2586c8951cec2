"""Money and shares as the investment pages show them: exact pounds and pence, percentages."""

from decimal import Decimal

from django import template

from panorama.core import catalogue

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234,567.89 (negative: −£1,234.00); empty for no value."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def millions(value) -> str:
    """£12.3m, for headline figures (tables beside them give the exact amount)."""
    if value is None:
        return "—"
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000_000:
        return f"{sign}£{amount / 1_000_000_000:,.2f}bn"
    if amount >= 1_000_000:
        return f"{sign}£{amount / 1_000_000:,.1f}m"
    if amount >= 1_000:
        return f"{sign}£{amount / 1_000:,.0f}k"
    return f"{sign}£{amount:,.0f}"


@register.filter
def percent(value) -> str:
    """A fraction (0.7234) as 72.3%; a dash when there is nothing to divide."""
    return catalogue.format_share(value, 1)


@register.filter
def object_url(obj) -> str:
    """The object's page, or "" while the app that shows it has no page for it yet."""
    from django.urls import NoReverseMatch

    if obj is None:
        return ""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""
