"""The national picture, the lists behind its figures, and body profiles."""

import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, catalogue
from panorama.core.answers import SITE, kept_value, public_page
from panorama.core.charts import bar_chart, stacked_bar_chart
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate
from panorama.core.periods import financial_year_of, label_for, quarter_spans_back
from panorama.organisations.selectors import organisation_get

from . import dashboard, figures, lists, sources


def _scope(request: HttpRequest) -> tuple[figures.Scope, str]:
    """The period chosen for the whole picture (carried from page to page), with a sentence when
    the one asked for is not a period."""
    return catalogue.scope_from_request(request)


def _period_choices(scope: figures.Scope) -> list[str]:
    today = datetime.date.today()
    # Labels only: listing a choice needs no Period row (reading a page creates none).
    quarters = [label_for(year, quarter) for year, quarter in quarter_spans_back(today, 8)]
    years = [label_for(financial_year_of(today) - i) for i in range(3)]
    choices = quarters + years
    if scope.label not in choices:
        choices.insert(0, scope.label)
    return choices


def _charts(
    scope: figures.Scope,
    user,
    *,
    skills: Any = ...,
    progress: list | None = None,
    money: sources.Money | None = None,
) -> dict:
    """Every chart on the dashboard, keyed by the name its CSV is downloaded under (the dashboard
    passes the figures it has already computed)."""
    charts = {}
    progress = progress if progress is not None else dashboard.progress_by_ambition()
    if progress:
        statuses = dashboard.STATUS_ORDER
        chart = stacked_bar_chart(
            "Commitments by status, per ambition",
            [p.ambition.title for p in progress],
            {s.label: [p.counts.get(s.value, 0) for p in progress] for s in statuses},
            styles=[dashboard.STATUS_STYLES[s] for s in statuses],
        )
        # The table names each ambition in full.
        for row, p in zip(chart.rows, progress, strict=True):
            row[0] = f"{p.ambition.strategy}: {p.ambition.title}"
        charts["ambitions"] = chart
    by_sector = sources.money_by_sector(scope=scope, money=money)
    if by_sector:
        chart = stacked_bar_chart(
            f"Run and change spend by sector, {scope.year_label} (£)",
            [m.label for m in by_sector],
            {
                "Run (keeping the lights on)": [m.run for m in by_sector],
                "Change": [m.change for m in by_sector],
            },
            unit="£",
        )
        for row, m in zip(chart.rows, by_sector, strict=True):
            row[0] = m.label
        charts["spend-by-sector"] = chart
    by_ambition = sources.money_by_ambition(scope=scope, money=money)
    if by_ambition:
        charts["funding-gap"] = bar_chart(
            f"Funding gap by ambition, {scope.year_label} (£)",
            [(m.label, m.gap) for m in by_ambition[:12]],
            unit="£",
        )
    gaps = skills if skills is not ... else sources.skills_gaps(scope=scope, user=user, limit=8)
    if gaps:
        charts["skills-gaps"] = bar_chart(
            "Largest skills gaps: vacancies", [(g["label"], g["vacancies"]) for g in gaps]
        )
    for name, chart in charts.items():
        chart.csv_url = reverse("picture:chart", kwargs={"name": name}) + f"?period={scope.label}"
    return charts


def _services_improving(scope: figures.Scope, ctx: catalogue.Context) -> list:
    """The first ten of the services the catalogue's figure counts, named under it (the ids it
    counted, when it was computed for this page rather than read from a snapshot)."""
    services = lists.items("services-improving", scope)
    if (counted := ctx.shared.get("services-improving")) is not None:
        services = services.filter(pk__in=counted)
    return list(services[:10])


def _dashboard_context(scope: figures.Scope, user) -> dict:
    ctx = catalogue.context(scope=scope, reader=user)
    readings = catalogue.read(scope=scope, reader=user, ctx=ctx)
    money = ctx.shared.get("money")
    skills = sources.skills_gaps(scope=scope, user=user, limit=8, year=ctx.shared.get("workforce-year", ...))
    progress = dashboard.progress_by_ambition()
    return {
        "r": catalogue.nest(readings),
        "full": ctx.full,
        "completeness_url": _completeness_url(scope) if ctx.full else "",
        "charts": _charts(scope, user, skills=skills, progress=progress, money=money),
        "progress": progress,
        "services_improving_list": _services_improving(scope, ctx),
        "skills": skills,
        "money": money,
    }


def _completeness_url(scope: figures.Scope) -> str:
    try:
        return reverse("returns:completeness") + "?" + urlencode({"period": scope.label})
    except NoReverseMatch:
        return lists.page_url("bodies-missing", scope)


@require("core.public")
@public_page
def picture(request: HttpRequest) -> HttpResponse:
    scope, problem = _scope(request)
    # A signed-out reader's page is kept until the next write anywhere (core/answers.py), so every
    # process shows the data as it is now, whichever process (or bulk import) changed it.
    # Signed in: the figures and charts are kept too, for every reader of the same kind, until the
    # next write (computing them is most of the page's cost).
    key = ("dashboard", scope.label, scope.is_default, *catalogue.reader_kind(request.user))
    context = dict(kept_value(SITE, key, lambda: _dashboard_context(scope, request.user), request=request))
    context.update(scope=scope, problem=problem, periods=_period_choices(scope))
    return render(request, "picture/dashboard.html", context)


