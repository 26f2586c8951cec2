"""What a report shows, read once when its draft is prepared and then kept as it was.

Every number comes from the catalogue of figures (`core.catalogue`): the report never computes a
headline figure of its own. Around them it lists the records the figures count (programmes off
track, commitments with no owner) and, for a programme, its own register entries. The result is
plain JSON, so the published report keeps exactly what it showed."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Min, Sum

from panorama.accounts import permissions
from panorama.core import catalogue
from panorama.organisations.models import Organisation
from panorama.programmes.models import OFF_TRACK, Phase, Programme, ProgressUpdate, Rebaseline

from .models import Audience, Kind, Report

# The national report's sections, in order: (area of the catalogue, title, what it answers).
SECTIONS = [
    ("completeness", "Completeness of returns", "Which bodies sent the returns the picture rests on."),
    (
        "commitments",
        "Commitments and their gaps",
        "The strategy's commitments, and those no one owns or delivers.",
    ),
    (
        "impact",
        "Impact against outcome measures",
        "Whether the outcome measures are moving toward their targets.",
    ),
    ("programmes", "Programmes", "Delivery confidence across the register, and what changed this quarter."),
    (
        "investment",
        "Investment",
        "What is spent on running and on changing, the funding gap and the legacy cliff.",
    ),
    ("skills", "Skills", "Where the digital workforce falls short of what programmes need."),
    (
        "lessons",
        "Lessons and assurance",
        "Lessons readers found useful, and the themes assurance reviews raise.",
    ),
    (
        "collaboration",
        "Collaboration",
        "Forum decisions, innovation challenges, and shared platforms adopted and built on.",
    ),
    (
        "radar",
        "Emerging technology",
        "Where bodies stand on the technologies on the radar, and what moved this quarter.",
    ),
    ("services", "Services", "The services bodies publish and report on."),
]
# Figures of the commitments area that answer "is it having an impact?".
IMPACT = {"commitments.not_moving", "commitments.off_track"}
LIST_LIMIT = 25

Progress = Callable[[int, str], None]


def reader_for(report: Report) -> Any:
    """Whose access the figures are read with: nobody's for a public report (restricted figures are
    then absent), the preparing analyst's for an internal pack."""
    if report.audience == Audience.PUBLIC or report.created_by is None:
        return AnonymousUser()
    return report.created_by


def entry(reading: catalogue.Reading, previous: catalogue.Reading | None = None) -> dict[str, Any]:
    figure = reading.figure
    return {
        "key": figure.key,
        "label": figure.label,
        "area": "impact" if figure.key in IMPACT else figure.area,
        "value": reading.raw,
        "display": reading.display,
        "period": reading.period,
        "basis": str(reading.basis),
        "coverage": reading.coverage,
        "note": reading.note,
        "reach": reading.reach,
        "previous": previous.display if previous is not None else None,
        "previous_value": previous.raw if previous is not None else None,
        "definition": figure.definition,
        "unit": figure.unit.name.lower(),
        "rounding": figure.rounding,
        "sources": list(figure.sources),
    }


