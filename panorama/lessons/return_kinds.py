"""Lessons and assurance reviews through the returns machinery (`panorama import lessons FILE`,
`panorama import assurance-reviews FILE`), against the contract in panorama/returns/kinds.py.

Both are keyed by the sender's own reference, so sending the same file again changes nothing, and
a corrected file changes only what differs. Lessons a body sends wait for an analyst to moderate
them (an analyst's own are published at once), exactly as lessons contributed on the site.
"""

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from panorama.accounts import permissions
from panorama.core import audit
from panorama.programmes.models import Confidence, Phase, Programme
from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction

from . import search
from .models import (
    AssuranceKind,
    AssuranceReview,
    CriterionAssessment,
    CriterionResult,
    Lesson,
    Moderation,
    Priority,
    Recommendation,
    RecommendationStatus,
    Severity,
    Source,
    Theme,
    Visibility,
)
from .standard import CRITERIA

# ---------------------------------------------------------------------------------------------
# Lessons

LESSON_COLUMNS = (
    Column(
        "reference",
        "Your reference",
        required=True,
        max_length=100,
        help="Your own identifier for the lesson, so a corrected file updates it.",
        example="PIR-2024-07",
    ),
    Column("title", "Title", required=True, max_length=300, example="Rehearse the cut-over with real data"),
    Column(
        "what_happened",
        "What happened",
        required=True,
        help="Markdown.",
        example="The first cut-over rehearsal found defects that would have stopped processing.",
    ),
    Column("why", "Why", help="Markdown.", example="Test data did not reflect production."),
    Column(
        "recommendation",
        "What to do",
        help="Markdown.",
        example="Rehearse at least once with a copy of production data.",
    ),
    Column(
        "themes",
        "Themes",
        required=True,
        help="Theme codes separated by semicolons, e.g. planning; data.",
        example="planning; data",
    ),
    Column("phase", "Phase", type="choice", choices=tuple(Phase.values[:4]), example="beta"),
    Column("severity", "Severity", type="choice", choices=tuple(Severity.values), example="high"),
    Column("date", "Date", type="date", required=True, example="2024-07-01"),
    Column(
        "source",
        "Source",
        type="choice",
        choices=tuple(Source.values),
        required=True,
        example="post-implementation-review",
    ),
    Column(
        "source_title",
        "Source title",
        max_length=300,
        example="Post-implementation review of the licensing service",
    ),
    Column("source_url", "Source address", max_length=500, example="https://www.example.gov.scot/pir"),
    Column(
        "programme",
        "Programme",
        max_length=300,
        help="The programme's title as registered, or a name.",
        example="Licensing service",
    ),
    Column(
        "visibility",
        "Who can see it",
        type="choice",
        choices=tuple(Visibility.values),
        required=True,
        example="public-sector",
    ),
)

LESSON_FIELDS = [
    "title",
    "what_happened",
    "why",
    "recommendation",
    "phase",
    "severity",
    "date",
    "source",
    "source_title",
    "source_url",
    "visibility",
]


def _themes_from(value: str) -> tuple[list[str], list[str]]:
    known = set(Theme.objects.values_list("slug", flat=True))
    codes = [c.strip().lower() for c in (value or "").replace(",", ";").split(";") if c.strip()]
    return [c for c in codes if c in known], [c for c in codes if c not in known]


def _programmes_of(organisation) -> dict[str, Programme]:
    return {
        title: p
        for p, title in (
            (p, p.title.lower())
            for p in Programme.objects.filter(organisation=organisation).only("pk", "title")
        )
    }


