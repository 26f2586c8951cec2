from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, catalogue
from panorama.core.catalogue import Unit
from panorama.core.charts import bar_chart, stacked_bar_chart
from panorama.core.exports import csv_response, xlsx_response
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate
from panorama.core.periods import financial_year_of, label_for, period_from_label
from panorama.organisations.models import Organisation

from . import selectors, services
from .forms import (
    FundingFilterForm,
    FundingForm,
    LegacyFilterForm,
    LegacySystemForm,
    SectorFilterForm,
    SpendFilterForm,
)
from .models import LegacySystem, LineType, ProgrammeFunding

ZERO = Decimal("0.00")


def _with_query(request: HttpRequest, **extra: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in extra.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"


def _history_context(request: HttpRequest, obj, model_label: str) -> dict:
    if not permissions.has(request.user, "core.view_audit"):
        return {}
    return {
        "show_history": True,
        "history": audit.history(obj)[:50],
        "history_export": f"/audit/?format=csv&content_type={model_label}&object_id={obj.pk}",
    }


def _spend_filters(request: HttpRequest) -> tuple[SpendFilterForm, dict]:
    """The year and basis to show: those asked for, else the picture's chosen period's financial
    year on the best basis it has (as the dashboard shows it). A year and basis with no figures give
    no period and a sentence naming the nearest year that has them, never a silent £0."""
    years = selectors.finance_years()
    form = SpendFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("year"):
        label = data["year"]
        catalogue.remember(request, label)
    else:
        label = catalogue.scope_from_request(request)[0].year_label
    period = next((p for p in years if p.label == label), None)
    basis = data.get("basis") or selectors.finance_basis_for(period=period) or LineType.ACTUAL
    missing, nearest = "", None
    if period is None or not selectors.finance_has_figures(period=period, basis=basis):
        nearest = selectors.finance_nearest_year(label=label, basis=basis)
        missing = f"No {_basis_label(basis)} figures for {label} yet."
        if nearest is not None:
            missing += f" The nearest year with {_basis_label(basis)} figures is {nearest.label}."
        period = None
    if not form.is_bound:
        form = SpendFilterForm(initial={"year": label, "basis": basis}, years=years)
    return form, {
        "period": period,
        "basis": basis,
        "sector": data.get("sector", ""),
        "label": label,
        "missing": missing,
        "nearest": nearest,
    }


def _page(request: HttpRequest, template: str, section: str, context: dict) -> HttpResponse:
    pages = [
        ("finance:overview", "Run and change", "overview"),
        ("finance:bodies", "Keeping the lights on, by body", "bodies"),
        ("finance:funding", "Funding gap", "funding"),
        ("finance:overruns", "Largest overruns", "overruns"),
        ("finance:legacy-cliff", "The legacy cliff", "cliff"),
    ]
    if permissions.signed_in(request.user):
        pages.append(("finance:legacy-list", "Legacy systems register", "legacy"))
    return render(request, template, {**context, "finance_pages": pages, "section": section})


def _basis_label(basis: str) -> str:
    return dict(LineType.choices)[basis].lower()


# --- Spend -----------------------------------------------------------------------------------------


INVESTMENT_FIGURES = [
    "investment.total_spend",
    "investment.run_spend",
    "investment.change_spend",
    "investment.run_share",
    "investment.funding_required",
    "investment.funding_secured",
    "investment.funding_gap",
]


@require("core.public")
def overview(request: HttpRequest) -> HttpResponse:
    form, f = _spend_filters(request)
    period, basis, sector = f["period"], f["basis"], f["sector"]
    summary = selectors.finance_summary(period=period, basis=basis, sector=sector)
    by_year = selectors.spend_by_year(basis=basis, sector=sector)
    by_sector = selectors.spend_by_sector(period=period, basis=basis) if period else []
    chart_name = request.GET.get("chart")
    if request.GET.get("format") == "csv":
        header = ["", "run", "change", "total", "run_share"]
        if chart_name == "by-sector":
            rows = by_sector
            filename = f"digital-spend-by-sector-{period.label if period else 'none'}-{basis}.csv"
        else:
            rows = by_year
            filename = f"digital-spend-by-year-{sector or 'scotland'}-{basis}.csv".replace(" ", "-")
        header[0] = "sector" if chart_name == "by-sector" else "financial_year"
        return csv_response(
            filename, header, ([r.label, r.run, r.change, r.total, r.run_share] for r in rows)
        )
    where = dict(SectorFilterForm.base_fields["sector"].choices).get(sector) if sector else "Scotland"
    year_chart = stacked_bar_chart(
        f"Run and change spend by year, {where} ({_basis_label(basis)}, £)",
        [r.label for r in by_year],
        {"Run (keeping the lights on)": [r.run for r in by_year], "Change": [r.change for r in by_year]},
        unit="£",
    )
    year_chart.csv_url = _with_query(request, format="csv", chart="by-year")
    charts = [year_chart]
    if period:
        sector_chart = stacked_bar_chart(
            f"Run and change spend by sector, {period.label} ({_basis_label(basis)}, £)",
            [r.label for r in by_sector],
            {
                "Run (keeping the lights on)": [r.run for r in by_sector],
                "Change": [r.change for r in by_sector],
            },
            unit="£",
        )
        sector_chart.csv_url = _with_query(request, format="csv", chart="by-sector")
        charts.append(sector_chart)
    reconciliation = None
    if period:
        by_body_total = sum(
            (
                r.total
                for r in selectors.spend_by_body(period=period, basis=basis, sector=sector, with_bodies=False)
            ),
            ZERO,
        )
        by_sector_total = sum((r.total for r in by_sector if not sector or r.key == sector), ZERO)
        by_year_total = next((r.total for r in by_year if r.key == period), ZERO)
        reconciliation = {
            "total": summary.total,
            "rows": [
                ("Sum of the sectors", by_sector_total),
                ("Sum of the bodies", by_body_total),
                (f"{period.label} in the by-year series", by_year_total),
            ],
        }
        reconciliation["reconciles"] = all(v == summary.total for _, v in reconciliation["rows"])
    # The national figures on the picture's own basis are the catalogue's, read from it (the same
    # readings as the dashboard's); a sector or another basis is a breakdown shown from the summary.
    readings = None
    if period and not sector and basis == selectors.finance_basis_for(period=period):
        readings = catalogue.read(
            INVESTMENT_FIGURES, scope=catalogue.scope_for(period.label), reader=request.user
        ).values()
    return _page(
        request,
        "finance/overview.html",
        "overview",
        {
            "form": form,
            "filters": f,
            "readings": readings,
            "summary": summary,
            "period": period,
            "basis": basis,
            "sector": sector,
            "where": where,
            "charts": charts,
            "by_sector": by_sector,
            "reconciliation": reconciliation,
            "exposure": selectors.legacy_exposure(sector=sector),
            "can_see_bodies": permissions.signed_in(request.user),
        },
    )


@require("core.public")
def bodies(request: HttpRequest) -> HttpResponse:
    form, f = _spend_filters(request)
    period, basis, sector = f["period"], f["basis"], f["sector"]
    visible = selectors.visible_bodies(user=request.user)
    rows = (
        selectors.spend_by_body(period=period, basis=basis, sector=sector, visible=visible) if period else []
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            f"keeping-the-lights-on-by-body-{period.label if period else 'none'}-{basis}.csv",
            ["body", "short_name", "sector", "run", "change", "total", "run_share"],
            (
                [r.key.name, r.key.short_name, r.key.sector, r.run, r.change, r.total, r.run_share]
                for r in rows
            ),
        )
    top = sorted((r for r in rows if r.total), key=lambda r: (-r.total, r.label))[:25]
    chart = bar_chart(
        f"Share of spend keeping the lights on, {period.label if period else ''}: the {len(top)} largest spenders (%)",
        # Rounded once, as the catalogue rounds shares, so the bars and the table beside them agree.
        [(r.key.short_name, catalogue.rounded(r.run_share or 0, Unit.SHARE, 1) * 100) for r in top],
        unit="%",
    )
    chart.csv_url = _with_query(request, format="csv")
    totals = selectors.RunChange(
        label="All shown", run=sum((r.run for r in rows), ZERO), change=sum((r.change for r in rows), ZERO)
    )
    return _page(
        request,
        "finance/bodies.html",
        "bodies",
        {
            "form": form,
            "period": period,
            "basis": basis,
            "chart": chart,
            "page": paginate(request, rows, 50),
            "totals": totals,
            "all_bodies": visible is None,
            "signed_in": permissions.signed_in(request.user),
        },
    )


@require("core.signed_in")
def body(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_finance(user=request.user, slug=slug)
    form, f = _spend_filters(request)
    period, basis = f["period"], f["basis"]
    lines = selectors.finance_lines(organisation=organisation, period=period, basis=basis)
    by_year = selectors.spend_by_year(basis=basis, organisation=organisation)
    if request.GET.get("format") == "csv" and request.GET.get("chart") == "by-year":
        return csv_response(
            f"{organisation.slug}-spend-by-year-{basis}.csv",
            ["financial_year", "run", "change", "total", "run_share"],
            ([r.label, r.run, r.change, r.total, r.run_share] for r in by_year),
        )
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{organisation.slug}-finance-lines-{period.label if period else 'none'}-{basis}.csv",
            [
                "financial_year",
                "line_type",
                "change_or_run",
                "capital_or_resource",
                "programme",
                "category",
                "description",
                "amount",
            ],
            (
                [
                    line.period.label,
                    line.line_type,
                    line.nature,
                    line.funding,
                    line.programme.title if line.programme else "",
                    line.category,
                    line.description,
                    line.amount,
                ]
                for line in lines
            ),
        )
    year_chart = stacked_bar_chart(
        f"{organisation.short_name}: run and change spend by year ({_basis_label(basis)}, £)",
        [r.label for r in by_year],
        {"Run (keeping the lights on)": [r.run for r in by_year], "Change": [r.change for r in by_year]},
        unit="£",
    )
    year_chart.csv_url = _with_query(request, format="csv", chart="by-year")
    summary = selectors.finance_summary(period=period, basis=basis, organisation=organisation)
    categories = (
        selectors.body_spend_by_category(organisation=organisation, period=period, basis=basis)
        if period
        else []
    )
    funding = selectors.funding_by_programme(period=period, visible={organisation.pk})
    return _page(
        request,
        "finance/body.html",
        "bodies",
        {
            "organisation": organisation,
            "form": form,
            "period": period,
            "basis": basis,
            "summary": summary,
            "year_chart": year_chart,
            "categories": categories,
            "category_total": sum((c["total"] for c in categories), ZERO),
            "page": paginate(request, lines, 50),
            "funding": funding,
            "exposure": selectors.legacy_exposure(organisation=organisation),
            "can_edit": permissions.has(request.user, "finance.change_body", organisation),
        },
    )


# --- Funding -----------------------------------------------------------------------------------------


@require("core.public")
def funding(request: HttpRequest) -> HttpResponse:
    years = selectors.funding_years()
    query = request.GET.copy()
    if "year" not in query:
        default = selectors.funding_default_year(years)
        query["year"] = default.label if default else ""
    form = FundingFilterForm(query, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    period = next((p for p in years if p.label == data.get("year")), None)
    sector = data.get("sector", "")
    by_commitment = selectors.funding_by_commitment(period=period, sector=sector)
    by_ambition = selectors.funding_by_ambition(by_commitment=by_commitment)
    by_sector = selectors.funding_by_sector(period=period)
    visible = selectors.visible_bodies(user=request.user)
    ranked = (
        selectors.funding_programme_ranking(period=period, sector=sector, visible=visible)
        if permissions.signed_in(request.user)
        else []
    )
    national = selectors.funding_national(period=period)
    table = request.GET.get("table", "ambition")
    if request.GET.get("format") == "csv":
        sources = {
            "ambition": by_ambition,
            "commitment": by_commitment,
            "sector": by_sector,
        }
        rows = selectors.funding_rows(ranked) if table == "programme" else sources.get(table, by_ambition)
        return csv_response(
            f"funding-by-{table}-{period.label if period else 'every-year'}.csv",
            [table, "required", "secured", "gap"],
            ([r.label, r.required, r.available, r.gap] for r in rows),
        )
    when = period.label if period else "every year"
    chart = bar_chart(
        f"Funding gap by ambition, {when} (required less secured, £)",
        [(r.label, r.gap) for r in by_ambition],
    )
    chart.csv_url = _with_query(request, format="csv", table="ambition")
    sector_total = sum((r.gap for r in by_sector if not sector or r.key == sector), ZERO)
    ambition_total = sum((r.gap for r in by_ambition), ZERO)
    page = paginate(request, ranked, 50)
    page.object_list = selectors.funding_rows(page.object_list)
    return _page(
        request,
        "finance/funding.html",
        "funding",
        {
            "form": form,
            "period": period,
            "sector": sector,
            "chart": chart,
            "by_ambition": by_ambition,
            "by_commitment": by_commitment,
            "by_sector": by_sector,
            "page": page,
            "national": national,
            "reconciles": sector == ""
            and ambition_total == national.gap == sum((r.gap for r in by_sector), ZERO),
            "ambition_total": ambition_total,
            "sector_total": sector_total,
            "csv": {
                t: _with_query(request, format="csv", table=t)
                for t in ("ambition", "commitment", "sector", "programme")
            },
            "signed_in": permissions.signed_in(request.user),
            "can_rephase": permissions.has(request.user, "finance.manage"),
        },
    )


def _funding_years(programme) -> list[str]:
    years = {y for y, _ in services.programme_required_phasing(programme)}
    years |= set(programme.funding.values_list("period__year", flat=True))
    from datetime import date

    this_year = financial_year_of(date.today())
    years |= set(range(this_year, this_year + 5))
    return [label_for(y) for y in sorted(years)]


@require("core.signed_in")
def funding_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    programme = selectors.programme_for_funding(
        user=request.user, public_id=public_id, change=request.method == "POST"
    )
    can_edit = permissions.has(request.user, "finance.change_body", programme.organisation)
    rows = list(programme.funding.select_related("period"))
    years = _funding_years(programme)
    chosen = request.GET.get("year") or request.POST.get("year") or ""
    existing = next((r for r in rows if r.period.label == chosen), None)
    initial = {"year": chosen}
    if existing is not None:
        initial.update(
            secured=existing.secured,
            required=existing.required if existing.required_basis == "recorded" else None,
            source=existing.source,
            version=existing.version,
        )
    form = FundingForm(request.POST or None, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.funding_set(
                actor=request.user,
                programme=programme,
                period=period_from_label(data["year"]),
                secured=data["secured"],
                required=data["required"],
                source=data["source"],
                version=data["version"],
            )
        except services.StaleEdit as exc:
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved the funding for {programme.title} in {data['year']}.")
            return redirect("finance:funding-edit", public_id=programme.public_id)
    total = selectors.FundingRow(
        label="Total",
        required=sum((r.required for r in rows), ZERO),
        available=sum((r.secured for r in rows), ZERO),
    )
    context = {"programme": programme, "rows": rows, "total": total, "form": form, "can_edit": can_edit}
    if rows and permissions.has(request.user, "core.view_audit"):
        context["show_history"] = True
        from django.contrib.contenttypes.models import ContentType

        from panorama.core.models import AuditEvent

        context["history"] = AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgrammeFunding),
            object_id__in=[str(r.pk) for r in rows],
        )[:50]
    return _page(request, "finance/funding_edit.html", "funding", context)


@require_POST
@require("finance.manage")
def funding_rephase(request: HttpRequest) -> HttpResponse:
    changed = services.funding_rephase_all(actor=request.user)
    messages.success(
        request, f"Re-phased required funding from the programmes' forecasts: {changed} years changed."
    )
    return redirect("finance:funding")


# --- Overruns ----------------------------------------------------------------------------------------


@require("core.public")
def overruns(request: HttpRequest) -> HttpResponse:
    form = SectorFilterForm(request.GET or None)
    sector = form.cleaned_data.get("sector", "") if form.is_valid() else ""
    programmes = selectors.largest_overruns(limit=20, sector=sector)
    if request.GET.get("format") == "csv":
        return csv_response(
            "largest-overruns.csv",
            ["programme", "body", "baseline", "forecast", "overrun", "overrun_share"],
            (
                [
                    p.title,
                    p.organisation.name,
                    p.wlc_baseline,
                    p.wlc_forecast,
                    p.overrun,
                    selectors.share(p.overrun, p.wlc_baseline),
                ]
                for p in programmes
            ),
        )
    chart = bar_chart(
        "Largest overruns: forecast whole-life cost above the original baseline (£)",
        [(p.title, p.overrun) for p in programmes],
    )
    chart.csv_url = _with_query(request, format="csv")
    rows = [{"programme": p, "share": selectors.share(p.overrun, p.wlc_baseline)} for p in programmes]
    return _page(request, "finance/overruns.html", "overruns", {"form": form, "chart": chart, "rows": rows})


# --- Legacy systems ----------------------------------------------------------------------------------


@require("core.public")
def legacy_cliff(request: HttpRequest) -> HttpResponse:
    form = SectorFilterForm(request.GET or None)
    sector = form.cleaned_data.get("sector", "") if form.is_valid() else ""
    cliff = selectors.legacy_cliff(sector=sector)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"legacy-cliff-{sector or 'scotland'}.csv".replace(" ", "-"),
            ["reaches_end_of_support", "systems", "annual_run_cost", "without_replacement"],
            ([c.label, c.systems, c.run_cost, c.without_replacement] for c in cliff),
        )
    chart = stacked_bar_chart(
        "The legacy cliff: annual run cost reaching end of vendor support, by financial year (£)",
        [
            c.label.replace("Already past end of support", "Past").replace("Not known", "Unknown")
            for c in cliff
        ],
        {
            "With a replacing programme": [c.run_cost - c.without_replacement for c in cliff],
            "No replacement": [c.without_replacement for c in cliff],
        },
        width=760,
    )
    chart.csv_url = _with_query(request, format="csv")
    exposure = selectors.legacy_exposure(sector=sector)
    visible = selectors.visible_bodies(user=request.user)
    facing = selectors.legacy_cliff_by_body(visible=visible) if permissions.signed_in(request.user) else []
    return _page(
        request,
        "finance/legacy_cliff.html",
        "cliff",
        {
            "form": form,
            "chart": chart,
            "cliff": cliff,
            "cliff_total": sum((c.run_cost for c in cliff), ZERO),
            "exposure": exposure,
            "facing": facing,
            "signed_in": permissions.signed_in(request.user),
            "near_months": settings.PANORAMA_LEGACY_NEAR_MONTHS,
        },
    )


