"""Rows for the register's downloads (CSV and XLSX, formula-safe through core.exports)."""

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from panorama.strategy.models import Commitment

from .models import Programme, ProgrammeLink, ProgressUpdate

REGISTER_HEADER = [
    "id",
    "title",
    "body",
    "body_short_name",
    "sector",
    "phase",
    "delivery_confidence",
    "not_rated_reason",
    "major",
    "high_risk",
    "wlc_baseline_gbp",
    "wlc_forecast_gbp",
    "cost_variance_percent",
    "start_baseline",
    "start_forecast",
    "end_baseline",
    "end_forecast",
    "schedule_slip_days",
    "senior_responsible_owner",
    "commitments",
    "platforms",
    "last_update",
    "illustrative",
    "source",
    "source_reference",
    "tags",
    "collection",
]


def register_rows(programmes: QuerySet[Programme]) -> Iterator[list]:
    queryset = programmes.prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.select_related("ambition__strategy")),
        "platforms",
        "tags",
    )
    for p in queryset.iterator(chunk_size=1000):
        variance = p.cost_variance
        yield [
            str(p.public_id),
            p.title,
            p.organisation.name,
            p.organisation.short_name,
            p.organisation.sector,
            p.phase,
            p.confidence,
            p.confidence_reason,
            p.major,
            p.high_risk,
            p.wlc_baseline,
            p.wlc_forecast,
            round(variance * 100, 1) if variance is not None else None,
            p.start_baseline,
            p.start_forecast,
            p.end_baseline,
            p.end_forecast,
            p.schedule_slip_days,
            p.sro,
            "; ".join(f"{c.ambition.strategy.short_title} {c.reference}" for c in p.commitments.all()),
            "; ".join(pl.name for pl in p.platforms.all()),
            p.last_update,
            p.illustrative,
            p.source,
            p.external_ref,
            "; ".join(t.name for t in p.tags.all()),
            p.organisation.collection.name if p.organisation.collection_id else "",
        ]


def update_rows(updates: Iterable[ProgressUpdate], *, restricted: bool) -> tuple[list[str], list[list]]:
    """A programme's quarterly history. Narratives and risks only for those who may see them."""
    header = [
        "period",
        "delivery_confidence",
        "phase",
        "milestones_met",
        "milestones_missed",
        "wlc_forecast_gbp",
        "end_forecast",
    ]
    if restricted:
        header += ["narrative", "top_risks"]
    rows = []
    for u in updates:
        row = [
            u.period.label,
            u.confidence,
            u.phase,
            u.milestones_met,
            u.milestones_missed,
            u.wlc_forecast,
            u.end_forecast,
        ]
        if restricted:
            row += [u.narrative, u.top_risks]
        rows.append(row)
    return header, rows


def link_rows(links: Iterable[ProgrammeLink]) -> tuple[list[str], list[list]]:
    header = [
        "source",
        "source_body",
        "source_confidence",
        "interaction",
        "target",
        "target_body",
        "target_confidence",
        "note",
    ]
    return header, [
        [
            link.source.title,
            link.source.organisation.short_name,
            link.source.confidence,
            link.get_kind_display(),
            link.target.title,
            link.target.organisation.short_name,
            link.target.confidence,
            link.note,
        ]
        for link in links
    ]


def exposure_rows(exposed) -> tuple[list[str], list[list]]:
    header = ["programme", "body", "confidence", "relies_on_off_track"]
    return header, [
        [
            e.programme.title,
            e.programme.organisation.short_name,
            e.programme.confidence,
            "; ".join(f"{p.title} ({p.get_confidence_display()})" for p in e.because_of),
        ]
        for e in exposed
    ]
