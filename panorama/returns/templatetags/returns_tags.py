from django import template

from panorama.returns.registry import UnknownKind, kind_get

register = template.Library()


@register.filter
def kind_label(slug: str) -> str:
    """A return kind's name ("Programme progress return") for its slug ("progress"); a slug no
    longer registered is shown as it is."""
    try:
        return kind_get(slug).label
    except UnknownKind:
        return slug
