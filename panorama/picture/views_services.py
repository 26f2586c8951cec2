"""Pages for the register of public services and their performance."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit
from panorama.core.charts import line_chart
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from . import selectors, services, sources
from .forms import ServiceFilterForm, ServiceForm

LIST_HEADER = [
    "reference",
    "name",
    "owner_body",
    "phase",
    "users",
    "category",
    "latest_quarter",
    "transactions",
    "cost_per_transaction",
    "user_satisfaction",
    "completion_rate",
    "digital_take_up",
    "illustrative",
]
PERFORMANCE_HEADER = [
    "quarter",
    "transactions",
    "digital_transactions",
    "cost_per_transaction",
    "digital_cost_per_transaction",
    "user_satisfaction",
    "completion_rate",
    "digital_take_up",
]


def _performance_row(row) -> list:
    return [
        row.period.label,
        row.transactions,
        row.digital_transactions,
        row.cost_per_transaction,
        row.digital_cost_per_transaction,
        row.user_satisfaction,
        row.completion_rate,
        row.digital_take_up,
    ]


@require("core.public")
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None, categories=selectors.service_categories())
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.service_list(
        user=request.user,
        sector=filters.get("sector", ""),
        phase=filters.get("phase", ""),
        category=filters.get("category", ""),
        query=filters.get("q", ""),
        organisation=request.GET.get("organisation", "").strip(),
    )
    if request.GET.get("format") == "csv":

        def rows():
            for chunk_start in range(0, items.count(), 1000):
                chunk = list(items[chunk_start : chunk_start + 1000])
                latest = selectors.latest_performance(services=items.filter(pk__in=[s.pk for s in chunk]))
                for s in chunk:
                    p = latest.get(s.pk)
                    yield [
                        s.slug,
                        s.name,
                        s.organisation.short_name,
                        s.phase,
                        s.users,
                        s.category,
                        p.period.label if p else "",
                        p.transactions if p else None,
                        p.cost_per_transaction if p else None,
                        p.user_satisfaction if p else None,
                        p.completion_rate if p else None,
                        p.digital_take_up if p else None,
                        s.illustrative,
                    ]

        return csv_response("services.csv", LIST_HEADER, rows())
    page = paginate(request, items, 50)
    latest = selectors.latest_performance(services=items.filter(pk__in=[s.pk for s in page.object_list]))
    rows = [(s, latest.get(s.pk)) for s in page.object_list]
    return render(request, "picture/service_list.html", {"form": form, "page": page, "rows": rows})


@require("core.public")
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = selectors.service_for_user(user=request.user, slug=slug)
    rows = selectors.service_performance(service=service)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{service.slug}-performance.csv", PERFORMANCE_HEADER, map(_performance_row, rows)
        )
    csv_url = reverse("picture:service", kwargs={"slug": service.slug}) + "?format=csv"
    labels = [r.period.label for r in rows]
    charts = []
    if rows:
        for name, label, unit in selectors.KPIS:
            values = [selectors.kpi_value(r, name) for r in rows]
            if any(v is not None for v in values):
                chart = line_chart(f"{label} by quarter", labels, {label: values}, unit=unit)
                chart.csv_url = csv_url
                charts.append(chart)
        volumes = {
            "All transactions": [r.transactions for r in rows],
            "Digital transactions": [r.digital_transactions for r in rows],
        }
        if any(v is not None for series in volumes.values() for v in series):
            chart = line_chart("Transactions in the latest 12 months, by quarter", labels, volumes)
            chart.csv_url = csv_url
            charts.append(chart)
    context = {
        "service": service,
        "rows": rows,
        "latest": rows[-1] if rows else None,
        "trend": selectors.service_trend(rows=rows),
        "charts": charts,
        "csv_url": csv_url,
        "assessments": sources.service_assessments(service=service, user=request.user),
        "can_edit": permissions.has(request.user, "organisations.change", service.organisation),
    }
    if permissions.has(request.user, "core.view_audit"):
        context["show_history"] = True
        context["history"] = audit.history(service)[:50]
        context["history_export"] = f"/audit/?format=csv&content_type=picture.service&object_id={service.pk}"
    return render(request, "picture/service_detail.html", context)


@require("core.signed_in")
def service_edit(request: HttpRequest, slug: str) -> HttpResponse:
    service = selectors.service_for_editing(user=request.user, slug=slug)
    form = ServiceForm(request.POST or None, instance=service, initial={"version": service.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.service_update(
                actor=request.user, service=service, version=form.cleaned_data["version"], data=data
            )
        except services.StaleEdit as exc:
            form.add_error(None, exc.messages[0])
        except services.ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved {service.name}.")
            return redirect(service)
    return render(request, "picture/service_edit.html", {"service": service, "form": form})
