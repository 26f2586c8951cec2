from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core.charts import line_chart
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from .. import selectors, services
from ..forms import AdoptionForm, LicenceCreateForm, LicenceForm, PlatformFilterForm
from .common import history_context, submitted, without_version


@require("core.public")
def platform_list(request: HttpRequest) -> HttpResponse:
    filters = PlatformFilterForm(request.GET or None, kinds=selectors.platform_kinds())
    kind = filters.cleaned_data.get("kind", "") if filters.is_valid() else ""
    platforms = selectors.platform_list(kind=kind)
    if request.GET.get("format") == "csv":
        return csv_response(
            "shared-platforms.csv",
            [
                "platform",
                "kind",
                "owner",
                "bodies that have recorded adopting it",
                "programmes building on it",
                "bodies whose programmes build on it",
                "launched",
            ],
            (
                [
                    p.name,
                    p.kind,
                    p.owner.name if p.owner else "",
                    p.adopter_count,
                    p.programme_count,
                    p.programme_body_count,
                    p.launched,
                ]
                for p in platforms
            ),
        )
    return render(
        request,
        "collaboration/platform_list.html",
        {"filters": filters, "page": paginate(request, platforms, 50)},
    )


@require("core.public")
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = selectors.platform_get(slug=slug)
    points = selectors.platform_adoption_over_time(platform=platform)
    adoptions = selectors.platform_adoptions(platform=platform, in_use=True)
    if request.GET.get("format") == "csv":
        return csv_response(f"{platform.slug}-adoption.csv", ["financial year", "bodies using it"], points)
    if request.GET.get("format") == "adopters.csv":
        return csv_response(
            f"{platform.slug}-adopters.csv",
            ["body", "sector", "adopted on", "status", "note"],
            (
                [a.organisation.name, a.organisation.sector, a.adopted_on, a.get_status_display(), a.note]
                for a in adoptions
            ),
        )
    chart = None
    if points:
        chart = line_chart(
            f"Bodies using {platform.name}, at the end of each financial year",
            [label for label, _ in points],
            {"Bodies": [value for _, value in points]},
        )
        chart.csv_url = (
            f"{reverse('collaboration:platform-detail', kwargs={'slug': platform.slug})}?format=csv"
        )
    editable = permissions.editable_organisation_ids(request.user)
    return render(
        request,
        "collaboration/platform_detail.html",
        {
            "platform": platform,
            "adoptions": adoptions,
            "other_adoptions": selectors.platform_adoptions(platform=platform, in_use=False),
            "programmes": selectors.platform_programmes(platform=platform),
            "chart": chart,
            "can_record": permissions.signed_in(request.user) and (editable is None or bool(editable)),
            "editable_ids": editable,
        },
    )


@require("core.signed_in")
def adoption_add(request: HttpRequest, slug: str) -> HttpResponse:
    platform = selectors.platform_get(slug=slug)
    bodies = selectors.adoption_bodies_for_person(user=request.user)
    if not bodies.exists():
        raise permissions.PermissionDenied(
            "Only a body's editors or a portfolio analyst may record adoption."
        )
    form = AdoptionForm(request.POST or None, organisations=bodies)
    if request.method == "POST" and form.is_valid():
        adoption = services.adoption_record(actor=request.user, platform=platform, **form.cleaned_data)
        messages.success(request, f"Recorded: {adoption}.")
        return redirect("collaboration:platform-detail", slug=platform.slug)
    return render(request, "collaboration/adoption_form.html", {"form": form, "platform": platform})


@require_POST
@require("core.signed_in")
def adoption_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    adoption = selectors.adoption_for_editing(user=request.user, public_id=public_id)
    services.adoption_remove(actor=request.user, adoption=adoption)
    messages.success(request, f"Removed: {adoption}.")
    return redirect("collaboration:platform-detail", slug=adoption.platform.slug)


@require("core.signed_in")
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.catalogue_for_user(user=request.user, slug=slug)
    rows = selectors.catalogue_rows(organisation=organisation)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{organisation.slug}-systems-and-licences.csv",
            ["system", "in legacy register", "product", "supplier", "seats", "annual cost (£)", "renews on"],
            (
                [
                    row["name"],
                    row["system"] is not None,
                    lic.product,
                    lic.supplier,
                    lic.seats,
                    lic.annual_cost,
                    lic.renews_on,
                ]
                for row in rows
                for lic in (row["licences"] or [None])
                if lic is not None
            ),
        )
    return render(
        request,
        "collaboration/catalogue.html",
        {
            "organisation": organisation,
            "rows": rows,
            "register_available": selectors.legacy_systems(organisation=organisation) is not None,
            "totals": selectors.licence_totals(organisation=organisation),
            "adoptions": organisation.platform_adoptions.select_related("platform").order_by(
                "platform__name"
            ),
            "can_edit": permissions.has(request.user, "organisations.change", organisation),
        },
    )


@require("core.signed_in")
def licence_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.catalogue_for_editing(user=request.user, slug=slug)
    form = LicenceCreateForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: services.licence_create(
            actor=request.user, organisation=organisation, data=without_version(data)
        ),
        message=lambda licence: f"Added {licence}.",
        then=reverse("collaboration:catalogue", kwargs={"slug": organisation.slug}),
    )
    return done or render(
        request, "collaboration/licence_form.html", {"form": form, "organisation": organisation}
    )


@require("core.signed_in")
def licence_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    licence = selectors.licence_for_editing(user=request.user, public_id=public_id)
    form = LicenceForm(request.POST or None, instance=licence, initial={"version": licence.version})
    done = submitted(
        request,
        form,
        lambda data: services.licence_update(
            actor=request.user, licence=licence, version=data["version"], data=without_version(data)
        ),
        message=f"Saved {licence.product}.",
        then=reverse("collaboration:catalogue", kwargs={"slug": licence.organisation.slug}),
    )
    return done or render(
        request,
        "collaboration/licence_form.html",
        {
            "form": form,
            "organisation": licence.organisation,
            "licence": licence,
            **history_context(request, licence, "licence"),
        },
    )


@require_POST
@require("core.signed_in")
def licence_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    licence = selectors.licence_for_editing(user=request.user, public_id=public_id)
    services.licence_delete(actor=request.user, licence=licence)
    messages.success(
        request, f"Removed {licence.product}. An administrator can restore it from the audit trail."
    )
    return redirect("collaboration:catalogue", slug=licence.organisation.slug)
