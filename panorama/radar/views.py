import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, catalogue
from panorama.core.charts import Blip as ChartBlip
from panorama.core.charts import radar_chart
from panorama.core.forms import errors_onto

from . import selectors, services
from .forms import AnswerForm, QuestionForm, RadarFilterForm, StanceForm, TechnologyForm
from .models import BodyStance, Category, Stance


def _history(request: HttpRequest, obj, context: dict) -> None:
    if permissions.has(request.user, "core.view_audit"):
        context["show_history"] = True
        context["history"] = audit.history(obj)[:50]


def _recent_quarters(scope: catalogue.Scope, count: int = 8) -> list[str]:
    found, current = [], catalogue.current()
    while len(found) < count:
        found.append(current.label)
        current = current.previous()
    if scope.label not in found:
        found.insert(0, scope.label)
    return found


@require("core.public")
def index(request: HttpRequest) -> HttpResponse:
    form = RadarFilterForm(request.GET or None)
    sector = form.sector_value()
    scope, problem = catalogue.scope_from_request(request)
    before = scope.start - datetime.timedelta(days=1)
    blips = selectors.radar(user=request.user, as_of=scope.as_of, since=before, sector=sector)
    quadrants = [c.label for c in Category]
    rings = [selectors.RING_LABELS[r] for r in selectors.RINGS]
    where = dict(form.fields["sector"].choices).get(sector, "") if sector else "the whole public sector"
    chart = radar_chart(
        f"Technology radar for {where}, {scope.label}",
        quadrants,
        rings,
        [
            ChartBlip(
                number=b.number,
                label=b.technology.name,
                quadrant=list(Category.values).index(b.technology.category),
                ring=selectors.RINGS.index(b.ring),
                moved=b.moved,
                extra=(
                    b.bodies,
                    *(b.counts[s.value] for s in Stance),
                    "new"
                    if b.is_new
                    else (f"from {selectors.RING_LABELS[b.previous_ring]}" if b.moved else "no"),
                ),
            )
            for b in blips
        ],
        extra_headers=["Bodies", *[s.label for s in Stance], "Moved ring this period"],
    )
    on_radar = {b.technology.pk for b in blips}
    context = {
        "form": form,
        "sector": sector,
        "where": where,
        "scope": scope,
        "problem": problem,
        "periods": _recent_quarters(scope),
        "chart": chart,
        "blips": blips,
        "rings": [(r, selectors.RING_LABELS[r], [b for b in blips if b.ring == r]) for r in selectors.RINGS],
        "stances": list(Stance),
        "moved": selectors.moves(start=scope.start, end=scope.as_of, user=request.user, sector=sector),
        "readings": catalogue.read(["radar.moved"], scope=scope, reader=request.user).values(),
        "others": selectors.technology_list().exclude(pk__in=on_radar),
        "can_manage": permissions.has(request.user, "radar.manage"),
        "my_bodies": selectors.organisations_for_stances(user=request.user)[:10]
        if permissions.has(request.user, "radar.set_stance")
        else [],
    }
    return render(request, "radar/index.html", context)


