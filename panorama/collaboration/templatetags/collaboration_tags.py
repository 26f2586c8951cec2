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


@register.inclusion_tag("collaboration/includes/commitment_forums.html")
def commitment_forums(commitment) -> dict:
    """The forums working on a commitment, for the strategy app's commitment page (which may not
    import this app: templates compose apps, Python code does not)."""
    from panorama.collaboration.selectors import forum_actions_for_commitment

    return {"forum_actions": forum_actions_for_commitment(commitment=commitment)}


@register.simple_tag
def commitment_owning_action(commitment):
    """The forum action that owns a commitment, or None: `{% commitment_owning_action c as owning %}`
    lets the strategy app's commitment page name a forum as the owner without importing this app."""
    from panorama.collaboration.selectors import commitment_owning_action as owning_action

    return owning_action(commitment=commitment)