def plan_lessons(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan()
    organisation = context.organisation
    existing = {
        lesson.external_ref: lesson
        for lesson in Lesson.objects.filter(organisation=organisation)
        .exclude(external_ref="")
        .prefetch_related("themes")
    }
    programmes = _programmes_of(organisation)
    payload = []
    all_themes = sorted(Theme.objects.values_list("slug", flat=True))
    for row in rows:
        number = row["_row"]
        themes, unknown = _themes_from(row.get("themes") or "")
        if unknown:
            plan.problems.append(
                Problem(
                    f"{', '.join(unknown)} is not a theme: use {', '.join(all_themes)}.",
                    row=number,
                    column="Themes",
                    value=row.get("themes") or "",
                )
            )
            continue
        if not themes:
            plan.problems.append(Problem("Give at least one theme.", row=number, column="Themes"))
            continue
        if row.get("source_url") and not str(row["source_url"]).startswith(("https://", "http://")):
            plan.problems.append(
                Problem(
                    "Give a web address starting https://.",
                    row=number,
                    column="Source address",
                    value=row["source_url"],
                )
            )
            continue
        values = {name: row.get(name) or "" for name in LESSON_FIELDS}
        values["date"] = row["date"]
        values["severity"] = values["severity"] or Severity.MEDIUM
        programme = programmes.get((row.get("programme") or "").strip().lower())
        values["programme_id"] = programme.pk if programme else None
        values["programme_name"] = "" if programme else (row.get("programme") or "")
        reference = row["reference"]
        lesson = existing.get(reference)
        if lesson is None:
            plan.actions.append(
                RowAction(row=number, action="create", summary=f"New lesson “{values['title']}”")
            )
        else:
            changes = {k: (getattr(lesson, k), v) for k, v in values.items() if getattr(lesson, k) != v}
            before_themes = sorted(t.slug for t in lesson.themes.all())
            if before_themes != sorted(themes):
                changes["themes"] = ("; ".join(before_themes), "; ".join(sorted(themes)))
            plan.actions.append(
                RowAction(
                    row=number,
                    action="change" if changes else "unchanged",
                    summary=f"Lesson “{values['title']}”"
                    + (f": {', '.join(changes)} changed" if changes else ""),
                    changes=changes,
                )
            )
        payload.append({"reference": reference, "values": values, "themes": themes})
    plan.payload = payload
    return plan


def apply_lessons(context: Context, plan: Plan) -> None:
    actor = context.actor
    analyst = actor is not None and permissions.is_analyst(actor)
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = {
        lesson.external_ref: lesson
        for lesson in Lesson.objects.filter(organisation=context.organisation).exclude(external_ref="")
    }
    touched = []
    for item, action in zip(plan.payload, plan.actions, strict=True):
        if action.action == "unchanged":
            continue
        lesson = existing.get(item["reference"])
        if lesson is None:
            lesson = Lesson(
                organisation=context.organisation,
                external_ref=item["reference"],
                contributed_by=actor if actor is not None and permissions.signed_in(actor) else None,
                status=Moderation.PUBLISHED if analyst else Moderation.PENDING,
                **item["values"],
            )
            lesson.full_clean()
            lesson.save()
            lesson.themes.set([themes[s] for s in item["themes"]])
            audit.record(
                actor=actor, action="lessons.lesson.created", obj=lesson, before={}, note="by return"
            )
        else:
            before = audit.snapshot(lesson)
            for name, value in item["values"].items():
                setattr(lesson, name, value)
            lesson.full_clean()
            lesson.version += 1
            lesson.save()
            lesson.themes.set([themes[s] for s in item["themes"]])
            audit.record(
                actor=actor, action="lessons.lesson.changed", obj=lesson, before=before, note="by return"
            )
        touched.append(lesson.pk)
    search.index_lessons(ids=touched)


LESSONS = ReturnKind(
    slug="lessons",
    label="Lessons learned",
    description=(
        "Lessons your body has learned from its programmes: one row each, with what happened, why, what to "
        "do, its themes and who may see it. Lessons wait for an analyst to publish them."
    ),
    columns=LESSON_COLUMNS,
    key=("reference",),
    plan=plan_lessons,
    apply=apply_lessons,
    period_kind=None,
    needs_organisation=True,
)

# ---------------------------------------------------------------------------------------------
# Assurance reviews: one row per recommendation, the review's columns repeated on each

REVIEW_COLUMNS = (
    Column(
        "review",
        "Review reference",
        required=True,
        max_length=100,
        help="Your identifier for the review; the same on each of its rows.",
        example="GR-2025-03",
    ),
    Column(
        "kind",
        "Type",
        type="choice",
        choices=tuple(AssuranceKind.values),
        required=True,
        example="gate-review",
    ),
    Column("gate", "Gate", max_length=40, example="Gate 2"),
    Column("date", "Date", type="date", required=True, example="2025-06-12"),
    Column(
        "programme",
        "Programme",
        required=True,
        max_length=300,
        help="The programme's title as registered, or a name.",
        example="Licensing service",
    ),
    Column(
        "confidence",
        "Delivery confidence",
        type="choice",
        choices=tuple(Confidence.values),
        required=True,
        example="amber",
    ),
    Column(
        "visibility",
        "Who can see it",
        type="choice",
        choices=tuple(Visibility.values),
        required=True,
        example="restricted",
    ),
    Column("number", "Recommendation number", type="integer", minimum=Decimal(1), example="1"),
    Column(
        "recommendation",
        "Recommendation",
        help="Leave empty on a review with no recommendations.",
        example="Fill the key delivery roles.",
    ),
    Column(
        "theme",
        "Theme",
        type="choice",
        choices=(
            "governance",
            "resourcing",
            "commercial",
            "planning",
            "users",
            "leadership",
            "technology",
            "data",
        ),
        example="resourcing",
    ),
    Column("priority", "Priority", type="choice", choices=tuple(Priority.values), example="critical"),
    Column("status", "Status", type="choice", choices=tuple(RecommendationStatus.values), example="open"),
    Column(
        "criteria_met",
        "Criteria met",
        help="Service-standard assessments: the criteria met, e.g. 1; 2; 5.",
        example="",
    ),
    Column(
        "criteria_not_met",
        "Criteria not met",
        help="Service-standard assessments: the criteria not met.",
        example="",
    ),
)
REVIEW_FIELDS = ["kind", "gate", "date", "confidence", "visibility"]


def _criteria(value: str) -> tuple[list[int], list[str]]:
    good, bad = [], []
    for part in (value or "").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and int(part) in CRITERIA:
            good.append(int(part))
        else:
            bad.append(part)
    return good, bad


def plan_reviews(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan()
    organisation = context.organisation
    programmes = _programmes_of(organisation)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["review"]].append(row)
    existing = {
        r.external_ref: r
        for r in AssuranceReview.objects.filter(organisation=organisation)
        .exclude(external_ref="")
        .prefetch_related("recommendations__theme", "criteria")
    }
    payload = []
    for reference, group in groups.items():
        first = group[0]
        problems_before = len(plan.problems)
        for row in group[1:]:
            for name in [
                "kind",
                "gate",
                "date",
                "programme",
                "confidence",
                "visibility",
                "criteria_met",
                "criteria_not_met",
            ]:
                if (row.get(name) or "") != (first.get(name) or ""):
                    plan.problems.append(
                        Problem(
                            f"Every row of review {reference} must give the same {name.replace('_', ' ')} as its first row.",
                            row=row["_row"],
                            column=name,
                        )
                    )
        met, bad_met = _criteria(first.get("criteria_met") or "")
        not_met, bad_not = _criteria(first.get("criteria_not_met") or "")
        if bad_met or bad_not:
            plan.problems.append(
                Problem(
                    "Criteria are numbers from 1 to 14, separated by semicolons.",
                    row=first["_row"],
                    column="Criteria met",
                )
            )
        if set(met) & set(not_met):
            plan.problems.append(
                Problem(
                    f"Criteria {sorted(set(met) & set(not_met))} cannot be both met and not met.",
                    row=first["_row"],
                    column="Criteria met",
                )
            )
        if (met or not_met) and not str(first["kind"]).startswith("ssa-"):
            plan.problems.append(
                Problem(
                    "Only service-standard assessments record criteria.",
                    row=first["_row"],
                    column="Criteria met",
                )
            )
        if first["kind"] != AssuranceKind.GATE and first.get("gate"):
            plan.problems.append(Problem("Only a gate review has a gate.", row=first["_row"], column="Gate"))
        recommendations = []
        numbers = set()
        for row in group:
            if not row.get("recommendation"):
                continue
            missing = [
                label
                for name, label in (
                    ("theme", "Theme"),
                    ("priority", "Priority"),
                    ("number", "Recommendation number"),
                )
                if not row.get(name)
            ]
            if missing:
                plan.problems.append(
                    Problem(
                        f"A recommendation needs {', '.join(missing)}.", row=row["_row"], column=missing[0]
                    )
                )
                continue
            if row["number"] in numbers:
                plan.problems.append(
                    Problem(
                        f"Recommendation {row['number']} appears twice in review {reference}.",
                        row=row["_row"],
                        column="Recommendation number",
                    )
                )
            numbers.add(row["number"])
            recommendations.append(
                {
                    "number": int(row["number"]),
                    "text": row["recommendation"],
                    "theme": row["theme"],
                    "priority": row["priority"],
                    "status": row.get("status") or RecommendationStatus.OPEN,
                }
            )
        if len(plan.problems) > problems_before:
            continue
        programme = programmes.get(str(first["programme"]).strip().lower())
        values = {name: first.get(name) or "" for name in REVIEW_FIELDS}
        values["date"] = first["date"]
        values["programme_id"] = programme.pk if programme else None
        values["programme_name"] = "" if programme else first["programme"]
        criteria = dict.fromkeys(met, CriterionResult.MET) | dict.fromkeys(not_met, CriterionResult.NOT_MET)
        review = existing.get(reference)
        if review is None:
            plan.actions.append(
                RowAction(
                    row=first["_row"],
                    action="create",
                    summary=f"New review {reference} with {len(recommendations)} recommendation(s)",
                )
            )
        else:
            changes = {k: (getattr(review, k), v) for k, v in values.items() if getattr(review, k) != v}
            have = sorted(
                (r.number, r.text, r.theme.slug, r.priority, r.status) for r in review.recommendations.all()
            )
            want = sorted(
                (r["number"], r["text"], r["theme"], r["priority"], r["status"]) for r in recommendations
            )
            if have != want:
                changes["recommendations"] = (len(have), len(want))
            if {c.criterion: c.result for c in review.criteria.all()} != criteria:
                changes["criteria"] = ("", "")
            plan.actions.append(
                RowAction(
                    row=first["_row"],
                    action="change" if changes else "unchanged",
                    summary=f"Review {reference}" + (f": {', '.join(changes)} changed" if changes else ""),
                    changes=changes,
                )
            )
        payload.append(
            {
                "reference": reference,
                "values": values,
                "recommendations": recommendations,
                "criteria": criteria,
            }
        )
    plan.payload = payload
    return plan


def apply_reviews(context: Context, plan: Plan) -> None:
    actor = context.actor
    themes = {t.slug: t for t in Theme.objects.all()}
    existing = {
        r.external_ref: r
        for r in AssuranceReview.objects.filter(organisation=context.organisation).exclude(external_ref="")
    }
    for item, action in zip(plan.payload, plan.actions, strict=True):
        if action.action == "unchanged":
            continue
        review = existing.get(item["reference"])
        if review is None:
            review = AssuranceReview(
                organisation=context.organisation,
                external_ref=item["reference"],
                created_by=actor if actor is not None and permissions.signed_in(actor) else None,
                **item["values"],
            )
            review.full_clean()
            review.save()
            audit.record(
                actor=actor, action="lessons.review.created", obj=review, before={}, note="by return"
            )
        else:
            before = audit.snapshot(review)
            for name, value in item["values"].items():
                setattr(review, name, value)
            review.full_clean()
            review.version += 1
            review.save()
            audit.record(
                actor=actor, action="lessons.review.changed", obj=review, before=before, note="by return"
            )
            review.recommendations.all().delete()
            review.criteria.all().delete()
        Recommendation.objects.bulk_create(
            Recommendation(
                review=review,
                number=r["number"],
                text=r["text"],
                theme=themes[r["theme"]],
                priority=r["priority"],
                status=r["status"],
            )
            for r in item["recommendations"]
        )
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(review=review, criterion=n, result=result)
            for n, result in item["criteria"].items()
        )


ASSURANCE_REVIEWS = ReturnKind(
    slug="assurance-reviews",
    label="Assurance reviews",
    description=(
        "Gate reviews, service-standard assessments and health checks: one row per recommendation, with the "
        "review's details repeated on each (a review with no recommendations takes one row). Service-standard "
        "assessments list the criteria met and not met."
    ),
    columns=REVIEW_COLUMNS,
    key=("review", "number"),
    plan=plan_reviews,
    apply=apply_reviews,
    period_kind=None,
    needs_organisation=True,
)