@require("core.public")
def technology(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.technology_get(slug=slug)
    user = request.user
    context = {
        "technology": item,
        "by_stance": selectors.stances_by_kind(user=user, technology=item),
        "lessons": selectors.lessons_for(user=user, technology=item)[:20],
        "challenges": item.challenges.select_related("round", "sponsor"),
        "platforms": item.platforms.select_related("owner"),
        "can_manage": permissions.has(user, "radar.manage"),
        "can_read_questions": permissions.has(user, "radar.read_questions"),
        "can_ask": permissions.has(user, "radar.ask"),
        "my_bodies": selectors.organisations_for_stances(user=user)[:10]
        if permissions.has(user, "radar.set_stance")
        else [],
    }
    if context["can_read_questions"]:
        context["questions"] = selectors.questions_for(technology=item)
    _history(request, item, context)
    return render(request, "radar/technology.html", context)


def _technology_form(request: HttpRequest, *, item=None) -> HttpResponse:
    form = TechnologyForm(
        request.POST or None, instance=item, initial={"version": item.version} if item else {}
    )
    if request.method == "POST" and form.is_valid():
        data, links = form.data_and_links()
        try:
            if item is None:
                saved = services.technology_create(actor=request.user, data=data, links=links)
            else:
                saved = services.technology_update(
                    actor=request.user,
                    technology=item,
                    version=form.cleaned_data["version"] or 0,
                    data=data,
                    links=links,
                )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect(saved)
    context = {
        "form": form,
        "title": f"Edit {item.name}" if item else "Add a technology",
        "back": item.get_absolute_url() if item else reverse("radar:index"),
    }
    if item is not None:
        _history(request, item, context)
    return render(request, "radar/form.html", context)


@require("radar.manage")
def technology_create(request: HttpRequest) -> HttpResponse:
    return _technology_form(request)


@require("radar.manage")
def technology_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _technology_form(request, item=selectors.technology_get(slug=slug))


@require("radar.set_stance")
def body(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_for_stance(user=request.user, slug=slug)
    stances = {s.technology_id: s for s in BodyStance.objects.filter(organisation=organisation)}
    rows = [(t, stances.get(t.pk)) for t in selectors.technology_list()]
    return render(request, "radar/body.html", {"organisation": organisation, "rows": rows})


@require("radar.set_stance")
def stance(request: HttpRequest, slug: str, technology: str) -> HttpResponse:
    organisation = selectors.organisation_for_stance(user=request.user, slug=slug)
    item = selectors.technology_get(slug=technology)
    current = BodyStance.objects.filter(organisation=organisation, technology=item).first()
    initial = {"since": datetime.date.today()}
    if current is not None:
        initial = {
            "version": current.version,
            "stance": current.stance,
            "since": current.since,
            "programmes": list(current.programmes.all()),
            "note": current.note,
            "internal": current.internal,
        }
    form = StanceForm(request.POST or None, initial=initial, organisation=organisation, fixed_technology=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.stance_set(
                actor=request.user,
                organisation=organisation,
                technology=item,
                stance=data["stance"],
                since=data["since"],
                programmes=data["programmes"],
                note=data["note"],
                internal=data["internal"],
                version=data["version"] if current is not None else None,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved {organisation.short_name}'s stance on {item.name}.")
            return redirect("radar:body", slug=organisation.slug)
    context = {
        "form": form,
        "organisation": organisation,
        "technology": item,
        "current": current,
        "changes": selectors.stance_history(user=request.user, stance=current) if current else [],
    }
    if current is not None:
        _history(request, current, context)
    return render(request, "radar/stance_form.html", context)


@require("radar.ask")
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    item = selectors.technology_get(slug=slug)
    form = QuestionForm(request.POST or None, organisations=selectors.asking_organisations(user=request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(
                actor=request.user,
                organisation=data["organisation"],
                technology=item,
                title=data["title"],
                text=data["text"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                f"Your question is on the page. It went to {len(selectors.question_recipients(technology=item, exclude_organisation=data['organisation']))} "
                "people in the bodies that use it and the central team.",
            )
            return redirect(question)
    return render(
        request,
        "radar/ask.html",
        {
            "form": form,
            "technology": item,
            "recipients": selectors.stances_for_user(user=request.user, technology=item).filter(
                stance__in=["adopted", "trialling"]
            ),
        },
    )


@require("radar.ask")
def answer(request: HttpRequest, public_id: str) -> HttpResponse:
    question = selectors.question_for_user(user=request.user, public_id=public_id)
    form = AnswerForm(
        request.POST or None,
        organisations=selectors.asking_organisations(user=request.user),
        central=permissions.is_analyst(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_add(
                actor=request.user,
                question=question,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Thank you: your answer is on the technology's page.")
            return redirect(question)
    return render(
        request, "radar/answer.html", {"form": form, "question": question, "technology": question.technology}
    )
