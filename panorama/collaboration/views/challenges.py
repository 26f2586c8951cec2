from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core.charts import bar_chart, stacked_bar_chart
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from .. import selectors, services
from ..forms import (
    AdvanceForm,
    ApplicationForm,
    ChallengeCreateForm,
    ChallengeFilterForm,
    ChallengeForm,
    RoundForm,
    StageForm,
)
from ..models import STAGE_ORDER, ApplicationStage, ChallengeStage
from .common import history_context, submitted, without_version

FUNNEL_HEADER = [
    "round",
    "challenges",
    "applications",
    "shortlisted",
    "exploration teams",
    "accelerator teams",
    "adopted",
    "adoption rate",
]


def _funnel_rows(funnels) -> list[list]:
    return [
        [
            f.round.name,
            f.challenges,
            f.applications,
            f.shortlisted,
            f.exploration,
            f.accelerator,
            f.adopted,
            None if f.adoption_rate is None else round(f.adoption_rate, 4),
        ]
        for f in funnels
    ]


def _funnel_chart(funnels, csv_url: str):
    ordered = list(reversed(funnels))  # oldest round first, left to right
    chart = stacked_bar_chart(
        "Teams at each stage, by round",
        [f.round.name for f in ordered],
        {
            "Exploration only": [f.exploration - f.accelerator for f in ordered],
            "Accelerator, not adopted": [f.accelerator - f.adopted for f in ordered],
            "Adopted": [f.adopted for f in ordered],
        },
    )
    chart.csv_url = csv_url
    return chart


@require("core.public")
def challenge_list(request: HttpRequest) -> HttpResponse:
    funnels = selectors.funnel_by_round()
    if request.GET.get("format") == "csv":
        return csv_response("challenge-funnel.csv", FUNNEL_HEADER, _funnel_rows(funnels))
    filters = ChallengeFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    challenges = selectors.challenge_list(round=chosen.get("round"), stage=chosen.get("stage", ""))
    return render(
        request,
        "collaboration/challenge_list.html",
        {
            "funnels": funnels,
            "chart": _funnel_chart(funnels, f"{reverse('collaboration:challenge-list')}?format=csv")
            if funnels
            else None,
            "filters": filters,
            "page": paginate(request, challenges, 50),
            "can_manage": permissions.has(request.user, "collaboration.manage"),
            "applicant_bodies": selectors.applicant_organisations(user=request.user),
        },
    )


@require("collaboration.manage")
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: services.round_create(actor=request.user, **data),
        message=lambda round_: f"Created {round_.name}.",
    )
    return done or render(request, "collaboration/round_form.html", {"form": form})


@require("core.public")
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = selectors.round_get(slug=slug)
    (funnel,) = selectors.funnel_by_round(rounds=[round_])
    if request.GET.get("format") == "csv":
        return csv_response(f"{round_.slug}-funnel.csv", FUNNEL_HEADER, _funnel_rows([funnel]))
    stages = [
        ("Challenges", funnel.challenges),
        ("Applications", funnel.applications),
        ("Shortlisted", funnel.shortlisted),
        ("Exploration teams", funnel.exploration),
        ("Accelerator teams", funnel.accelerator),
        ("Adopted", funnel.adopted),
    ]
    chart = bar_chart(f"{round_.name}: the funnel", stages)
    chart.csv_url = f"{round_.get_absolute_url()}?format=csv"
    return render(
        request,
        "collaboration/round_detail.html",
        {
            "round": round_,
            "funnel": funnel,
            "chart": chart,
            "challenges": selectors.challenge_list(round=round_),
        },
    )


@require("collaboration.manage")
def challenge_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if round_slug := request.GET.get("round"):
        initial["round"] = selectors.round_list().filter(slug=round_slug).first()
    form = ChallengeCreateForm(request.POST or None, initial=initial)
    done = submitted(
        request,
        form,
        lambda data: services.challenge_create(actor=request.user, data=without_version(data)),
        message=lambda challenge: f"Published the challenge “{challenge.title}”.",
    )
    return done or render(request, "collaboration/challenge_form.html", {"form": form})