LEGACY_HEADER = [
    "body",
    "system",
    "business_function",
    "technology",
    "supplier",
    "year_into_service",
    "contract_end",
    "end_of_support",
    "support_status",
    "annual_run_cost",
    "risk",
    "users_affected",
    "replacing_programme",
]


def _legacy_row(system: LegacySystem) -> list:
    return [
        system.organisation.name,
        system.name,
        system.business_function,
        system.technology,
        system.supplier,
        system.year_into_service,
        system.contract_end,
        system.end_of_support,
        selectors.LEGACY_STATUS_LABELS[selectors.legacy_status(system)],
        system.annual_run_cost,
        system.risk,
        system.users_affected,
        system.replacing_programme.title if system.replacing_programme else "",
    ]


@require("core.signed_in")
def legacy_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.visible_bodies(user=request.user)
    # Only bodies with systems on the register: the choice stays short at the national scale.
    bodies_qs = Organisation.objects.filter(pk__in=LegacySystem.objects.values("organisation_id")).order_by(
        "name"
    )
    if visible is not None:
        bodies_qs = bodies_qs.filter(pk__in=visible)
    form = LegacyFilterForm(request.GET or None, bodies=bodies_qs)
    data = form.cleaned_data if form.is_valid() else {}
    systems = selectors.legacy_systems(
        visible=visible,
        organisation=data.get("organisation"),
        sector=data.get("sector", ""),
        status=data.get("status", ""),
        risk_at_least=data.get("risk"),
        no_replacement=data.get("no_replacement", False),
        query=data.get("q", "").strip(),
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = (_legacy_row(s) for s in systems.iterator(chunk_size=1000))
        if request.GET["format"] == "xlsx":
            return xlsx_response("legacy-systems.xlsx", LEGACY_HEADER, rows)
        return csv_response("legacy-systems.csv", LEGACY_HEADER, rows)
    page = paginate(request, systems, 50)
    for system in page:
        system.status = selectors.legacy_status(system)
        system.status_label = selectors.LEGACY_STATUS_LABELS[system.status]
    editable = permissions.editable_organisation_ids(request.user)
    creatable = Organisation.objects.filter(pk__in=editable or []).order_by("name")
    return _page(
        request,
        "finance/legacy_list.html",
        "legacy",
        {
            "form": form,
            "page": page,
            "total_cost": selectors.money(systems.aggregate(total=Sum("annual_run_cost"))["total"]),
            "creatable": list(creatable[:200]) if editable is not None else [],
            "analyst": editable is None,
            "sees_all": visible is None,
        },
    )


@require("core.signed_in")
def legacy_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    system = selectors.legacy_system_for_user(user=request.user, public_id=public_id)
    status = selectors.legacy_status(system)
    context = {
        "system": system,
        "status": status,
        "status_label": selectors.LEGACY_STATUS_LABELS[status],
        "can_edit": permissions.has(request.user, "finance.change_body", system.organisation),
        **_history_context(request, system, "finance.legacysystem"),
    }
    return _page(request, "finance/legacy_detail.html", "legacy", context)


@require("core.signed_in")
def legacy_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_finance(user=request.user, slug=slug)
    permissions.check(request.user, "finance.change_body", organisation)
    form = LegacySystemForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            system = services.legacy_system_create(actor=request.user, organisation=organisation, data=data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Added {system.name} to {organisation.short_name}'s legacy systems.")
            return redirect(system)
    return _page(
        request,
        "finance/legacy_form.html",
        "legacy",
        {"form": form, "organisation": organisation, "system": None},
    )


@require("core.signed_in")
def legacy_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    system = selectors.legacy_system_for_user(user=request.user, public_id=public_id, change=True)
    form = LegacySystemForm(
        request.POST or None,
        instance=system,
        organisation=system.organisation,
        initial={"version": system.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.legacy_system_update(
                actor=request.user, system=system, version=form.cleaned_data["version"], data=data
            )
        except services.StaleEdit as exc:
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {system.name}.")
            return redirect("finance:legacy-detail", public_id=system.public_id)
    return _page(
        request,
        "finance/legacy_form.html",
        "legacy",
        {"form": form, "organisation": system.organisation, "system": system},
    )


@require_POST
@require("core.signed_in")
def legacy_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    system = selectors.legacy_system_for_user(user=request.user, public_id=public_id, change=True)
    name, organisation = system.name, system.organisation
    services.legacy_system_delete(actor=request.user, system=system)
    messages.success(request, f"Removed {name} from {organisation.short_name}'s legacy systems.")
    return redirect(reverse("finance:legacy-list") + f"?organisation={organisation.slug}")
