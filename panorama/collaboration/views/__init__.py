from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import catalogue
from panorama.organisations.models import Organisation

from .. import selectors
from ..models import Forum, Overlap, OverlapStatus


@require("core.public")
def index(request: HttpRequest) -> HttpResponse:
    funnels = selectors.funnel_by_round()
    context = {
        "forum_count": Forum.objects.count(),
        "owned_count": selectors.action_list(owned_only=True).count(),
        "funnels": funnels[:3],
        "platforms": selectors.platform_list().order_by("-adopter_count", "name")[:6],
        # The picture's collaboration figures, from the catalogue (as the dashboard shows them).
        "readings": catalogue.read(
            ["platforms.adopting_bodies", "platforms.programmes", "lessons.applied"],
            scope=catalogue.scope_from_request(request)[0],
            reader=request.user,
        ).values(),
    }
    if permissions.signed_in(request.user):
        context["open_overlaps"] = selectors.overlap_list(
            user=request.user, status=OverlapStatus.OPEN
        ).count()
        visible = permissions.visible_organisation_ids(request.user)
        bodies = Organisation.objects.filter(active=True)
        # Everyone's catalogue for those who read everything (the ones with something in them).
        bodies = bodies.filter(licences__isnull=False) if visible is None else bodies.filter(pk__in=visible)
        context["catalogues"] = bodies.distinct().order_by("name")[:40]
        context["confirmed"] = selectors.overlap_list(user=request.user, status=OverlapStatus.CONFIRMED)[:6]
        context["overlap_total"] = (
            Overlap.objects.count() if permissions.reads_everything(request.user) else None
        )
    return render(request, "collaboration/index.html", context)
