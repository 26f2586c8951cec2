from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, catalogue
from panorama.core.charts import bar_chart, line_chart, stacked_bar_chart
from panorama.core.exports import csv_response
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate
from panorama.organisations.models import Sector

from . import selectors, services
from .forms import (
    AnalysisFilterForm,
    InitiativeFilterForm,
    InitiativeForm,
    InitiativeTargetForm,
    ProgrammeNeedForm,
    RoleEditForm,
    RoleFamilyForm,
    RoleForm,
)
from .models import SKILL_LEVEL_MEANINGS, SkillLevel

SECTOR_LABELS = dict(Sector.choices)


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def pct_number(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * 100).quantize(Decimal("0.1"))


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _csv_url(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}"


def _history(request: HttpRequest, obj, context: dict) -> None:
    if permissions.has(request.user, "core.view_audit"):
        context["show_history"] = True
        context["history"] = audit.history(obj)[:50]


def _filters(request: HttpRequest, fields: tuple[str, ...]) -> tuple[AnalysisFilterForm, dict]:
    form = AnalysisFilterForm(request.GET or None, fields=fields)
    return form, form.filters()


def _illustrative_note(period) -> bool:
    return selectors.period_is_illustrative(period=period)


# --- Overview ---------------------------------------------------------------------------------


