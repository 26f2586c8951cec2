from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import jobs
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from .. import selectors, services, tasks
from ..forms import DecideForm, OverlapFilterForm
from .common import history_context, submitted


@require("core.signed_in")
def overlap_list(request: HttpRequest) -> HttpResponse:
    filters = OverlapFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    overlaps = selectors.overlap_list(
        user=request.user,
        status=chosen.get("status", ""),
        organisation=chosen.get("organisation", ""),
        query=chosen.get("q", "").strip(),
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "collaboration-opportunities.csv",
            ["programme", "body", "similar programme", "its body", "score", "reasons", "status", "note"],
            (
                [
                    o.programme_a.title,
                    o.programme_a.organisation.name,
                    o.programme_b.title,
                    o.programme_b.organisation.name,
                    round(o.score, 3),
                    " ".join(o.reasons),
                    o.get_status_display(),
                    o.note,
                ]
                for o in overlaps
            ),
        )
    return render(
        request,
        "collaboration/overlap_list.html",
        {
            "filters": filters,
            "page": paginate(request, overlaps, 50),
            "groups": selectors.overlap_groups(overlaps=overlaps),
            "can_manage": permissions.has(request.user, "collaboration.manage"),
        },
    )


@require("core.signed_in")
def overlap_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    overlap = selectors.overlap_for_user(user=request.user, public_id=public_id)
    can_decide = permissions.has(request.user, "collaboration.manage")
    form = DecideForm(initial={"status": overlap.status, "note": overlap.note}) if can_decide else None
    return render(
        request,
        "collaboration/overlap_detail.html",
        {"overlap": overlap, "form": form, **history_context(request, overlap, "overlap")},
    )


@require_POST
@require("core.signed_in")
def overlap_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    overlap = selectors.overlap_for_deciding(user=request.user, public_id=public_id)
    form = DecideForm(request.POST)
    done = submitted(
        request,
        form,
        lambda data: services.overlap_decide(actor=request.user, overlap=overlap, **data),
        message=lambda _: f"Recorded: {overlap.get_status_display().lower()}.",
        then=overlap,
    )
    return done or render(
        request,
        "collaboration/overlap_detail.html",
        {"overlap": overlap, "form": form, **history_context(request, overlap, "overlap")},
        status=400,
    )


@require_POST
@require("collaboration.manage")
def overlap_recompute(request: HttpRequest) -> HttpResponse:
    job = jobs.enqueue(
        tasks.overlaps_recompute,
        label="Find overlapping programmes",
        actor=request.user,
        url=reverse("collaboration:overlap-list"),
        kwargs={"actor_id": request.user.pk},
    )
    messages.success(request, "The overlap finder is running in the background.")
    return redirect("site:job", public_id=job.public_id)
