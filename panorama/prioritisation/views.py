"""Scenario pages: list, create and edit, the result of a run, adoption by a forum, comparison."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import charts
from panorama.core.exports import csv_response
from panorama.core.forms import errors_onto

from . import selectors, services
from .forms import AdoptForm, ScenarioForm
from .models import ScenarioRun

STATUS_TAGS = {"continued": "green", "paused": "orange", "stopped": "red"}


@require("prioritisation.view")
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = list(selectors.scenario_list(user=request.user).prefetch_related("runs"))
    rows = [(s, selectors.latest_run(scenario=s)) for s in scenarios]
    return render(
        request,
        "prioritisation/list.html",
        {"rows": rows, "can_create": permissions.has(request.user, "prioritisation.create")},
    )


def _save(request: HttpRequest, scenario=None) -> HttpResponse | None:
    forums = list(selectors.forums_for_person(user=request.user))
    form = ScenarioForm(request.POST or None, forums=forums, scenario=scenario)
    if request.method == "POST" and form.is_valid():
        data = form.scenario_data(forums=forums)
        if data["forum"] is None and not permissions.is_analyst(request.user):
            form.add_error("forum", "Choose the forum this scenario is for.")
        else:
            try:
                if scenario is None:
                    scenario = services.scenario_create(actor=request.user, data=data)
                else:
                    version = int(request.POST.get("version", 0))
                    scenario = services.scenario_update(
                        actor=request.user, scenario=scenario, version=version, data=data
                    )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, f"Saved {scenario.name}. Run it to see the best portfolio.")
                return redirect(scenario.get_absolute_url())
    return render(request, "prioritisation/form.html", {"form": form, "scenario": scenario})


@require("prioritisation.create")
def scenario_create(request: HttpRequest) -> HttpResponse:
    return _save(request)


@require("prioritisation.view")
def scenario_edit(request: HttpRequest, public_id) -> HttpResponse:
    scenario = selectors.scenario_for_user(user=request.user, public_id=public_id, change=True)
    return _save(request, scenario)


def _charts(result: dict) -> list[charts.Chart]:
    out = []
    years = result["years"]
    totals = {r["year"]: r for r in result["envelopes"] if r["envelope"] == "Total"}
    if totals:
        out.append(
            charts.line_chart(
                "Money per year: the chosen portfolio against the envelope (£)",
                years,
                {
                    "Envelope": [float(totals[y]["limit"]) if y in totals else None for y in years],
                    "Chosen portfolio": [float(totals[y]["used"]) if y in totals else None for y in years],
                    "Every candidate": [float(totals[y]["forecast"]) if y in totals else None for y in years],
                },
            )
        )
    if result["skills"]:
        # Horizontal bars: eight role families' names do not fit under vertical ones on a phone.
        out.append(
            charts.bar_chart(
                "People: the chosen portfolio's need in its busiest quarter, by role family (FTE)",
                [(r["family"], r["peak_need"]) for r in result["skills"]],
            )
        )
    return out


def _gap_percent(result: dict) -> str:
    """The solver's proven distance from the best possible value, when it is not nil."""
    gap = float(result.get("gap") or 0)
    return f"{gap * 100:.2g} %" if gap > 1e-6 else ""


@require("prioritisation.view")
def scenario_detail(request: HttpRequest, public_id) -> HttpResponse:
    scenario = selectors.scenario_for_user(user=request.user, public_id=public_id)
    run = selectors.latest_run(scenario=scenario)
    can_change = selectors.scenario_can_change(user=request.user, scenario=scenario)
    meetings = list(selectors.meetings_for_adopting(user=request.user, scenario=scenario)) if run else []
    programmes = run.result.get("programmes", []) if run else []
    return render(
        request,
        "prioritisation/detail.html",
        {
            "scenario": scenario,
            "run": run,
            "result": run.result if run else None,
            "charts": _charts(run.result) if run and run.status in ("optimal", "feasible") else [],
            "can_change": can_change,
            "adopt_form": AdoptForm(meetings=meetings)
            if meetings and run and run.status in ("optimal", "feasible")
            else None,
            "status_tags": STATUS_TAGS,
            "gap_percent": _gap_percent(run.result) if run else "",
            "left_out": [p for p in programmes if p.get("status") in ("paused", "stopped")],
            "continued": [p for p in programmes if p.get("status") == "continued"],
        },
    )


@require("prioritisation.view")
@require_POST
def scenario_run(request: HttpRequest, public_id) -> HttpResponse:
    scenario = selectors.scenario_for_user(user=request.user, public_id=public_id, change=True)
    run = services.scenario_run(actor=request.user, scenario=scenario)
    messages.success(request, f"Ran {scenario.name}: {run.get_status_display().lower()}.")
    return redirect(scenario.get_absolute_url())


@require("prioritisation.view")
@require_POST
def run_adopt(request: HttpRequest, public_id) -> HttpResponse:
    run = selectors.run_for_user(user=request.user, public_id=public_id)
    meetings = list(selectors.meetings_for_adopting(user=request.user, scenario=run.scenario))
    if not meetings:
        return HttpResponse("Only the chair of a forum, or an analyst, may record its decision.", status=403)
    form = AdoptForm(request.POST, meetings=meetings)
    if form.is_valid():
        meeting = form.meetings[form.cleaned_data["meeting"]]
        try:
            services.scenario_adopt(actor=request.user, run=run, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{meeting.forum.name} adopted {run.scenario.name} as a decision of {meeting.title}."
            )
    else:
        messages.error(request, "Choose the meeting that decided.")
    return redirect(run.scenario.get_absolute_url())


@require("prioritisation.view")
def run_csv(request: HttpRequest, public_id) -> HttpResponse:
    run = selectors.run_for_user(user=request.user, public_id=public_id)
    years = run.result.get("years", [])
    header = [
        "Programme",
        "Body",
        "Sector",
        "Status",
        "Why",
        "Locked",
        "Value",
        *[f"Cost {y}" for y in years],
        "Extra money to bring in",
    ]
    rows = (
        [
            p["title"],
            p["body"],
            p["sector"],
            p.get("status", ""),
            p.get("why", ""),
            "yes" if p["locked"] else "no",
            p["value"],
            *[p["cost"].get(y, "0") for y in years],
            p.get("extra_money", ""),
        ]
        for p in run.result.get("programmes", [])
    )
    return csv_response(f"scenario-{run.scenario.public_id}.csv", header, rows)


@require("prioritisation.view")
def scenario_compare(request: HttpRequest) -> HttpResponse:
    visible = selectors.scenario_list(user=request.user)
    chosen = request.GET.getlist("scenario")
    scenarios = (
        list(visible.filter(public_id__in=[c for c in chosen if len(c) == 36]))
        if chosen
        else list(visible[:4])
    )
    columns: list[tuple] = []
    for s in scenarios:
        run: ScenarioRun | None = selectors.latest_run(scenario=s)
        columns.append((s, run))
    return render(request, "prioritisation/compare.html", {"columns": columns, "all": visible})