def sha256_of(figures: dict[str, Any]) -> str:
    canonical = json.dumps(figures, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _programme_row(programme: Programme) -> dict[str, str]:
    return {
        "title": programme.title,
        "body": programme.organisation.short_name or programme.organisation.name,
        "confidence": programme.get_confidence_display(),
        "phase": programme.get_phase_display(),
        "forecast": catalogue.format_money(programme.wlc_forecast) if programme.wlc_forecast else "—",
    }


def _listed(queryset, row: Callable[[Any], dict], order: list[str]) -> dict[str, Any]:
    total = queryset.count()
    return {"total": total, "rows": [row(item) for item in queryset.order_by(*order)[:LIST_LIMIT]]}


def _changes(scope: catalogue.Scope) -> dict[str, Any]:
    """What changed in the register during the quarter: programmes that turned red (off track now,
    not the quarter before), were rebaselined, reported for the first time, or closed."""
    period, before = scope.period(), scope.previous().period()
    base = Programme.objects.select_related("organisation")
    turned = Programme.objects.none()
    new = Programme.objects.none()
    closed = Programme.objects.none()
    if period is not None:
        off_now = ProgressUpdate.objects.filter(period=period, confidence__in=OFF_TRACK).values("programme")
        off_before = (
            ProgressUpdate.objects.filter(period=before, confidence__in=OFF_TRACK).values("programme")
            if before is not None
            else ProgressUpdate.objects.none().values("programme")
        )
        reported_before = (
            ProgressUpdate.objects.filter(period=before).values("programme")
            if before is not None
            else ProgressUpdate.objects.none().values("programme")
        )
        turned = base.filter(pk__in=off_now).filter(pk__in=reported_before).exclude(pk__in=off_before)
        new = base.annotate(first=Min("updates__period__start")).filter(first=period.start)
        closed = base.filter(
            pk__in=ProgressUpdate.objects.filter(
                period=period, phase__in=[Phase.RETIRED, Phase.STOPPED]
            ).values("programme")
        )
    rebaselined = base.filter(
        pk__in=Rebaseline.objects.filter(agreed_on__range=(scope.start, scope.end)).values("programme")
    )
    order = ["-wlc_forecast", "title"]
    return {
        "turned_red": _listed(turned, _programme_row, order),
        "rebaselined": _listed(rebaselined, _programme_row, order),
        "new": _listed(new, _programme_row, order),
        "closed": _listed(closed, _programme_row, order),
    }


def national(*, scope: catalogue.Scope, reader: Any, progress: Progress) -> dict[str, Any]:
    progress(10, "Reading every figure for the period")
    ctx = catalogue.context(scope=scope, reader=reader)
    readings = catalogue.read(None, scope=scope, reader=reader, ctx=ctx)
    progress(40, "Reading the quarter before, to show what changed")
    previous = catalogue.read(list(readings), scope=scope.previous(), reader=reader)
    figures = {key: entry(r, previous.get(key)) for key, r in readings.items()}
    progress(60, "Listing the programmes and commitments behind the figures")
    off_track = catalogue.records("programmes.off_track", scope=scope).select_related("organisation")
    unowned = catalogue.records("commitments.unowned", scope=scope).select_related("ambition__strategy")
    content = {
        "previous_period": scope.previous().label,
        "off_track": _listed(off_track, _programme_row, ["-wlc_forecast", "title"]),
        "unowned": _listed(
            unowned,
            lambda c: {"reference": c.reference, "text": c.text, "strategy": str(c.ambition.strategy)},
            ["ambition__strategy__title", "reference"],
        ),
        "changes": _changes(scope),
        "decisions": _decisions(scope),
        "funnel": _funnel(),
        "themes": _themes(scope, reader),
        "radar": _radar_moved(scope),
    }
    return {"figures": figures, "content": content}


def _radar_moved(scope: catalogue.Scope) -> dict[str, Any]:
    """The technologies the catalogue's `radar.moved` counts: which moved, and to where (public
    stances only, whoever reads the report)."""
    moved = catalogue.records("radar.moved", scope=scope)
    return {
        "total": len(moved),
        "rows": [
            {"technology": m.technology.name, "bodies": m.count, "to": m.summary} for m in moved[:LIST_LIMIT]
        ],
    }


def _decisions(scope: catalogue.Scope) -> dict[str, Any]:
    """Decisions the cross-sector forums took at meetings held in the period (published, as the
    forums' pages publish them)."""
    from panorama.collaboration.models import Decision

    decisions = Decision.objects.filter(meeting__held_on__range=(scope.start, scope.end)).select_related(
        "meeting__forum"
    )
    return _listed(
        decisions,
        lambda d: {
            "forum": d.meeting.forum.name,
            "held_on": f"{d.meeting.held_on:%-d %b %Y}",
            "text": d.text,
        },
        ["meeting__held_on", "pk"],
    )


def _funnel() -> list[dict[str, Any]]:
    """The innovation challenges' funnel, round by round (the latest three)."""
    from panorama.collaboration.selectors import funnel_by_round

    return [f.as_dict() for f in funnel_by_round()[:3]]


def _themes(scope: catalogue.Scope, reader: Any) -> dict[str, Any]:
    """The assurance reviews' themes for the period's year, as the reader may see them: how many
    reviews and recommendations raised each (the largest ten)."""
    from panorama.lessons.selectors import assurance_theme_statistics

    stats = assurance_theme_statistics(user=reader, year=scope.year)
    rows = sorted((r for r in stats.rows if r.reports), key=lambda r: (-r.recommendations, r.theme.name))[:10]
    return {
        "label": stats.label,
        "reviews": stats.reviews,
        "recommendations": stats.recommendations,
        "rows": [
            {
                "theme": r.theme.name,
                "reviews": r.reports,
                "recommendations": r.recommendations,
                "critical": r.critical,
            }
            for r in rows
        ],
    }


def body(
    *, scope: catalogue.Scope, reader: Any, organisation: Organisation, progress: Progress
) -> dict[str, Any]:
    progress(20, f"Reading {organisation.short_name or organisation.name}'s figures beside its sector")
    keys = [f.key for f in catalogue.figures() if f.by_body is not None]
    peers = list(
        Organisation.objects.filter(sector=organisation.sector, active=True).values_list("pk", flat=True)
    )
    if organisation.pk not in peers:
        peers.append(organisation.pk)
    compared = catalogue.read_body(keys, scope=scope, reader=reader, organisation=organisation, peers=peers)
    national_readings = catalogue.read([c.key for c in compared], scope=scope, reader=reader)
    figures = {}
    for c in compared:
        found = entry(national_readings[c.key]) if c.key in national_readings else {}
        found.update(
            {
                "key": c.key,
                "label": c.figure.label,
                "value": c.raw,
                "display": c.display,
                "median": c.median_display,
                "peers": c.peers,
                "period": c.period,
                "basis": str(c.basis),
                "national": found.get("display"),
            }
        )
        figures[c.key] = found
    progress(60, "Listing the body's programmes")
    programmes = Programme.objects.filter(organisation=organisation).select_related("organisation")
    content = {
        "organisation": organisation.name,
        "sector": organisation.sector,
        "sector_size": len(peers),
        "programmes": _listed(programmes, _programme_row, ["-wlc_forecast", "title"]),
    }
    return {"figures": figures, "content": content}


def programme(
    *, scope: catalogue.Scope, reader: Any, programme: Programme, progress: Progress
) -> dict[str, Any]:
    progress(20, "Reading the programme's history")
    readings = catalogue.read(["programmes.active", "programmes.off_track"], scope=scope, reader=reader)
    figures = {key: entry(r) for key, r in readings.items()}
    history = [
        {
            "period": u.period.label,
            "confidence": u.get_confidence_display(),
            "met": u.milestones_met,
            "missed": u.milestones_missed,
        }
        for u in programme.updates.select_related("period").order_by("period__start")
    ]
    money = catalogue.format_money
    content: dict[str, Any] = {
        "programme": _programme_row(programme),
        "sro": programme.sro,
        "history": history,
        "cost": {
            "baseline": money(programme.wlc_baseline) if programme.wlc_baseline else "—",
            "forecast": money(programme.wlc_forecast) if programme.wlc_forecast else "—",
            "end_baseline": programme.end_baseline.isoformat() if programme.end_baseline else "—",
            "end_forecast": programme.end_forecast.isoformat() if programme.end_forecast else "—",
        },
        "rebaselines": [
            {"agreed_on": r.agreed_on.isoformat(), "wlc": money(r.wlc) if r.wlc else "—", "reason": r.reason}
            for r in programme.rebaselines.order_by("agreed_on")
        ],
        "dependencies": [
            {"title": link.target.title, "kind": link.get_kind_display()}
            for link in programme.links_out.select_related("target")
        ],
        "dependants": [
            {"title": link.source.title, "kind": link.get_kind_display()}
            for link in programme.links_in.select_related("source")
        ],
        "restricted": False,
    }
    # Recommendations, lessons pushed and skills needs are the body's own business: only in a
    # report whose reader may see the body's restricted data.
    if permissions.has(reader, "programmes.view_restricted", programme.organisation):
        from panorama.lessons.models import LessonPushItem, Recommendation, RecommendationStatus
        from panorama.skills.models import ProgrammeNeed

        progress(50, "Reading assurance, lessons and skills")
        content["restricted"] = True
        content["recommendations"] = [
            {"text": r.text, "priority": r.get_priority_display(), "review": str(r.review.get_kind_display())}
            for r in Recommendation.objects.filter(
                review__programme=programme, status=RecommendationStatus.OPEN
            ).select_related("review")[:LIST_LIMIT]
        ]
        content["lessons"] = sorted(
            {
                str(item.lesson.title)
                for item in LessonPushItem.objects.filter(push__programme=programme).select_related("lesson")
            }
        )[:LIST_LIMIT]
        content["skills"] = [
            {"role": row["role__name"], "fte": str(row["fte"])}
            for row in ProgrammeNeed.objects.filter(programme=programme, period__start__gte=scope.start)
            .values("role__name")
            .annotate(fte=Sum("fte"))
            .order_by("-fte", "role__name")[:LIST_LIMIT]
        ]
    return {"figures": figures, "content": content}


def read(report: Report, *, progress: Progress) -> dict[str, Any]:
    scope = catalogue.scope_for(report.period)
    reader = reader_for(report)
    if report.kind == Kind.NATIONAL:
        return national(scope=scope, reader=reader, progress=progress)
    if report.kind == Kind.BODY:
        return body(scope=scope, reader=reader, organisation=report.organisation, progress=progress)
    return programme(scope=scope, reader=reader, programme=report.programme, progress=progress)