@require("core.public")
@public_page
def figure_list(request: HttpRequest, name: str) -> HttpResponse:
    if name not in lists.TITLES:
        raise Http404("No such list.")
    if not lists.may_see(name, request.user):
        raise Http404("No such list.")
    scope, problem = _scope(request)
    family = lists.family(name)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{name}-{scope.label.replace(' ', '-')}.csv", lists.HEADERS[family], lists.rows(name, scope)
        )
    items = lists.items(name, scope)
    page = paginate(request, items, 50) if not isinstance(items, list) else None
    behind = [f for f in catalogue.figures() if f.records == name]
    readings = list(catalogue.read([f.key for f in behind], scope=scope, reader=request.user).values())
    return render(
        request,
        "picture/list.html",
        {
            "name": name,
            "title": lists.TITLES[name],
            "family": family,
            "scope": scope,
            "problem": problem,
            "page": page,
            "items": page.object_list if page is not None else items,
            "csv_url": f"{request.path}?{urlencode({'period': scope.label, 'format': 'csv'})}",
            "readings": readings,
            "count": page.paginator.count if page is not None else len(items),
            "totals": lists.totals(name, items),
        },
    )


@require("core.public")
def chart_csv(request: HttpRequest, name: str) -> HttpResponse:
    scope, _ = _scope(request)
    chart = _charts(scope, request.user).get(name)
    if chart is None:
        raise Http404("No such chart, or no data for it yet.")
    return csv_response(f"{name}-{scope.label.replace(' ', '-')}.csv", chart.headers, chart.rows)


@require("core.public")
@public_page
def body(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's one page (served as organisations:detail, see panorama/urls.py): who it is, its
    whole picture beside its sector, and links to every page about it. Each restricted part is
    shown only to people who may view the body (body_profile decides)."""
    organisation = organisation_get(slug=slug)
    scope, problem = _scope(request)
    profile = dashboard.body_profile(organisation=organisation, user=request.user, scope=scope)
    context = {"organisation": organisation, "scope": scope, "problem": problem, **profile}
    if permissions.has(request.user, "core.view_audit"):
        context["show_history"] = True
        context["history"] = audit.history(organisation)[:50]
        context["history_export"] = (
            f"/audit/?format=csv&content_type=organisations.organisation&object_id={organisation.pk}"
        )
    return render(request, "picture/body.html", context)


@require("core.public")
def body_moved(request: HttpRequest, slug: str) -> HttpResponse:
    """The profile's old address: the body's page is now its one page under /organisations/."""
    url = reverse("organisations:detail", kwargs={"slug": slug})
    if period := request.GET.get("period"):
        url += "?" + urlencode({"period": period})
    return HttpResponsePermanentRedirect(url)


@require("core.public")
@public_page
def figure_index(request: HttpRequest) -> HttpResponse:
    """The glossary: every figure in the catalogue, its definition, and its value for the period."""
    scope, problem = _scope(request)
    readings = catalogue.read(scope=scope, reader=request.user)
    areas: dict[str, list] = {}
    for reading in readings.values():
        areas.setdefault(reading.figure.area, []).append(reading)
    return render(
        request,
        "picture/figures.html",
        {"scope": scope, "problem": problem, "areas": areas, "periods": _period_choices(scope)},
    )


@require("core.public")
@public_page
def figure_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One figure: what it counts, its value, and its trend over the periods before."""
    try:
        figure = catalogue.get(key)
    except KeyError:
        raise Http404("No such figure.") from None
    if not catalogue.visible(figure, request.user):
        raise Http404("No such figure.")
    scope, problem = _scope(request)
    trend = catalogue.history(key, scope=scope, reader=request.user, periods=8 if scope.quarter else 5)
    reading = trend[-1]
    chart = None
    points = [(t.scope.label, t.value) for t in trend if t.value is not None]
    if points and figure.history:
        chart = bar_chart(f"{figure.label}, by period ({figure.unit.value})", points)
        chart.rows = [[t.scope.label, t.display, t.period, t.basis] for t in trend]
        chart.headers = ["Period", figure.label, "Covers", "Basis"]
        chart.csv_url = f"{request.path}?{urlencode({'period': scope.label, 'format': 'csv'})}"
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{key}-{scope.label.replace(' ', '-')}.csv",
            ["period", "value", "covers", "basis", "coverage"],
            ([t.scope.label, t.raw, t.period, t.basis, t.coverage] for t in trend),
        )
    return render(
        request,
        "picture/figure.html",
        {
            "scope": scope,
            "problem": problem,
            "figure": figure,
            "reading": reading,
            "trend": trend,
            "chart": chart,
            "periods": _period_choices(scope),
        },
    )
