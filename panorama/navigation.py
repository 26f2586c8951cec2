"""The site's main navigation: one list, each item shown only to people with its permission.

Project-level, like urls.py: apps add their section here.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from panorama.accounts import permissions
from panorama.core.notify import unread_count


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    prefix: str  # the path prefix that marks this section as current


ITEMS = [
    NavItem("Bodies", "organisations:list", "core.public", "/organisations/"),
    NavItem("Investment", "finance:overview", "core.public", "/investment/"),
    NavItem("Strategy", "strategy:list", "core.public", "/strategy/"),
    NavItem("Programmes", "programmes:list", "core.public", "/programmes/"),
    NavItem("Skills", "skills:overview", "skills.view_analysis", "/skills/"),
    NavItem("Lessons", "lessons:list", "core.public", "/lessons/"),
    NavItem("The picture", "picture:dashboard", "core.public", "/picture/"),
    NavItem("Reports", "reports:archive", "core.public", "/reports/"),
    NavItem("Returns", "returns:index", "core.signed_in", "/returns/"),
    NavItem("Collaboration", "collaboration:index", "core.public", "/collaboration/"),
    NavItem("Radar", "radar:index", "core.public", "/radar/"),
    NavItem("Prioritise", "prioritisation:list", "prioritisation.view", "/prioritise/"),
    NavItem("People", "accounts:people", "accounts.manage_people", "/people/"),
    NavItem("Audit", "site:audit-list", "core.view_audit", "/audit/"),
]


def context(request: HttpRequest) -> dict:
    user = request.user
    path = request.path
    items = []
    for item in ITEMS:
        if not permissions.has(user, item.permission):
            continue
        current = path == "/" if item.prefix == "/" else path.startswith(item.prefix)
        items.append({"label": item.label, "url": reverse(item.url_name), "current": current})
    return {
        "nav_items": items,
        "access": {
            "signed_in": permissions.signed_in(user),
            "analyst": permissions.is_analyst(user),
            "auditor": permissions.is_auditor(user),
            "admin": permissions.is_admin(user),
            "reads_everything": permissions.reads_everything(user),
        },
        "unread_notifications": unread_count(user),
    }
