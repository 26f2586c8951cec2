from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core.answers import public_page
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from . import selectors, services
from .forms import OrganisationAnalystForm, OrganisationFilterForm, OrganisationForm


@require("core.public")
@public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisation_list(sector=filters.get("sector", ""), query=filters.get("q", ""))
    if request.GET.get("format") == "csv":
        return csv_response(
            "public-bodies.csv",
            ["name", "short_name", "sector", "kind", "sponsor", "staff_band", "budget_band", "parent"],
            (
                [
                    o.name,
                    o.short_name,
                    o.sector,
                    o.kind,
                    o.sponsor,
                    o.staff_band,
                    o.budget_band,
                    o.parent.name if o.parent else "",
                ]
                for o in organisations
            ),
        )
    return render(
        request, "organisations/list.html", {"form": form, "page": paginate(request, organisations, 100)}
    )


@require("core.signed_in")
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_editing(user=request.user, slug=slug)
    form_class = OrganisationAnalystForm if permissions.is_analyst(request.user) else OrganisationForm
    form = form_class(request.POST or None, instance=organisation, initial={"version": organisation.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, version=form.cleaned_data["version"], data=data
            )
        except services.StaleEdit as exc:
            form.add_error(None, exc.messages[0])
        except services.ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved {organisation.name}.")
            return redirect(organisation)
    return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})
