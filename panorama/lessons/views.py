from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, charts, meaning
from panorama.core.answers import public_page
from panorama.core.exports import csv_response
from panorama.core.forms import errors_onto
from panorama.core.pagination import paginate

from . import search, selectors, services
from .forms import (
    FeedbackForm,
    LessonForm,
    LessonSearchForm,
    ModerationForm,
    RecommendationForm,
    RecommendationStatusForm,
    ReviewFilterForm,
    ReviewForm,
    ThemeYearForm,
)
from .models import Moderation, Recommendation
from .standard import CRITERIA, PUBLISHED_STATISTICS


def _history(request: HttpRequest, obj, label: str) -> dict:
    if not permissions.has(request.user, "core.view_audit"):
        return {}
    return {
        "show_history": True,
        "history": audit.history(obj)[:50],
        "history_export": f"/audit/?format=csv&content_type=lessons.{label}&object_id={obj.pk}",
    }


def programme_url(programme) -> str:
    """The programme's own page, once the programmes app has one."""
    try:
        return programme.get_absolute_url()
    except NoReverseMatch:
        return ""


def _query_with(request: HttpRequest, name: str, value: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    if value:
        query[name] = value
    else:
        query.pop(name, None)
    return f"?{query.urlencode()}"


# --- Lessons --------------------------------------------------------------------------------


@require("core.public")
@public_page
def lesson_list(request: HttpRequest) -> HttpResponse:
    form = LessonSearchForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = selectors.SearchFilters(
        q=cleaned.get("q", ""),
        theme=cleaned.get("theme", ""),
        phase=cleaned.get("phase", ""),
        sector=cleaned.get("sector", ""),
        source=cleaned.get("source", ""),
        year=cleaned.get("year"),
    )
    lessons = selectors.lesson_search(user=request.user, filters=filters)
    terms = search.words(filters.q)
    if request.GET.get("format") == "csv":
        return csv_response(
            "lessons.csv",
            ["title", "date", "source", "phase", "themes", "body", "what_happened", "recommendation", "url"],
            (
                [
                    lesson.title,
                    lesson.date,
                    lesson.get_source_display(),
                    lesson.phase,
                    "; ".join(t.name for t in lesson.themes.all()),
                    lesson.organisation.name if lesson.organisation else "",
                    lesson.what_happened,
                    lesson.recommendation,
                    request.build_absolute_uri(lesson.get_absolute_url()),
                ]
                for lesson in lessons[:5000]
            ),
        )
    page = paginate(request, lessons, 20)
    # Lessons on this page that say the same thing are shown once, with the others beneath it.
    on_page = {lesson.pk: lesson for lesson in page}
    folded = meaning.fold("lesson", list(on_page))
    results = [
        {
            "lesson": on_page[pk],
            "title": search.highlight(on_page[pk].title, terms),
            "snippet": search.snippet(f"{on_page[pk].what_happened} {on_page[pk].recommendation}", terms),
            "similar": [on_page[other] for other in others],
        }
        for pk, others in folded.items()
    ]
    near = (
        selectors.lessons_similar_in_meaning(user=request.user, filters=filters) if page.number == 1 else []
    )
    facets = selectors.lesson_facets(user=request.user, filters=filters)
    for facet in facets:
        current = str(getattr(filters, facet.name) or "")
        facet.links = [
            {
                "label": label,
                "count": count,
                "current": value == current,
                "url": _query_with(request, facet.name, "" if value == current else value),
            }
            for value, label, count in facet.options
        ]
    return render(
        request,
        "lessons/list.html",
        {"form": form, "page": page, "results": results, "facets": facets, "query": filters.q, "near": near},
    )


@require("core.public")
def lesson_detail(request: HttpRequest, public_id) -> HttpResponse:
    lesson = selectors.lesson_for_user(user=request.user, public_id=public_id)
    user = request.user
    context = {
        "lesson": lesson,
        "programme_url": programme_url(lesson.programme) if lesson.programme_id else "",
        "more": selectors.lesson_more_like_this(user=user, lesson=lesson)
        if lesson.status == Moderation.PUBLISHED
        else [],
        "can_edit": selectors.lesson_can_edit(user=user, lesson=lesson),
        "technologies": selectors.lesson_technologies(lesson=lesson),
        "can_moderate": permissions.has(user, "lessons.moderate") and lesson.status == Moderation.PENDING,
        "feedback": selectors.feedback_of(user=user, lesson=lesson),
        "moderation_form": ModerationForm(),
        **_history(request, lesson, "lesson"),
    }
    return render(request, "lessons/detail.html", context)


@require("lessons.contribute")
def lesson_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_contribution(user=request.user)
    form = LessonForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "themes")}
        try:
            lesson = services.lesson_create(actor=request.user, data=data, themes=form.cleaned_data["themes"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            if lesson.status == Moderation.PUBLISHED:
                messages.success(request, "Lesson published.")
            else:
                messages.success(
                    request, "Thank you. An analyst will check the lesson before it is published."
                )
            return redirect(lesson)
    return render(request, "lessons/form.html", {"form": form, "lesson": None})


@require("core.signed_in")
def lesson_edit(request: HttpRequest, public_id) -> HttpResponse:
    lesson = selectors.lesson_for_editing(user=request.user, public_id=public_id)
    organisations = selectors.organisations_for_contribution(user=request.user)
    if lesson.organisation_id:
        organisations = organisations | type(lesson.organisation).objects.filter(pk=lesson.organisation_id)
    form = LessonForm(
        request.POST or None,
        instance=lesson,
        organisations=organisations.distinct(),
        initial={"version": lesson.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "themes")}
        try:
            services.lesson_update(
                actor=request.user,
                lesson=lesson,
                version=form.cleaned_data["version"] or 0,
                data=data,
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Lesson saved.")
            return redirect(lesson)
    return render(request, "lessons/form.html", {"form": form, "lesson": lesson})


@require_POST
@require("core.signed_in")
def lesson_feedback(request: HttpRequest, public_id) -> HttpResponse:
    lesson = selectors.lesson_for_user(user=request.user, public_id=public_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the lesson was useful.")
        return redirect(lesson)
    programme = None
    if form.cleaned_data["programme"]:
        programme = selectors.programme_get(public_id=form.cleaned_data["programme"])
    services.lesson_feedback_set(
        actor=request.user, lesson=lesson, useful=form.cleaned_data["useful"] == "yes", programme=programme
    )
    messages.success(request, "Thank you: your verdict is kept and used to rank lessons.")
    if programme is not None:
        return redirect("lessons:for-programme", public_id=programme.public_id)
    return redirect(lesson)


@require("lessons.moderate")
def moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "lessons/moderation.html",
        {"page": paginate(request, selectors.lessons_pending(), 50), "form": ModerationForm()},
    )


@require_POST
@require("lessons.moderate")
def lesson_moderate(request: HttpRequest, public_id) -> HttpResponse:
    lesson = selectors.lesson_for_user(user=request.user, public_id=public_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to publish or reject the lesson.")
        return redirect(lesson)
    try:
        services.lesson_moderate(
            actor=request.user,
            lesson=lesson,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(lesson)
    messages.success(request, f"“{lesson.title}” {form.cleaned_data['decision']}.")
    return redirect("lessons:moderation")


# --- Programmes ------------------------------------------------------------------------------


@require("core.public")
def for_programme(request: HttpRequest, public_id) -> HttpResponse:
    programme = selectors.programme_get(public_id=public_id)
    picks = selectors.lessons_for_programme(programme=programme, user=request.user, limit=10)
    pushes = list(selectors.programme_pushes(programme=programme)[:10])
    allowed = set(
        selectors.lessons_visible(user=request.user)
        .filter(pk__in=[item.lesson_id for push in pushes for item in push.items.all()])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "lessons/for_programme.html",
        {
            "programme": programme,
            "programme_url": programme_url(programme),
            "picks": picks,
            "pushes": [
                (push, [item for item in push.items.all() if item.lesson_id in allowed]) for push in pushes
            ],
            "verdicts": selectors.verdicts_of(user=request.user, lessons=[p.lesson for p in picks]),
        },
    )


# --- Assurance reviews -----------------------------------------------------------------------


@require("core.public")
def review_list(request: HttpRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    reviews = selectors.reviews_visible(user=request.user, kind=kind)
    if request.GET.get("format") == "csv":
        return csv_response(
            "assurance-reviews.csv",
            ["date", "type", "gate", "body", "programme", "delivery_confidence", "recommendations", "url"],
            (
                [
                    r.date,
                    r.get_kind_display(),
                    r.gate,
                    r.organisation.name,
                    r.subject,
                    r.get_confidence_display(),
                    r.recommendation_count,
                    request.build_absolute_uri(r.get_absolute_url()),
                ]
                for r in reviews
            ),
        )
    can_create = (
        selectors.organisations_for_reviews(user=request.user).exists()
        if request.user.is_authenticated
        else False
    )
    return render(
        request,
        "lessons/review_list.html",
        {"form": form, "page": paginate(request, reviews, 50), "can_create": can_create},
    )


@require("core.public")
def review_detail(request: HttpRequest, public_id) -> HttpResponse:
    review = selectors.review_for_user(user=request.user, public_id=public_id)
    criteria = {c.criterion: c for c in review.criteria.all()}
    return render(
        request,
        "lessons/review_detail.html",
        {
            "review": review,
            "programme_url": programme_url(review.programme) if review.programme_id else "",
            "recommendations": review.recommendations.select_related("theme"),
            "criteria": [(n, text, criteria.get(n)) for n, text in CRITERIA.items()],
            "can_edit": selectors.review_can_edit(user=request.user, review=review),
            "recommendation_form": RecommendationForm(),
            "status_choices": RecommendationStatusForm.base_fields["status"].choices,
            "lessons": review.lessons.filter(selectors.lesson_visible_q(request.user)),
            **_history(request, review, "assurancereview"),
        },
    )


@require("core.signed_in")
def review_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_reviews(user=request.user)
    if not organisations.exists():
        raise PermissionDenied("Only a body's editors and analysts record assurance reviews.")
    form = ReviewForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in ReviewForm.Meta.fields}
        try:
            review = services.review_create(actor=request.user, data=data, criteria=form.criteria())
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Review recorded. Add its recommendations below.")
            return redirect(review)
    return render(request, "lessons/review_form.html", {"form": form, "review": None})


@require("core.signed_in")
def review_edit(request: HttpRequest, public_id) -> HttpResponse:
    review = selectors.review_for_editing(user=request.user, public_id=public_id)
    organisations = selectors.organisations_for_reviews(user=request.user)
    form = ReviewForm(
        request.POST or None,
        instance=review,
        organisations=organisations,
        initial={"version": review.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in ReviewForm.Meta.fields}
        try:
            services.review_update(
                actor=request.user,
                review=review,
                version=form.cleaned_data["version"] or 0,
                data=data,
                criteria=form.criteria(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Review saved.")
            return redirect(review)
    return render(request, "lessons/review_form.html", {"form": form, "review": review})


@require_POST
@require("core.signed_in")
def recommendation_add(request: HttpRequest, public_id) -> HttpResponse:
    review = selectors.review_for_editing(user=request.user, public_id=public_id)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        services.recommendation_add(actor=request.user, review=review, **form.cleaned_data)
        messages.success(request, "Recommendation added.")
        return redirect(review)
    criteria = {c.criterion: c for c in review.criteria.all()}
    return render(
        request,
        "lessons/review_detail.html",
        {
            "review": review,
            "recommendations": review.recommendations.select_related("theme"),
            "criteria": [(n, text, criteria.get(n)) for n, text in CRITERIA.items()],
            "can_edit": True,
            "recommendation_form": form,
            "status_choices": RecommendationStatusForm.base_fields["status"].choices,
            "lessons": review.lessons.filter(selectors.lesson_visible_q(request.user)),
        },
        status=400,
    )


@require_POST
@require("core.signed_in")
def recommendation_status(request: HttpRequest, public_id) -> HttpResponse:
    recommendation = Recommendation.objects.select_related("review").filter(public_id=public_id).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    review = selectors.review_for_editing(user=request.user, public_id=recommendation.review.public_id)
    form = RecommendationStatusForm(request.POST)
    if form.is_valid():
        services.recommendation_set_status(
            actor=request.user, recommendation=recommendation, status=form.cleaned_data["status"]
        )
        messages.success(
            request, f"Recommendation {recommendation.number} is now {form.cleaned_data['status']}."
        )
    else:
        messages.error(request, "Choose a status: open, accepted or done.")
    return redirect(review)


@require("core.public")
def assurance_themes(request: HttpRequest) -> HttpResponse:
    years = selectors.assurance_years(user=request.user)
    form = ThemeYearForm(request.GET or None, years=years)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    stats = selectors.assurance_theme_statistics(user=request.user, year=year)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"assurance-themes-{stats.label.replace(' ', '-').lower()}.csv",
            [
                "year",
                "theme",
                "reports",
                "share_of_reports",
                "recommendations",
                "share_of_recommendations",
                "critical",
                "share_of_critical",
            ],
            (
                [
                    stats.label,
                    row.theme.name,
                    row.reports,
                    _pct(row.report_share),
                    row.recommendations,
                    _pct(row.recommendation_share),
                    row.critical,
                    _pct(row.critical_share),
                ]
                for row in stats.rows
            ),
        )
    chart = charts.bar_chart(
        f"Share of reports in which each theme appears, {stats.label}",
        [(row.theme.name, round((row.report_share or 0) * 100, 1)) for row in stats.rows],
        unit="%",
    )
    query = request.GET.copy()
    query["format"] = "csv"
    chart.csv_url = f"{reverse('lessons:assurance-themes')}?{query.urlencode()}"
    return render(
        request,
        "lessons/themes.html",
        {"form": form, "stats": stats, "chart": chart, "published": PUBLISHED_STATISTICS},
    )


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"
