from django import template
from django.urls import NoReverseMatch

register = template.Library()


@register.filter
def url_of(obj) -> str:
    """The object's page, or "" while the app that shows it has no such page (apps land over time)."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.filter
def pounds(value) -> str:
    if value is None or value == "":
        return "—"
    return f"£{value:,.0f}"
