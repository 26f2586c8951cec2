from django.http import HttpRequest, JsonResponse

from panorama.api.framework import (
    DATE,
    INTEGER,
    NUMBER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    bad_request,
    endpoint,
    json,
    list_of,
    nullable,
    obj,
    paginated,
    path_param,
    query,
)
from panorama.organisations.models import Sector
from panorama.programmes.models import Phase

from . import selectors
from .models import Lesson, Source, Theme

LESSON = obj(
    {
        "id": UUID,
        "title": STRING,
        "what_happened": STRING,
        "why": STRING,
        "recommendation": STRING,
        "source": STRING,
        "source_title": STRING,
        "source_url": STRING,
        "body": nullable(STRING),
        "programme": STRING,
        "phase": STRING,
        "themes": {"type": "array", "items": STRING},
        "severity": STRING,
        "date": DATE,
        "visibility": STRING,
        "useful": INTEGER,
        "not_useful": INTEGER,
        "illustrative": {"type": "boolean"},
        "url": STRING,
    }
)


def lesson_json(request: HttpRequest, lesson: Lesson) -> dict:
    return {
        "id": str(lesson.public_id),
        "title": lesson.title,
        "what_happened": lesson.what_happened,
        "why": lesson.why,
        "recommendation": lesson.recommendation,
        "source": lesson.source,
        "source_title": lesson.source_title,
        "source_url": lesson.source_url,
        "body": lesson.organisation.slug if lesson.organisation else None,
        "programme": lesson.subject,
        "phase": lesson.phase,
        "themes": [t.slug for t in getattr(lesson, "theme_list", None) or lesson.themes.all()],
        "severity": lesson.severity,
        "date": lesson.date,
        "visibility": lesson.visibility,
        "useful": lesson.useful_count,
        "not_useful": lesson.not_useful_count,
        "illustrative": lesson.illustrative,
        "url": request.build_absolute_uri(lesson.get_absolute_url()),
    }


@endpoint(
    "core.public",
    path="/api/v1/lessons",
    summary="Lessons learned, searched and ranked (only those you may see)",
    parameters=[
        query("q", "Words to search for, ranked best first; the last word also matches as a prefix."),
        query(
            "theme",
            "A theme's slug, e.g. governance or users-at-the-heart.",
            {"type": "string", "pattern": "^[a-z0-9-]+$"},
        ),
        query("phase", "Lifecycle phase.", {"type": "string", "enum": list(Phase.values)}),
        query("sector", "The sector of the lesson's body.", {"type": "string", "enum": list(Sector.values)}),
        query("source", "Where the lesson comes from.", {"type": "string", "enum": list(Source.values)}),
        query(
            "year", "The calendar year of the lesson.", {"type": "integer", "minimum": 1900, "maximum": 2100}
        ),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(LESSON),
)
def lessons(request: HttpRequest) -> JsonResponse:
    params = request.GET
    themes = set(Theme.objects.values_list("slug", flat=True))
    problems = []
    if params.get("theme") and params["theme"] not in themes:
        # Well-formed (the framework checks the pattern) but no such theme: not found.
        return json(
            {"error": "not found", "detail": f"theme must be one of {', '.join(sorted(themes))}."}, status=404
        )
    for name, allowed in (("phase", Phase.values), ("sector", Sector.values), ("source", Source.values)):
        if params.get(name) and params[name] not in allowed:
            problems.append(f"{name} must be one of {', '.join(allowed)}.")
    year = None
    if params.get("year"):
        try:
            year = int(params["year"])
        except ValueError:
            problems.append("year must be a whole number, e.g. 2019.")
    if problems:
        return bad_request(" ".join(problems))
    filters = selectors.SearchFilters(
        q=params.get("q", "")[:200],
        theme=params.get("theme", ""),
        phase=params.get("phase", ""),
        sector=params.get("sector", ""),
        source=params.get("source", ""),
        year=year,
    )
    found = selectors.lesson_search(user=request.user, filters=filters)
    return paginated(request, found, lambda lesson: lesson_json(request, lesson), default_size=20)


THEME_ROW = obj(
    {
        "theme": STRING,
        "name": STRING,
        "reports": INTEGER,
        "share_of_reports": nullable(NUMBER),
        "recommendations": INTEGER,
        "share_of_recommendations": nullable(NUMBER),
        "critical": INTEGER,
        "share_of_critical": nullable(NUMBER),
    }
)


@endpoint(
    "core.public",
    path="/api/v1/assurance/themes",
    summary="Assurance review themes by financial year, as the Digital Assurance Office reports them",
    parameters=[
        query(
            "year",
            "The financial year's first calendar year (2023 for 2023-24); all years if absent.",
            {"type": "integer", "minimum": 1900, "maximum": 2100},
        )
    ],
    response=obj(
        {
            "year": nullable(STRING),
            "reviews": INTEGER,
            "recommendations": INTEGER,
            "critical": INTEGER,
            "themes": {"type": "array", "items": THEME_ROW},
        }
    ),
)
def assurance_themes(request: HttpRequest) -> JsonResponse:
    year = None
    if request.GET.get("year"):
        try:
            year = int(request.GET["year"])
        except ValueError:
            return bad_request(
                "year must be a whole number: the year a financial year starts, e.g. 2023 for 2023-24."
            )
    stats = selectors.assurance_theme_statistics(user=request.user, year=year)
    return json(
        {
            "year": stats.label if year is not None else None,
            "reviews": stats.reviews,
            "recommendations": stats.recommendations,
            "critical": stats.critical,
            "themes": [
                {
                    "theme": row.theme.slug,
                    "name": row.theme.name,
                    "reports": row.reports,
                    "share_of_reports": row.report_share,
                    "recommendations": row.recommendations,
                    "share_of_recommendations": row.recommendation_share,
                    "critical": row.critical,
                    "share_of_critical": row.critical_share,
                }
                for row in stats.rows
            ],
        }
    )


@endpoint(
    "core.public",
    path="/api/v1/lessons/for-programme/{id}",
    summary="The lessons that best fit a programme, with why",
    parameters=[path_param("id", "The programme's id.")],
    response=obj(
        {
            "programme": UUID,
            "results": {
                "type": "array",
                "items": obj(
                    {"lesson": LESSON, "score": NUMBER, "reasons": {"type": "array", "items": STRING}}
                ),
            },
        }
    ),
)
def programme_lessons(request: HttpRequest, public_id) -> JsonResponse:
    programme = selectors.programme_get(public_id=public_id)
    picks = selectors.lessons_for_programme(programme=programme, user=request.user, limit=10)
    return json(
        {
            "programme": str(programme.public_id),
            "results": [
                {"lesson": lesson_json(request, p.lesson), "score": round(p.score, 4), "reasons": p.reasons}
                for p in picks
            ],
        }
    )
