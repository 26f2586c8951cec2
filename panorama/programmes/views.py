from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit
from panorama.core.answers import public_page
from panorama.core.charts import line_chart
from panorama.core.exports import csv_response, xlsx_response
from panorama.core.pagination import paginate
from panorama.core.periods import period_from_label
from panorama.organisations.models import Organisation

from . import exports, graph, selectors, services
from .forms import (
    LinkForm,
    LinkSearchForm,
    NetworkFilterForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    ProgressUpdateForm,
    RebaselineForm,
)
from .models import Programme, ProgrammeLink


def filters_from(request: HttpRequest) -> tuple[ProgrammeFilterForm, selectors.RegisterFilters]:
    form = ProgrammeFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v}
        if "confidence" in data:
            data["confidence"] = ",".join(data["confidence"])
        return form, selectors.RegisterFilters(**data)
    return form, selectors.RegisterFilters()


@require("core.public")
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An imported collection (another government's register): its own counts, and whether the
    national picture counts it (by default it does not)."""
    collection = selectors.collection_get(slug=slug)
    return render(
        request,
        "programmes/collection.html",
        {
            "figures": selectors.collection_figures(collection=collection),
            "collection": collection,
            "can_manage": permissions.has(request.user, "programmes.manage"),
        },
    )


@require("programmes.manage")
@require_POST
def collection_counted(request: HttpRequest, slug: str) -> HttpResponse:
    from panorama.organisations.services import StaleEdit, collection_set_counted

    collection = selectors.collection_get(slug=slug)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        collection = collection_set_counted(
            actor=request.user,
            collection=collection,
            version=version,
            counted=request.POST.get("counted") == "yes",
        )
    except StaleEdit as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{collection.name} is now counted in the national picture."
            if collection.counted
            else f"{collection.name} is now kept apart from the national picture.",
        )
    return redirect(collection.get_absolute_url())


@require("core.public")
@public_page
def programme_list(request: HttpRequest) -> HttpResponse:
    form, filters = filters_from(request)
    programmes = selectors.programme_list(filters=filters)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        rows = exports.register_rows(programmes)
        if export == "csv":
            return csv_response("programme-register.csv", exports.REGISTER_HEADER, rows)
        return xlsx_response("programme-register.xlsx", exports.REGISTER_HEADER, rows)
    page = paginate(request, programmes, 50)
    return render(
        request,
        "programmes/list.html",
        {
            "form": form,
            "page": page,
            "can_create": permissions.has(request.user, "programmes.create"),
            "query": request.GET.urlencode(),
        },
    )


def _trend(programme: Programme, updates) -> object | None:
    if not updates:
        return None
    chart = line_chart(
        "Whole-life cost forecast by quarter (£m)",
        [u.period.label for u in updates],
        {
            "Forecast": [
                round(float(u.wlc_forecast) / 1e6, 2) if u.wlc_forecast is not None else None for u in updates
            ],
            "Original baseline": [
                round(float(programme.wlc_baseline) / 1e6, 2) if programme.wlc_baseline is not None else None
                for _ in updates
            ],
        },
        unit="£m",
    )
    chart.csv_url = reverse("programmes:detail", kwargs={"public_id": programme.public_id}) + "?format=csv"
    return chart


@require("core.public")
@public_page
def programme_detail(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_get(public_id=public_id)
    user = request.user
    restricted = selectors.can_see_restricted(user=user, programme=programme)
    updates = list(selectors.programme_updates(programme=programme))
    if request.GET.get("format") == "csv":
        header, rows = exports.update_rows(updates, restricted=restricted)
        return csv_response(f"programme-{programme.public_id}-updates.csv", header, rows)
    outgoing, incoming = selectors.programme_links(programme=programme)
    context = {
        "programme": programme,
        "updates": list(reversed(updates)),
        "trend": _trend(programme, updates),
        "rebaselines": programme.rebaselines.all(),
        "outgoing": outgoing,
        "incoming": incoming,
        "at_risk": selectors.dependencies_at_risk(programme=programme),
        "dependants": selectors.dependants(programme=programme),
        "restricted": restricted,
        "can_edit": permissions.has(user, "programmes.change", programme.organisation),
        "can_delete": permissions.has(user, "programmes.manage"),
    }
    if permissions.has(user, "core.view_audit"):
        context["show_history"] = True
        context["history"] = audit.history(programme)[:50]
        context["history_export"] = (
            f"/audit/?format=csv&content_type=programmes.programme&object_id={programme.pk}"
        )
    return render(request, "programmes/detail.html", context)


def _editable_organisations(user):
    ids = permissions.editable_organisation_ids(user)
    bodies = Organisation.objects.filter(active=True).order_by("name")
    return bodies if ids is None else bodies.filter(pk__in=ids)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require("programmes.create")
def programme_create(request: HttpRequest) -> HttpResponse:
    organisations = _editable_organisations(request.user)
    initial = {}
    if (slug := request.GET.get("organisation")) and organisations.filter(slug=slug).exists():
        initial["organisation"] = organisations.get(slug=slug)
    elif organisations.count() == 1:
        initial["organisation"] = organisations.first()
    form = ProgrammeForm(request.POST or None, organisations=organisations, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, organisation=form.cleaned_data["organisation"], data=form.relations()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Added {programme.title} to the register.")
            return redirect(programme)
    return render(request, "programmes/edit.html", {"form": form, "programme": None})


@require("core.signed_in")
def programme_edit(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, public_id=public_id)
    form = ProgrammeForm(
        request.POST or None,
        instance=programme,
        initial={"version": programme.version},
        can_change_baseline=permissions.is_analyst(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                actor=request.user,
                programme=programme,
                version=form.cleaned_data.get("version") or 0,
                data=form.relations(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Saved {programme.title}.")
            return redirect(programme)
    return render(request, "programmes/edit.html", {"form": form, "programme": programme})


@require("programmes.manage")
@require_POST
def programme_delete(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_get(public_id=public_id)
    title = programme.title
    services.programme_delete(actor=request.user, programme=programme)
    messages.success(request, f"Deleted {title}. An administrator can restore it from the audit trail.")
    return redirect("programmes:list")


@require("core.signed_in")
def update_create(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, public_id=public_id)
    latest = programme.updates.order_by("-period__start").first()
    initial = {
        "confidence": programme.confidence,
        "wlc_forecast": programme.wlc_forecast,
        "end_forecast": programme.end_forecast,
    }
    if latest:
        initial["top_risks"] = latest.top_risks
    form = ProgressUpdateForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "period"}
        try:
            services.progress_update_record(
                actor=request.user,
                programme=programme,
                period=period_from_label(form.cleaned_data["period"]),
                data=data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Recorded the update for {form.cleaned_data['period']}.")
            return redirect(programme)
    return render(request, "programmes/update_form.html", {"form": form, "programme": programme})


@require("core.signed_in")
def rebaseline_create(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, public_id=public_id)
    form = RebaselineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rebaseline_record(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Recorded the new baseline. The original baseline stays on record.")
            return redirect(programme)
    return render(request, "programmes/rebaseline_form.html", {"form": form, "programme": programme})


@require("core.signed_in")
def link_create(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, public_id=public_id)
    search = LinkSearchForm(request.GET or None)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if request.method == "POST":
        chosen = Programme.objects.filter(
            public_id__in=[v for v in [request.POST.get("target", "")] if _is_uuid(v)]
        )
        candidates = list(chosen.select_related("organisation"))
    else:
        candidates = selectors.link_target_candidates(programme=programme, query=query)
    form = LinkForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_create(
                actor=request.user,
                source=programme,
                target=candidates[0],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Added the link.")
            return redirect(programme.get_absolute_url() + "#links")
    return render(
        request,
        "programmes/link_form.html",
        {"form": form, "search": search, "query": query, "programme": programme, "candidates": candidates},
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require("core.signed_in")
@require_POST
def link_delete(request: HttpRequest, public_id, link_id) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, public_id=public_id)
    try:
        link = ProgrammeLink.objects.select_related("target").get(public_id=link_id, source=programme)
    except (ProgrammeLink.DoesNotExist, ValidationError):
        raise Http404("No such link.") from None
    services.link_delete(actor=request.user, link=link)
    messages.success(request, f"Removed the link to {link.target.title}.")
    return redirect(programme.get_absolute_url() + "#links")


NETWORK_LISTED = 400  # links, exposed and isolated programmes listed on the page; downloads have all


@require("core.public")
def network(request: HttpRequest) -> HttpResponse:
    form = NetworkFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    export = request.GET.get("format")
    result = selectors.network_analysis(
        organisation=chosen.get("organisation", ""),
        sector=chosen.get("sector", ""),
        kind=chosen.get("kind", ""),
        limit=None if export else NETWORK_LISTED,
    )
    if export in ("csv", "xlsx"):
        header, rows = exports.link_rows(result.links)
        if export == "csv":
            return csv_response("programme-links.csv", header, rows)
        return xlsx_response("programme-links.xlsx", header, rows)
    if export == "exposed":
        header, rows = exports.exposure_rows(result.exposed)
        return csv_response("exposed-programmes.csv", header, rows)
    return render(
        request,
        "programmes/network.html",
        {"form": form, "network": result, "svg": graph.network_svg(result.links)},
    )
