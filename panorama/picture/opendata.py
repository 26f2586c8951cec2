"""The open data: the published part of the picture as CSV and JSON, described by a Frictionless
Data Package (datapackage.json) and a DCAT catalogue entry (catalog.jsonld), under the Open
Government Licence v3.0.

Only published data goes in: the reference list of bodies, the strategy's commitments, the
programme register, published services and their figures, national and sector totals of spend
and funding, lessons learned that are published and public, and the technology radar (technologies
and bodies' public stances). Never a body's own finance lines, returns, workforce figures,
unpublished services, internal technology stances, or lessons awaiting moderation, rejected, or
shared only with the public sector or the body.
"""

import datetime
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.utils import timezone

from panorama.core import catalogue as core_catalogue
from panorama.core import exports
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
from panorama.strategy.models import Commitment

from . import catalogue, figures, sources
from .models import Service, ServicePerformance

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
PACKAGE_NAME = "panorama-digital-government-picture"
TITLE = "The complete picture of digital government"


@dataclass
class Resource:
    name: str
    title: str
    description: str
    fields: list[tuple[str, str, str]]  # (name, Table Schema type, description)
    primary_key: list[str]
    rows: Iterable[list[Any]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 4.250000 → 4.25, 100.00 → 100
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _bodies() -> Resource:
    bodies = Organisation.objects.select_related("parent").order_by("slug")
    return Resource(
        "bodies",
        "Public bodies and partners",
        "The bodies in the picture, with their sector.",
        [
            ("slug", "string", "Identifier used in every other table."),
            ("name", "string", ""),
            ("short_name", "string", ""),
            ("sector", "string", ""),
            ("kind", "string", ""),
            ("parent", "string", "The slug of the body it is part of."),
            ("active", "boolean", ""),
            ("illustrative", "boolean", "Invented for the demonstration, not a real body."),
        ],
        ["slug"],
        (
            [
                b.slug,
                b.name,
                b.short_name,
                b.sector,
                b.kind,
                b.parent.slug if b.parent else None,
                b.active,
                b.illustrative,
            ]
            for b in bodies.iterator(chunk_size=2000)
        ),
    )


def _commitments() -> Resource:
    commitments = (
        Commitment.objects.select_related("ambition__strategy", "owner")
        .annotate(programme_count=Count("programmes"))
        .order_by("ambition__strategy__slug", "ambition__number", "reference", "pk")
    )
    return Resource(
        "commitments",
        "Strategy commitments",
        "Each 'we will' commitment of the digital strategies, its owner, status and last update.",
        [
            ("id", "string", "The commitment's identifier."),
            ("strategy", "string", ""),
            ("ambition", "string", ""),
            ("reference", "string", ""),
            ("text", "string", ""),
            ("kind", "string", "deliverable or ambition (a statement of ambition)."),
            ("owner", "string", "The owner body's slug; blank when nobody owns it."),
            ("accountable_person", "string", ""),
            ("status", "string", ""),
            ("target_date", "date", ""),
            ("last_updated", "date", "When progress was last reported."),
            ("programmes", "integer", "How many programmes in the register deliver it."),
            ("illustrative", "boolean", ""),
        ],
        ["id"],
        (
            [
                c.public_id,
                c.ambition.strategy.slug,
                c.ambition.title,
                c.reference,
                c.text,
                c.kind,
                c.owner.slug if c.owner else None,
                c.accountable_person,
                c.status,
                c.target_date,
                c.last_updated,
                c.programme_count,
                c.illustrative,
            ]
            for c in commitments
        ),
    )


def _programmes() -> Resource:
    programmes = Programme.objects.select_related("organisation").order_by("pk")
    return Resource(
        "programmes",
        "The programme register",
        "Significant digital programmes: owner, phase, delivery confidence, whole-life cost and dates "
        "against their original baseline.",
        [
            ("id", "string", ""),
            ("title", "string", ""),
            ("organisation", "string", "The owner body's slug."),
            ("phase", "string", ""),
            (
                "confidence",
                "string",
                "Delivery confidence: green, amber-green, amber, amber-red, red or not-rated.",
            ),
            ("major", "boolean", "Whole-life cost at or above the major threshold, or high risk."),
            ("wlc_baseline", "number", "Original whole-life cost baseline, pounds."),
            ("wlc_forecast", "number", "Current whole-life cost forecast, pounds."),
            ("start_baseline", "date", ""),
            ("end_baseline", "date", ""),
            ("end_forecast", "date", ""),
            ("last_update", "date", ""),
            ("illustrative", "boolean", ""),
        ],
        ["id"],
        (
            [
                p.public_id,
                p.title,
                p.organisation.slug,
                p.phase,
                p.confidence,
                p.major,
                p.wlc_baseline,
                p.wlc_forecast,
                p.start_baseline,
                p.end_baseline,
                p.end_forecast,
                p.last_update,
                p.illustrative,
            ]
            for p in programmes.iterator(chunk_size=2000)
        ),
    )


def _services() -> Resource:
    services = (
        Service.objects.filter(published=True).select_related("organisation", "programme").order_by("slug")
    )
    return Resource(
        "services",
        "Public services",
        "Published public services: owner body, delivering programme, phase and users.",
        [
            ("reference", "string", ""),
            ("name", "string", ""),
            ("organisation", "string", "The owner body's slug."),
            ("programme", "string", "The delivering programme's id in programmes."),
            ("phase", "string", ""),
            ("users", "string", ""),
            ("category", "string", ""),
            ("url", "string", ""),
            ("illustrative", "boolean", ""),
        ],
        ["reference"],
        (
            [
                s.slug,
                s.name,
                s.organisation.slug,
                s.programme.public_id if s.programme else None,
                s.phase,
                s.users,
                s.category,
                s.url,
                s.illustrative,
            ]
            for s in services
        ),
    )


def _performance() -> Resource:
    rows = (
        ServicePerformance.objects.filter(service__published=True)
        .select_related("service", "period")
        .order_by("service__slug", "period__start")
    )
    return Resource(
        "service-performance",
        "Service performance by quarter",
        "The four measures of the service standard for each published service and quarter, with volumes. "
        "Transactions count the latest 12 months reported that quarter.",
        [
            ("service", "string", "The service's reference in services."),
            ("quarter", "string", "Financial-year quarter, e.g. 2025-26 Q3."),
            ("transactions", "integer", ""),
            ("digital_transactions", "integer", ""),
            ("cost_per_transaction", "number", "Pounds."),
            ("digital_cost_per_transaction", "number", "Pounds."),
            ("user_satisfaction", "number", "Per cent."),
            ("completion_rate", "number", "Per cent."),
            ("digital_take_up", "number", "Per cent of transactions completed digitally."),
        ],
        ["service", "quarter"],
        (
            [
                r.service.slug,
                r.period.label,
                r.transactions,
                r.digital_transactions,
                r.cost_per_transaction,
                r.digital_cost_per_transaction,
                r.user_satisfaction,
                r.completion_rate,
                r.digital_take_up,
            ]
            for r in rows.iterator(chunk_size=2000)
        ),
    )


def _picture() -> Resource:
    today = datetime.date.today()
    scopes = [figures.scope_for(label) for label in _recent_quarters(today, 4)]
    rows = []
    public = AnonymousUser()
    for scope in scopes:
        values = catalogue.top_level(
            core_catalogue.read(catalogue.TOP_LEVEL.values(), scope=scope, reader=public)
        )
        rows.append([scope.label, *(values[name] for name in catalogue.TOP_LEVEL)])
    return Resource(
        "picture",
        "The national picture by period",
        "The headline figures of the national dashboard for recent quarters (as /api/v1/picture gives them).",
        [
            ("period", "string", ""),
            ("bodies_expected", "integer", ""),
            ("bodies_reported", "integer", ""),
            ("completeness", "number", "Bodies reported as a fraction of bodies expected."),
            ("commitments_total", "integer", ""),
            ("commitments_unowned", "integer", ""),
            ("commitments_without_programme", "integer", ""),
            ("commitments_stale", "integer", "No update for six months or more."),
            ("programmes_total", "integer", "Active programmes."),
            ("programmes_off_track", "integer", "Amber-red or red."),
            ("run_spend", "number", "Pounds, the period's financial year."),
            ("change_spend", "number", "Pounds, the period's financial year."),
            ("funding_gap", "number", "Pounds: funding required less secured."),
        ],
        ["period"],
        rows,
    )


def _figures() -> Resource:
    """Every published figure of the catalogue for recent quarters, with what it counts."""
    today = datetime.date.today()
    public = AnonymousUser()
    rows = []
    for label in _recent_quarters(today, 4):
        scope = figures.scope_for(label)
        for reading in core_catalogue.read(scope=scope, reader=public).values():
            value = reading.value
            if value is not None:
                value = core_catalogue.rounded(value, reading.figure.unit, reading.figure.decimals)
            rows.append(
                [
                    reading.key,
                    scope.label,
                    reading.figure.label,
                    value,
                    reading.figure.unit.name.lower(),
                    reading.period,
                    reading.basis,
                    reading.coverage,
                    reading.figure.definition,
                ]
            )
    return Resource(
        "figures",
        "Every figure of the picture by quarter",
        "Each published figure of the catalogue (/picture/figures/ defines them) for recent quarters, "
        "with the period it covers, its basis and how much of the picture it rests on.",
        [
            ("key", "string", "The figure's stable key."),
            ("period", "string", "The reporting period chosen."),
            ("label", "string", ""),
            ("value", "number", "Empty where there is no data."),
            ("unit", "string", "count, money (pounds), share (a fraction) or fte."),
            ("covers", "string", "The period the value covers (a year, or the register as at a date)."),
            ("basis", "string", "actual, forecast, budget, register or returns."),
            ("coverage", "string", "How much of the picture it rests on."),
            ("definition", "string", ""),
        ],
        ["key", "period"],
        rows,
    )


def _money() -> Resource:
    scope = figures.scope_for("")
    rows = []
    years = sources.finance_years()
    for year in years:
        for row in sources.money_by_sector(scope=figures.scope_for(year.label)) or []:
            rows.append([year.label, row.label, row.run, row.change, row.required, row.secured])
    del scope
    return Resource(
        "spend-by-sector",
        "Spend and funding by sector and year",
        "Run (keeping the lights on) and change spend, and funding required and secured, per sector and "
        "financial year. National totals only: one body's figures are not published here.",
        [
            ("year", "string", "Financial year, e.g. 2025-26."),
            ("sector", "string", ""),
            ("run", "number", "Pounds."),
            ("change", "number", "Pounds."),
            ("required", "number", "Funding required, pounds."),
            ("secured", "number", "Funding secured, pounds."),
        ],
        ["year", "sector"],
        rows,
    )


def _lessons() -> Resource | None:
    """Lessons learned that are published and public: never one awaiting moderation or rejected,
    nor one shared only with the public sector or kept to its body."""
    try:
        from panorama.lessons.models import Lesson, Moderation, Visibility
    except ImportError:
        return None
    published = Lesson.objects.filter(status=Moderation.PUBLISHED, visibility=Visibility.PUBLIC)
    columns = [
        "pk",
        "public_id",
        "title",
        "what_happened",
        "why",
        "recommendation",
        "source",
        "source_title",
        "source_url",
        "organisation__slug",
        "programme__public_id",
        "programme_name",
        "phase",
        "severity",
        "date",
        "illustrative",
    ]
    themes: dict[int, list[str]] = {}
    for lesson_id, slug in (
        Lesson.themes.through.objects.filter(
            lesson__status=Moderation.PUBLISHED, lesson__visibility=Visibility.PUBLIC
        )
        .order_by("lesson_id", "theme__position", "theme__slug")
        .values_list("lesson_id", "theme__slug")
        .iterator(chunk_size=5000)
    ):
        themes.setdefault(lesson_id, []).append(slug)
    return Resource(
        "lessons",
        "Lessons learned",
        "Published lessons from programmes, assurance reviews and audits that their bodies have made "
        "public: what happened, why, and what to do differently.",
        [
            ("id", "string", "The lesson's identifier."),
            ("title", "string", ""),
            ("what_happened", "string", "Markdown."),
            ("why", "string", "Why it happened. Markdown."),
            ("recommendation", "string", "What to do differently. Markdown."),
            ("source", "string", "assurance-review, audit-report, post-implementation-review or case-study."),
            ("source_title", "string", ""),
            ("source_url", "string", ""),
            ("organisation", "string", "The body's slug in bodies; blank if none."),
            ("programme", "string", "The programme's id in programmes; blank if none."),
            ("programme_name", "string", "The programme, when it is not in the register."),
            ("phase", "string", "Lifecycle phase the lesson comes from."),
            ("themes", "string", "Theme slugs, separated by semicolons."),
            ("severity", "string", ""),
            ("date", "date", ""),
            ("illustrative", "boolean", ""),
        ],
        ["id"],
        # Plain rows, not model instances: the national picture publishes some 50,000 lessons.
        (
            [*row[1:13], ";".join(themes.get(row[0], [])), *row[13:]]
            for row in published.order_by("pk").values_list(*columns).iterator(chunk_size=2000)
        ),
    )


def _technologies() -> Resource:
    from panorama.radar.models import Technology

    return Resource(
        "technologies",
        "Technologies on the radar",
        "The emerging technologies public bodies meet, each with its quadrant and the risks to weigh.",
        [
            ("slug", "string", "Identifier used in technology_stances."),
            ("name", "string", ""),
            ("category", "string", "The radar's quadrant."),
            ("description", "string", ""),
            ("risk_data_protection", "string", ""),
            ("risk_bias", "string", ""),
            ("risk_lock_in", "string", ""),
            ("risk_security", "string", ""),
            ("illustrative", "boolean", ""),
        ],
        ["slug"],
        (
            [
                t.slug,
                t.name,
                t.category,
                t.description,
                t.risk_data_protection,
                t.risk_bias,
                t.risk_lock_in,
                t.risk_security,
                t.illustrative,
            ]
            for t in Technology.objects.order_by("slug")
        ),
    )


def _technology_stances() -> Resource:
    """Public stances only: a body may keep its stance on a technology internal."""
    from panorama.radar.models import StanceChange

    changes = (
        StanceChange.objects.filter(internal=False)
        .order_by("technology__slug", "organisation__slug", "effective", "pk")
        .values_list(
            "technology__slug", "organisation__slug", "effective", "previous", "stance", "illustrative"
        )
    )
    return Resource(
        "technology_stances",
        "Where bodies stand on each technology, and when that changed",
        "Every public change of a body's stance on a technology (adopted, trialling, assessing, on hold, decided "
        "against), with the day it took effect: the latest row per body and technology is where it stands now.",
        [
            ("technology", "string", "The technology's slug in technologies."),
            ("organisation", "string", "The body's slug in bodies."),
            ("effective", "date", "The day the stance took effect."),
            ("previous", "string", "The stance before; blank for the body's first."),
            ("stance", "string", ""),
            ("illustrative", "boolean", ""),
        ],
        ["technology", "organisation", "effective", "stance"],
        (list(row) for row in changes),
    )


def _recent_quarters(today: datetime.date, count: int) -> list[str]:
    from panorama.core.periods import label_for, quarter_spans_back

    return [label_for(year, quarter) for year, quarter in quarter_spans_back(today, count)]


RESOURCES = [
    _bodies,
    _commitments,
    _programmes,
    _services,
    _performance,
    _picture,
    _figures,
    _money,
    _lessons,
    _technologies,
    _technology_stances,
]


def _csv(resource: Resource) -> tuple[bytes, list[dict], int]:
    buffer = io.StringIO()
    writer = exports.SafeCsvWriter(buffer, render=_text, lineterminator="\n")
    names = [f[0] for f in resource.fields]
    writer.writerow(names)
    records = []
    count = 0
    for row in resource.rows:
        writer.writerow(row)
        records.append(dict(zip(names, row, strict=True)))
        count += 1
    return buffer.getvalue().encode("utf-8"), records, count


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


def build(*, base_url: str = "") -> dict[str, tuple[str, bytes, int | None]]:
    """Every file of the open data: {name: (media type, content, rows)}."""
    base_url = (base_url or settings.PANORAMA_BASE_URL).rstrip("/")
    generated = timezone.now()
    files: dict[str, tuple[str, bytes, int | None]] = {}
    descriptors = []
    for make in RESOURCES:
        resource = make()
        if resource is None:  # an app that supplies it is not installed
            continue
        content, records, count = _csv(resource)
        files[f"{resource.name}.csv"] = ("text/csv; charset=utf-8", content, count)
        files[f"{resource.name}.json"] = (
            "application/json",
            json.dumps(
                [{k: _json_value(v) for k, v in r.items()} for r in records], ensure_ascii=False
            ).encode("utf-8"),
            count,
        )
        descriptors.append(
            {
                "profile": "tabular-data-resource",
                "name": resource.name,
                "title": resource.title,
                "description": resource.description,
                "path": f"{resource.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
                "licenses": [LICENCE],
                "schema": {
                    "fields": [
                        {"name": n, "type": t, **({"description": d} if d else {})}
                        for n, t, d in resource.fields
                    ],
                    "primaryKey": resource.primary_key,
                    "missingValues": [""],
                },
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": "The published part of Panorama's picture of digital government: public bodies, the "
        "strategy's commitments, the programme register, public services and their performance, "
        "national totals of spend and funding, and published public lessons learned. Figures marked illustrative are invented for the demonstration.",
        "homepage": f"{base_url}/open-data/",
        "version": generated.strftime("%Y.%m.%d.%H%M%S"),
        "created": generated.isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "contributors": [{"title": "Panorama", "role": "publisher"}],
        "keywords": ["digital government", "public sector", "programmes", "services", "open data"],
        "resources": descriptors,
    }
    files["datapackage.json"] = ("application/json", json.dumps(package, indent=2).encode("utf-8"), None)
    files["catalog.jsonld"] = (
        "application/ld+json",
        json.dumps(_dcat(package, base_url), indent=2).encode("utf-8"),
        None,
    )
    return files


def _dcat(package: dict, base_url: str) -> dict:
    """A DCAT-AP style catalogue entry for the package: one dataset, a distribution per file."""
    distributions = []
    for resource in package["resources"]:
        for extension, media in (("csv", "text/csv"), ("json", "application/json")):
            distributions.append(
                {
                    "@type": "dcat:Distribution",
                    "dct:title": f"{resource['title']} ({extension.upper()})",
                    "dcat:downloadURL": {"@id": f"{base_url}/open-data/{resource['name']}.{extension}"},
                    "dcat:mediaType": media,
                    "dct:license": {"@id": LICENCE["path"]},
                }
            )
    distributions.append(
        {
            "@type": "dcat:Distribution",
            "dct:title": "Frictionless Data Package descriptor",
            "dcat:downloadURL": {"@id": f"{base_url}/open-data/datapackage.json"},
            "dcat:mediaType": "application/json",
            "dct:conformsTo": {"@id": "https://specs.frictionlessdata.io/data-package/"},
            "dct:license": {"@id": LICENCE["path"]},
        }
    )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": "Panorama open data",
        "dct:license": {"@id": LICENCE["path"]},
        "dcat:dataset": [
            {
                "@id": f"{base_url}/open-data/#{package['name']}",
                "@type": "dcat:Dataset",
                "dct:identifier": package["name"],
                "dct:title": package["title"],
                "dct:description": package["description"],
                "dct:issued": package["created"],
                "dct:modified": package["created"],
                "dct:license": {"@id": LICENCE["path"]},
                "dct:rights": LICENCE["title"],
                "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Panorama"},
                "dcat:keyword": package["keywords"],
                "dcat:landingPage": {"@id": f"{base_url}/open-data/"},
                "dcat:distribution": distributions,
            }
        ],
    }
