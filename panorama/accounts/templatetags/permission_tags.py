"""Templates ask the permission module the question the view behind a link asks, so a page offers a
link exactly when following it is allowed:

    {% load permission_tags %}
    {% may "collaboration.run_forum" forum as can_run %}{% if can_run %}<a href="...">New action</a>{% endif %}
"""

from typing import Any

from django import template

from panorama.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, code: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user is not None and permissions.has(user, code, obj)
