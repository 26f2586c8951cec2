import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, catalogue
from panorama.core.answers import public_page
from panorama.core.charts import Chart, line_chart
from panorama.core.exports import csv_response, xlsx_response
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate

from . import selectors, services
from .forms import ActualForm, AmbitionForm, CommitmentFilterForm, CommitmentForm, MeasureForm, StrategyForm
from .models import OutcomeMeasure

COMMITMENT_HEADER = [
    "id",
    "strategy",
    "part",
    "reference",
    "commitment",
    "kind",
    "owner",
    "accountable_person",
    "unowned",
    "status",
    "target_date",
    "last_updated",
    "programmes",
    "illustrative",
]


def _history(request: HttpRequest, obj, label: str) -> dict:
    if not permissions.has(request.user, "core.view_audit"):
        return {}
    return {
        "show_history": True,
        "history": audit.history(obj)[:50],
        "history_export": f"/audit/?format=csv&content_type={label}&object_id={obj.pk}",
    }


@require("core.public")
@public_page
def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = [(s, selectors.strategy_counts(strategy=s)) for s in selectors.strategy_list()]
    scope, _ = catalogue.scope_from_request(request)
    gaps = catalogue.read(STRATEGY_FIGURES, scope=scope, reader=request.user)
    return render(
        request,
        "strategy/list.html",
        {
            "strategies": strategies,
            "gaps": gaps.values(),
            "can_manage": permissions.has(request.user, "strategy.manage"),
        },
    )


# The picture's figures for the strategy as a whole, from the catalogue (the per-strategy counts
# below them are the same definitions, split by strategy).
STRATEGY_FIGURES = [
    "commitments.total",
    "commitments.unowned",
    "commitments.without_programme",
    "commitments.not_moving",
]


@require("core.public")
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug)
    context = {
        "strategy": strategy,
        "ambitions": selectors.strategy_ambitions(strategy=strategy),
        "counts": selectors.strategy_counts(strategy=strategy),
        "not_moving": selectors.strategy_commitments_not_moving(
            strategy=strategy, as_of=timezone.localdate()
        ),
        "can_manage": permissions.has(request.user, "strategy.manage"),
        **_history(request, strategy, "strategy.strategy"),
    }
    return render(request, "strategy/strategy.html", context)


@require("core.public")
def commitment_list(request: HttpRequest) -> HttpResponse:
    form = CommitmentFilterForm(request.GET or None)
    filters = selectors.CommitmentFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CommitmentFilters(**{k: v for k, v in form.cleaned_data.items() if v})
    commitments = selectors.commitment_list(filters=filters)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        rows = (
            [
                str(c.public_id),
                c.ambition.strategy.short_title,
                c.ambition.title,
                c.reference,
                c.text,
                c.get_kind_display(),
                c.owner.name if c.owner else "",
                c.accountable_person,
                c.is_unowned,
                c.get_status_display(),
                c.target_date,
                c.last_updated,
                c.programme_count,
                c.illustrative,
            ]
            for c in commitments
        )
        if export == "csv":
            return csv_response("commitments.csv", COMMITMENT_HEADER, rows)
        return xlsx_response("commitments.xlsx", COMMITMENT_HEADER, rows)
    return render(
        request, "strategy/commitments.html", {"form": form, "page": paginate(request, commitments, 50)}
    )


@dataclass(frozen=True)
class MeasureRow:
    measure: OutcomeMeasure
    progress: selectors.MeasureProgress
    chart: Chart | None


def _plain(value: Decimal) -> Decimal:
    """12.0000 as 12 and 8.5000 as 8.5 (never 1E+1), for the chart's table and the CSV."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _measure_points(measure: OutcomeMeasure) -> list[tuple[datetime.date, Decimal, str, str]]:
    """(date, value, "baseline" or "actual", source): the baseline first when it has a date before
    every actual, so the chart, its table and its CSV all start where the measure started."""
    points = [(a.date, _plain(a.value), "actual", a.source or measure.source) for a in measure.actuals.all()]
    if measure.baseline_date and all(measure.baseline_date < day for day, *_ in points):
        points.insert(0, (measure.baseline_date, _plain(measure.baseline), "baseline", measure.source))
    return points


def _measure_chart(commitment, measure: OutcomeMeasure) -> Chart:
    points = _measure_points(measure)
    chart = line_chart(
        f"{measure.name} ({measure.unit})",
        [day.isoformat() for day, *_ in points],
        {"Actual": [value for _, value, *_ in points], "Target": [_plain(measure.target) for _ in points]},
    )
    chart.csv_url = reverse("strategy:commitment", kwargs={"public_id": commitment.public_id}) + (
        f"?format=csv&measure={measure.public_id}"
    )
    return chart


@require("core.public")
def commitment_detail(request: HttpRequest, public_id) -> HttpResponse:
    commitment = selectors.commitment_get(public_id=public_id)
    measures = selectors.commitment_measures(commitment=commitment)
    if request.GET.get("format") == "csv":
        chosen = [m for m in measures if str(m.public_id) == request.GET.get("measure")] or measures
        rows = [
            [m.name, m.unit, day, value, _plain(m.target), m.get_direction_display(), source, point]
            for m in chosen
            for day, value, point, source in _measure_points(m)
        ]
        return csv_response(
            f"commitment-{commitment.reference}-measures.csv",
            ["measure", "unit", "date", "value", "target", "direction", "source", "point"],
            rows,
        )
    programmes = list(selectors.commitment_programmes(commitment=commitment))
    context = {
        "commitment": commitment,
        "programmes": programmes,
        "measures": [
            MeasureRow(
                measure=m,
                progress=selectors.measure_progress(measure=m, as_of=timezone.localdate()),
                chart=_measure_chart(commitment, m) if m.actuals.all() else None,
            )
            for m in measures
        ],
        "can_manage": permissions.has(request.user, "strategy.manage"),
        **_history(request, commitment, "strategy.commitment"),
    }
    return render(request, "strategy/commitment.html", context)


def _form_page(request, form, *, title: str, label: str, back: str, save) -> HttpResponse:
    """The one shape of every strategy-model form: validate, call the service, or show every problem."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {saved}.")
            return redirect(saved.get_absolute_url() if hasattr(saved, "get_absolute_url") else back)
    return render(request, "strategy/form.html", {"form": form, "title": title, "label": label, "back": back})