@require("skills.view_analysis")
def overview(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period", "sector"))
    rows = selectors.family_summary(period=f["period"], sector=f["sector"])
    shortages = selectors.shortage_roles(period=f["period"], sector=f["sector"])[:5]
    unstaffable, no_return = selectors.unstaffable_programmes(
        period=f["period"],
        organisation_ids=permissions.visible_organisation_ids(request.user),
        sector=f["sector"],
    )
    # Nationally (no sector chosen), the headline figures are the catalogue's, as the dashboard
    # shows them; the staffing figure counts the programmes of the bodies the reader may see.
    readings = None
    if f["period"] is not None and not f["sector"]:
        readings = catalogue.read(
            ["skills.vacancies", "skills.unstaffable"],
            scope=catalogue.scope_for(f["period"].label),
            reader=request.user,
        )
    full = permissions.has(request.user, catalogue.FULL)
    return render(
        request,
        "skills/overview.html",
        {
            "form": form,
            "filters": f,
            "readings": readings,
            "reach": "" if full else " in your bodies",
            "rows": rows,
            "totals": selectors.overall_totals(rows),
            "shortages": shortages,
            "unstaffable": unstaffable[:5],
            "unstaffable_count": len(unstaffable),
            "no_return_count": len(no_return),
            "sector_labels": SECTOR_LABELS,
            "illustrative": _illustrative_note(f["period"]),
        },
    )


# --- The gap heatmap --------------------------------------------------------------------------


@require("skills.view_analysis")
def gaps(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period",))
    heatmap = selectors.gap_heatmap(period=f["period"])
    if _wants_csv(request):
        return csv_response(
            f"skills-gaps-{f['period'] or 'none'}.csv",
            [
                "role_family",
                "sector",
                "established",
                "filled",
                "contractors",
                "vacancies",
                "vacancy_rate",
                "contractor_share",
            ],
            (
                [
                    family.name,
                    sector,
                    t.established,
                    t.filled,
                    t.contractors,
                    t.vacancies,
                    t.vacancy_rate,
                    t.contractor_share,
                ]
                for family, cells, total in heatmap.rows
                for sector, t in [
                    *zip([s.label for s in heatmap.sectors], cells, strict=True),
                    ("All sectors", total),
                ]
                if t.established
            ),
        )
    grid = [
        (
            family,
            [(cell, selectors.heat_band(cell.vacancy_rate)) for cell in cells],
            (total, selectors.heat_band(total.vacancy_rate)),
        )
        for family, cells, total in heatmap.rows
    ]
    return render(
        request,
        "skills/gaps.html",
        {
            "form": form,
            "filters": f,
            "sectors": heatmap.sectors,
            "grid": grid,
            "csv_url": _csv_url(request),
            "bands": ["under 5%", "5% to 10%", "10% to 15%", "15% to 25%", "25% or more"],
            "illustrative": _illustrative_note(f["period"]),
        },
    )


# --- Demand vs supply -------------------------------------------------------------------------


@require("skills.view_analysis")
def demand(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period", "sector", "family"))
    labels, rows = selectors.demand_vs_supply(period=f["period"], sector=f["sector"])
    if _wants_csv(request):
        return csv_response(
            "skills-demand-vs-supply.csv",
            ["role_family", "quarter", "programme_demand_fte", "current_supply_fte", "gap_fte"],
            (
                [row.family.name, label, fte, row.supply, max(Decimal(0), fte - row.supply)]
                for row in rows
                for label, fte in zip(labels, row.demand, strict=True)
            ),
        )
    chosen = [row for row in rows if row.family.slug == f["family"]] if f["family"] else rows
    demand_series = [sum((row.demand[i] for row in chosen), Decimal(0)) for i in range(len(labels))]
    supply = sum((row.supply for row in chosen), Decimal(0))
    scope = chosen[0].family.name if f["family"] and chosen else "All role families"
    chart = line_chart(
        f"{scope}: programme demand and current supply (FTE), next eight quarters",
        labels,
        {"Programme demand": demand_series, "Current supply (filled posts)": [supply] * len(labels)},
        unit=" FTE",
    )
    chart.csv_url = _csv_url(request)
    return render(
        request,
        "skills/demand.html",
        {
            "form": form,
            "filters": f,
            "chart": chart,
            "labels": labels,
            "rows": rows,
            "illustrative": _illustrative_note(f["period"]),
        },
    )


# --- Trend ------------------------------------------------------------------------------------


@require("skills.view_analysis")
def trend(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("sector",))
    years, families = selectors.trend(sector=f["sector"])
    overall = selectors.trend_overall(sector=f["sector"])
    if _wants_csv(request):
        return csv_response(
            "skills-trend.csv",
            [
                "period",
                "role_family",
                "established",
                "filled",
                "contractors",
                "vacancies",
                "vacancy_rate",
                "contractor_share",
            ],
            (
                [
                    year.label,
                    family.name,
                    t.established,
                    t.filled,
                    t.contractors,
                    t.vacancies,
                    t.vacancy_rate,
                    t.contractor_share,
                ]
                for family, totals in families
                for year, t in zip(years, totals, strict=True)
                if t.established
            ),
        )
    labels = [year.label for year in years]
    vacancy = line_chart(
        "Vacancy rate by role family (%)",
        labels,
        {family.name: [pct_number(t.vacancy_rate) for t in totals] for family, totals in families},
        unit="%",
    )
    vacancy.csv_url = _csv_url(request)
    headline = line_chart(
        "All digital and data roles: vacancy rate and contractor share (%)",
        labels,
        {
            "Vacancy rate": [pct_number(t.vacancy_rate) for _, t in overall],
            "Contractor share": [pct_number(t.contractor_share) for _, t in overall],
        },
        unit="%",
    )
    headline.csv_url = _csv_url(request)
    return render(
        request,
        "skills/trend.html",
        {"form": form, "filters": f, "vacancy": vacancy, "headline": headline, "overall": overall},
    )


# --- Bodies most dependent on contractors -----------------------------------------------------


@require("skills.view_analysis")
def contractors(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period", "sector"))
    visible = permissions.visible_organisation_ids(request.user)
    ranked = selectors.contractor_dependence(period=f["period"], organisation_ids=visible, sector=f["sector"])
    if _wants_csv(request):
        return csv_response(
            "skills-contractor-dependence.csv",
            [
                "body",
                "sector",
                "established",
                "filled",
                "contractors",
                "vacancies",
                "contractor_share",
                "vacancy_rate",
            ],
            (
                [
                    body.name,
                    body.sector,
                    t.established,
                    t.filled,
                    t.contractors,
                    t.vacancies,
                    t.contractor_share,
                    t.vacancy_rate,
                ]
                for body, t in ranked
            ),
        )
    chart = bar_chart(
        "The 15 bodies most dependent on contractors: share of filled posts (%)",
        [(body.short_name, pct_number(t.contractor_share)) for body, t in ranked[:15]],
        unit="%",
    )
    chart.csv_url = _csv_url(request)
    return render(
        request,
        "skills/contractors.html",
        {
            "form": form,
            "filters": f,
            "chart": chart,
            "page": paginate(request, ranked, 50),
            "sees_everything": visible is None,
            "minimum": selectors.MIN_ESTABLISHED,
            "illustrative": _illustrative_note(f["period"]),
        },
    )


# --- Shortage roles ranked --------------------------------------------------------------------


@require("skills.view_analysis")
def shortages(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period", "sector", "family", "order"))
    ranked = selectors.shortage_roles(
        period=f["period"], sector=f["sector"], family=f["family"], order=f["order"]
    )
    if _wants_csv(request):
        return csv_response(
            "skills-shortage-roles.csv",
            [
                "rank",
                "role",
                "role_family",
                "established",
                "vacancies",
                "vacancy_rate",
                "contractor_share",
                "median_days_to_hire",
                "demand_next_4q",
                "scarcest_sector",
                "scarcest_sector_vacancy_rate",
            ],
            (
                [
                    rank,
                    s.role.name,
                    s.role.family.name,
                    s.totals.established,
                    s.totals.vacancies,
                    s.totals.vacancy_rate,
                    s.totals.contractor_share,
                    s.median_days_to_hire,
                    s.demand_next_4q,
                    s.scarcest_sector,
                    s.scarcest_sector_rate,
                ]
                for rank, s in enumerate(ranked, 1)
            ),
        )
    label = selectors.SHORTAGE_ORDER[f["order"]][0]
    key = selectors.SHORTAGE_ORDER[f["order"]][1]
    as_percent = f["order"] in ("vacancy_rate", "contractor_share")
    chart = bar_chart(
        f"The 15 scarcest roles by {label.lower()}{' (%)' if as_percent else ''}",
        [(s.role.name, pct_number(key(s)) if as_percent else key(s)) for s in ranked[:15]],
        unit="%" if as_percent else "",
    )
    chart.csv_url = _csv_url(request)
    return render(
        request,
        "skills/shortages.html",
        {
            "form": form,
            "filters": f,
            "chart": chart,
            "ranked": ranked,
            "order_label": label,
            "minimum": selectors.MIN_ESTABLISHED,
            "sector_labels": SECTOR_LABELS,
            "illustrative": _illustrative_note(f["period"]),
        },
    )


# --- Programmes that cannot be staffed --------------------------------------------------------


@require("skills.view_analysis")
def staffing(request: HttpRequest) -> HttpResponse:
    form, f = _filters(request, ("period", "sector"))
    visible = permissions.visible_organisation_ids(request.user)
    problems, no_return = selectors.unstaffable_programmes(
        period=f["period"], organisation_ids=visible, sector=f["sector"]
    )
    if _wants_csv(request):
        return csv_response(
            "skills-programmes-that-cannot-be-staffed.csv",
            [
                "programme",
                "body",
                "role",
                "quarter",
                "programme_fte",
                "body_programmes_fte",
                "workforce_fte",
                "gap_fte",
            ],
            (
                [
                    p.programme.title,
                    p.programme.organisation.name,
                    s.role.name,
                    s.quarter,
                    s.programme_fte,
                    s.body_fte,
                    s.workforce_fte,
                    s.gap,
                ]
                for p in problems
                for s in p.shortfalls
            ),
        )
    return render(
        request,
        "skills/staffing.html",
        {
            "form": form,
            "filters": f,
            "page": paginate(request, problems, 25),
            "no_return": no_return[:50],
            "no_return_count": len(no_return),
            "sees_everything": visible is None,
            "csv_url": _csv_url(request),
        },
    )


# --- The taxonomy -----------------------------------------------------------------------------


@require("core.public")
def roles(request: HttpRequest) -> HttpResponse:
    families = selectors.role_families()
    if _wants_csv(request):
        return csv_response(
            "digital-and-data-roles.csv",
            ["role_family", "role", "code", "description", "from_framework", "active"],
            (
                [family.name, role.name, role.slug, role.description, role.from_framework, role.active]
                for family in families
                for role in family.roles.all()
            ),
        )
    return render(
        request,
        "skills/roles.html",
        {
            "families": families,
            "levels": [(SkillLevel(level).label, meaning) for level, meaning in SKILL_LEVEL_MEANINGS.items()],
            "can_manage": permissions.has(request.user, "skills.manage_taxonomy"),
        },
    )


@require("skills.manage_taxonomy")
def family_create(request: HttpRequest) -> HttpResponse:
    form = RoleFamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            family = services.role_family_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Added the role family {family.name}.")
            return redirect("skills:roles")
    return render(
        request,
        "skills/form.html",
        {"form": form, "title": "Add a role family", "back": reverse("skills:roles")},
    )


@require("skills.manage_taxonomy")
def role_create(request: HttpRequest) -> HttpResponse:
    form = RoleForm(request.POST or None, initial={"family": request.GET.get("family")})
    if request.method == "POST" and form.is_valid():
        try:
            role = services.role_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Added the role {role.name}.")
            return redirect(role.get_absolute_url())
    return render(
        request, "skills/form.html", {"form": form, "title": "Add a role", "back": reverse("skills:roles")}
    )


@require("skills.manage_taxonomy")
def role_edit(request: HttpRequest, slug: str) -> HttpResponse:
    role = selectors.role_get(slug=slug)
    form = RoleEditForm(request.POST or None, instance=role, initial={"version": role.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.role_update(
                actor=request.user, role=role, version=form.cleaned_data["version"], data=data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {role.name}.")
            return redirect(role.get_absolute_url())
    context = {"form": form, "title": f"Edit {role.name}", "back": reverse("skills:roles")}
    _history(request, role, context)
    return render(request, "skills/form.html", context)


# --- One body's workforce ---------------------------------------------------------------------


@require("skills.view_analysis")
def bodies(request: HttpRequest) -> HttpResponse:
    visible = permissions.visible_organisation_ids(request.user)
    return render(
        request,
        "skills/bodies.html",
        {"page": paginate(request, selectors.organisations_with_workforce(organisation_ids=visible), 100)},
    )


@require("core.signed_in")
def body(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_workforce(user=request.user, slug=slug)
    periods = selectors.organisation_periods(organisation=organisation)
    label = request.GET.get("period", "")
    period = next((p for p in periods if p.label == label), periods[-1] if periods else None)
    lines = list(selectors.organisation_workforce(organisation=organisation, period=period))
    if _wants_csv(request):
        return csv_response(
            f"workforce-{organisation.slug}-{period or 'none'}.csv",
            [
                "role",
                "role_family",
                "established",
                "permanent",
                "contractors",
                "vacancies",
                "planned_next_year",
                "planned_year_after",
                "median_days_to_hire",
            ],
            (
                [
                    line.role.slug,
                    line.role.family.name,
                    line.established,
                    line.permanent,
                    line.contractors,
                    line.vacancies,
                    line.planned_next_year,
                    line.planned_year_after,
                    line.median_days_to_hire,
                ]
                for line in lines
            ),
        )
    rows = selectors.family_summary(period=period, organisation_ids={organisation.pk})
    chart = stacked_bar_chart(
        f"{organisation.short_name}'s posts by role family, {period} (FTE)",
        [row.family.name for row in rows if row.totals.established],
        {
            "Permanent": [row.totals.permanent for row in rows if row.totals.established],
            "Contractors": [row.totals.contractors for row in rows if row.totals.established],
            "Vacant": [row.totals.vacancies for row in rows if row.totals.established],
        },
        width=800,
    )
    chart.csv_url = _csv_url(request)
    return render(
        request,
        "skills/body.html",
        {
            "organisation": organisation,
            "periods": periods,
            "period": period,
            "lines": lines,
            "totals": selectors.overall_totals(rows),
            "chart": chart,
            "can_edit": permissions.has(request.user, "skills.change", organisation),
            "illustrative": any(line.illustrative for line in lines),
        },
    )


# --- Programme needs --------------------------------------------------------------------------


@require("skills.view_analysis")
def needs(request: HttpRequest) -> HttpResponse:
    visible = permissions.visible_organisation_ids(request.user)
    return render(
        request,
        "skills/needs.html",
        {"page": paginate(request, selectors.programmes_with_needs(organisation_ids=visible), 50)},
    )


@require("core.signed_in")
def programme_needs(request: HttpRequest, public_id: str) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, public_id=public_id)
    rows = list(selectors.programme_needs(programme=programme))
    if _wants_csv(request):
        return csv_response(
            "programme-skills-needs.csv",
            ["programme", "quarter", "role", "role_family", "fte", "skill_level", "note"],
            (
                [programme.title, n.period.label, n.role.name, n.role.family.name, n.fte, n.level, n.note]
                for n in rows
            ),
        )
    context = {
        "programme": programme,
        "needs": rows,
        "can_edit": permissions.has(request.user, "skills.change", programme.organisation),
        "csv_url": _csv_url(request),
        "illustrative": any(n.illustrative for n in rows),
    }
    if permissions.has(request.user, "core.view_audit"):
        from panorama.core.models import AuditEvent

        context["show_history"] = True
        context["history"] = (
            AuditEvent.objects.filter(
                action__startswith="skills.programmeneed.", object_id__in=[str(n.pk) for n in rows]
            )[:50]
            if rows
            else []
        )
    return render(request, "skills/programme_needs.html", context)


def _need_form_save(request: HttpRequest, programme, need=None) -> HttpResponse:
    initial = {}
    if need is not None:
        initial = {
            "version": need.version,
            "role": need.role,
            "period": need.period.label,
            "fte": need.fte,
            "level": need.level,
            "note": need.note,
        }
    form = ProgrammeNeedForm(request.POST or None, initial=initial, current=need.period.label if need else "")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if need is None:
                services.programme_need_create(actor=request.user, programme=programme, **data)
            else:
                services.programme_need_update(
                    actor=request.user, need=need, version=form.cleaned_data["version"] or 0, data=data
                )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {data['fte']:.1f} FTE {data['role']} in {data['period']}.")
            return redirect("skills:programme-needs", public_id=programme.public_id)
    return render(
        request,
        "skills/need_form.html",
        {"form": form, "programme": programme, "need": need},
    )


@require("core.signed_in")
def need_create(request: HttpRequest, public_id: str) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, public_id=public_id, change=True)
    return _need_form_save(request, programme)


@require("core.signed_in")
def need_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    need = selectors.need_for_user(user=request.user, public_id=public_id, change=True)
    return _need_form_save(request, need.programme, need)


@require_POST
@require("core.signed_in")
def need_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    need = selectors.need_for_user(user=request.user, public_id=public_id, change=True)
    programme = need.programme
    services.programme_need_delete(actor=request.user, need=need)
    messages.success(request, f"Removed the need for {need.role} in {need.period}.")
    return redirect("skills:programme-needs", public_id=programme.public_id)


# --- Initiatives ------------------------------------------------------------------------------


@require("core.public")
def initiatives(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    kind, family, year = f.get("kind", ""), f.get("family", ""), f.get("year")
    items = selectors.initiative_list(kind=kind, family=family, year=year)
    by_family = selectors.initiative_targets_by_family(kind=kind, year=year)
    by_year = selectors.initiative_targets_by_year(kind=kind, family=family)
    if _wants_csv(request):
        return csv_response(
            "skills-initiatives.csv",
            ["initiative", "kind", "lead_body", "role_family", "year", "target", "delivered"],
            (
                [
                    t.initiative.name,
                    t.initiative.kind,
                    t.initiative.organisation.name,
                    t.family.name,
                    t.year_label,
                    t.target,
                    t.delivered,
                ]
                for t in selectors.initiative_target_rows(kind=kind, family=family, year=year)
            ),
        )
    year_label = f"{year}-{(year + 1) % 100:02d}" if year else "every year"
    family_chart = stacked_bar_chart(
        f"Target and delivered by role family, {year_label} (people)",
        [fam.name for fam, target, delivered in by_family if target],
        {
            "Delivered": [delivered for fam, target, delivered in by_family if target],
            "Target not yet met": [
                max(0, target - delivered) for fam, target, delivered in by_family if target
            ],
        },
        width=800,
    )
    family_chart.csv_url = _csv_url(request)
    year_chart = line_chart(
        "Target and delivered by year (people)",
        [f"{y}-{(y + 1) % 100:02d}" for y, _, _ in by_year],
        {"Target": [t for _, t, _ in by_year], "Delivered": [d for _, _, d in by_year]},
    )
    year_chart.csv_url = _csv_url(request)
    return render(
        request,
        "skills/initiatives.html",
        {
            "form": form,
            "page": paginate(request, items, 50),
            "family_chart": family_chart,
            "year_chart": year_chart,
            "can_add": permissions.has(request.user, "skills.add_initiative"),
        },
    )


@require("skills.add_initiative")
def initiative_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.editable_bodies(user=request.user)
    form = InitiativeForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not permissions.has(request.user, "skills.change", data["organisation"]):
            raise PermissionDenied("skills.change")
        try:
            initiative = services.initiative_create(actor=request.user, data=data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Added {initiative.name}. Now set its targets.")
            return redirect(initiative)
    return render(
        request,
        "skills/form.html",
        {"form": form, "title": "Add a skills initiative", "back": reverse("skills:initiatives")},
    )


@require("core.public")
def initiative(request: HttpRequest, public_id: str) -> HttpResponse:
    item = selectors.initiative_get(public_id=public_id)
    targets = list(selectors.initiative_targets(initiative=item))
    can_edit = permissions.has(request.user, "skills.change", item.organisation)
    context = {
        "initiative": item,
        "targets": targets,
        "can_edit": can_edit,
        "target_form": InitiativeTargetForm() if can_edit else None,
    }
    _history(request, item, context)
    return render(request, "skills/initiative.html", context)


@require("core.signed_in")
def initiative_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    item = selectors.initiative_for_editing(user=request.user, public_id=public_id)
    bodies = selectors.editable_bodies(user=request.user)
    form = InitiativeForm(
        request.POST or None, instance=item, initial={"version": item.version}, bodies=bodies
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not permissions.has(request.user, "skills.change", data["organisation"]):
            raise PermissionDenied("skills.change")
        try:
            services.initiative_update(
                actor=request.user, initiative=item, version=form.cleaned_data["version"] or 0, data=data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {item.name}.")
            return redirect(item)
    return render(
        request,
        "skills/form.html",
        {"form": form, "title": f"Edit {item.name}", "back": item.get_absolute_url()},
    )


@require("core.signed_in")
def target_set(request: HttpRequest, public_id: str) -> HttpResponse:
    item = selectors.initiative_for_editing(user=request.user, public_id=public_id)
    form = InitiativeTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["delivered"] is not None and data["delivered"] > 10 * max(1, data["target"]):
            form.add_error("delivered", "Delivered is more than ten times the target: check the figures.")
        else:
            try:
                services.initiative_target_set(actor=request.user, initiative=item, **data)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, f"Saved the {data['family']} target for {data['year']}.")
                return redirect(item)
    return render(
        request,
        "skills/form.html",
        {"form": form, "title": f"Set a target for {item.name}", "back": item.get_absolute_url()},
    )


@require_POST
@require("core.signed_in")
def target_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    target = selectors.initiative_target_for_editing(user=request.user, public_id=public_id)
    item = target.initiative
    services.initiative_target_delete(actor=request.user, target=target)
    messages.success(request, f"Removed the {target.family} target for {target.year_label}.")
    return redirect(item)