@require("core.public")
def challenge_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    challenge = selectors.challenge_get(public_id=public_id)
    user = request.user
    can_run = selectors.challenge_can_run(user=user, challenge=challenge)
    current = [s.value for s in ChallengeStage].index(challenge.stage)
    timeline = [
        {
            "label": stage.label,
            "state": "done" if i < current else ("current" if i == current else "to come"),
        }
        for i, stage in enumerate(ChallengeStage)
        if stage != ChallengeStage.NOT_ADOPTED or challenge.stage == ChallengeStage.NOT_ADOPTED
        if not (stage == ChallengeStage.ADOPTED and challenge.stage == ChallengeStage.NOT_ADOPTED)
    ]
    context = {
        "challenge": challenge,
        "timeline": timeline,
        "teams": selectors.challenge_teams(challenge=challenge),
        "application_count": challenge.applications.count(),
        "can_run": can_run,
        "can_apply": challenge.stage == ChallengeStage.OPEN
        and selectors.applicant_organisations(user=user).exists(),
        **history_context(request, challenge, "challenge"),
    }
    if selectors.challenge_can_see_applications(user=user, challenge=challenge):
        context["applications"] = selectors.challenge_applications(challenge=challenge)
    if can_run:
        context["next_stages"] = _next_challenge_stages(challenge.stage)
        context["exploration_count"] = services.exploration_count(challenge=challenge)
        context["exploration_guide"] = services.EXPLORATION_GUIDE
        context["shortlist_limit"] = services.SHORTLIST_LIMIT
    return render(request, "collaboration/challenge_detail.html", context)


def _next_challenge_stages(stage: str) -> list[tuple[str, str]]:
    order = [s.value for s in ChallengeStage]
    if stage == ChallengeStage.DEMO_DAY:
        return [(ChallengeStage.ADOPTED, "Adopted"), (ChallengeStage.NOT_ADOPTED, "Not adopted")]
    if stage in (ChallengeStage.ADOPTED, ChallengeStage.NOT_ADOPTED):
        return []
    nxt = order[order.index(stage) + 1]
    return [(nxt, ChallengeStage(nxt).label)]


@require("core.signed_in")
def challenge_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    challenge = selectors.challenge_for_running(user=request.user, public_id=public_id)
    form = ChallengeForm(request.POST or None, instance=challenge, initial={"version": challenge.version})
    done = submitted(
        request,
        form,
        lambda data: services.challenge_update(
            actor=request.user, challenge=challenge, version=data["version"], data=without_version(data)
        ),
        message="Saved the challenge.",
        then=challenge,
    )
    return done or render(
        request, "collaboration/challenge_form.html", {"form": form, "challenge": challenge}
    )


@require_POST
@require("core.signed_in")
def challenge_stage(request: HttpRequest, public_id: str) -> HttpResponse:
    challenge = selectors.challenge_for_running(user=request.user, public_id=public_id)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.challenge_set_stage(
                actor=request.user, challenge=challenge, stage=form.cleaned_data["stage"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"The challenge is now at: {challenge.get_stage_display().lower()}.")
    else:
        messages.error(request, "Choose the stage the challenge moves to.")
    return redirect(challenge)


@require("core.signed_in")
def application_create(request: HttpRequest, public_id: str) -> HttpResponse:
    challenge = selectors.challenge_get(public_id=public_id)
    if challenge.stage != ChallengeStage.OPEN:
        # Say so before anyone writes a proposal, rather than refusing it once written.
        return render(request, "collaboration/application_closed.html", {"challenge": challenge})
    organisations = selectors.applicant_organisations(user=request.user)
    only = organisations.first() if organisations.count() == 1 else None
    form = ApplicationForm(request.POST or None, organisations=organisations, initial={"organisation": only})
    if request.method == "POST" and not organisations.exists():
        raise permissions.PermissionDenied("Applications come from people at industry organisations.")
    done = submitted(
        request,
        form,
        lambda data: services.application_submit(actor=request.user, challenge=challenge, **data),
        message=lambda application: f"Submitted {application.organisation.name}'s application.",
    )
    return done or render(
        request,
        "collaboration/application_form.html",
        {"form": form, "challenge": challenge, "eligible": organisations.exists()},
    )


@require("core.signed_in")
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collaboration/my_applications.html",
        {
            "applications": selectors.applications_for_person(user=request.user),
            "applicant_bodies": selectors.applicant_organisations(user=request.user),
        },
    )


@require("core.signed_in")
def application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    application = selectors.application_for_user(user=request.user, public_id=public_id)
    can_run = selectors.challenge_can_run(user=request.user, challenge=application.challenge)
    rank = application.stage_rank
    next_stage = STAGE_ORDER[rank + 1] if rank + 1 < len(STAGE_ORDER) and not application.stopped else None
    return render(
        request,
        "collaboration/application_detail.html",
        {
            "application": application,
            "challenge": application.challenge,
            "can_run": can_run,
            "next_stage": next_stage,
            "next_stage_label": ApplicationStage(next_stage).label if next_stage else "",
            "stages": [(s.label, i <= rank) for i, s in enumerate(ApplicationStage)],
            **history_context(request, application, "application"),
        },
    )


@require_POST
@require("core.signed_in")
def application_advance(request: HttpRequest, public_id: str) -> HttpResponse:
    application = selectors.application_for_running(user=request.user, public_id=public_id)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.application_advance(
                actor=request.user, application=application, stage=form.cleaned_data["stage"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"{application.organisation.name}: {application.get_stage_display().lower()}."
            )
    else:
        messages.error(request, "Choose the stage the application moves to.")
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/collaboration/")
        else application
    )