@require("strategy.manage")
def strategy_create(request: HttpRequest) -> HttpResponse:
    form = StrategyForm(request.POST or None)
    return _form_page(
        request,
        form,
        title="Add a strategy",
        label="Strategies",
        back=reverse("strategy:list"),
        save=lambda: services.strategy_create(actor=request.user, data=form.data_without_version()),
    )


@require("strategy.manage")
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug)
    form = StrategyForm(request.POST or None, instance=strategy, initial={"version": strategy.version})
    return _form_page(
        request,
        form,
        title=f"Edit {strategy.short_title}",
        label=strategy.title,
        back=strategy.get_absolute_url(),
        save=lambda: services.strategy_update(
            actor=request.user,
            strategy=strategy,
            version=form.cleaned_data.get("version") or 0,
            data=form.data_without_version(),
        ),
    )


@require("strategy.manage")
def ambition_create(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.strategy_get(slug=slug)
    form = AmbitionForm(request.POST or None, initial={"number": strategy.ambitions.count() + 1})
    form.instance.strategy = strategy
    return _form_page(
        request,
        form,
        title="Add a part",
        label=strategy.short_title,
        back=strategy.get_absolute_url(),
        save=lambda: services.ambition_create(
            actor=request.user, strategy=strategy, data=form.data_without_version()
        ),
    )


@require("strategy.manage")
def ambition_edit(request: HttpRequest, public_id) -> HttpResponse:
    ambition = selectors.ambition_get(public_id=public_id)
    form = AmbitionForm(request.POST or None, instance=ambition, initial={"version": ambition.version})
    return _form_page(
        request,
        form,
        title=f"Edit part {ambition.number}",
        label=ambition.strategy.short_title,
        back=ambition.strategy.get_absolute_url(),
        save=lambda: (
            services.ambition_update(
                actor=request.user,
                ambition=ambition,
                version=form.cleaned_data.get("version") or 0,
                data=form.data_without_version(),
            )
            and ambition.strategy
        ),
    )


@require("strategy.manage")
def commitment_create(request: HttpRequest, public_id) -> HttpResponse:
    ambition = selectors.ambition_get(public_id=public_id)
    form = CommitmentForm(request.POST or None)
    form.instance.ambition = ambition
    return _form_page(
        request,
        form,
        title="Add a commitment",
        label=f"{ambition.strategy.short_title}: {ambition.title}",
        back=ambition.strategy.get_absolute_url(),
        save=lambda: services.commitment_create(
            actor=request.user, ambition=ambition, data=form.data_without_version()
        ),
    )


@require("strategy.manage")
def commitment_edit(request: HttpRequest, public_id) -> HttpResponse:
    commitment = selectors.commitment_get(public_id=public_id)
    form = CommitmentForm(request.POST or None, instance=commitment, initial={"version": commitment.version})
    return _form_page(
        request,
        form,
        title=f"Edit commitment {commitment.reference}",
        label=commitment.ambition.strategy.short_title,
        back=commitment.get_absolute_url(),
        save=lambda: services.commitment_update(
            actor=request.user,
            commitment=commitment,
            version=form.cleaned_data.get("version") or 0,
            data=form.data_without_version(),
        ),
    )


@require("strategy.manage")
def measure_create(request: HttpRequest, public_id) -> HttpResponse:
    commitment = selectors.commitment_get(public_id=public_id)
    form = MeasureForm(request.POST or None)
    form.instance.commitment = commitment
    return _form_page(
        request,
        form,
        title="Add an outcome measure",
        label=f"Commitment {commitment.reference}",
        back=commitment.get_absolute_url(),
        save=lambda: (
            services.measure_create(
                actor=request.user, commitment=commitment, data=form.data_without_version()
            )
            and commitment
        ),
    )


@require("strategy.manage")
def measure_edit(request: HttpRequest, public_id) -> HttpResponse:
    measure = selectors.measure_get(public_id=public_id)
    form = MeasureForm(request.POST or None, instance=measure, initial={"version": measure.version})
    return _form_page(
        request,
        form,
        title=f"Edit {measure.name}",
        label=f"Commitment {measure.commitment.reference}",
        back=measure.commitment.get_absolute_url(),
        save=lambda: (
            services.measure_update(
                actor=request.user,
                measure=measure,
                version=form.cleaned_data.get("version") or 0,
                data=form.data_without_version(),
            )
            and measure.commitment
        ),
    )


@require("strategy.manage")
def actual_create(request: HttpRequest, public_id) -> HttpResponse:
    measure = selectors.measure_get(public_id=public_id)
    form = ActualForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=f"Record a value of {measure.name}",
        label=f"Commitment {measure.commitment.reference}",
        back=measure.commitment.get_absolute_url(),
        save=lambda: (
            services.actual_record(actor=request.user, measure=measure, **form.cleaned_data)
            and measure.commitment
        ),
    )
