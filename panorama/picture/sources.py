"""What the picture reads from the other domain apps, each behind one small function.

The picture composes what returns, finance, skills, lessons and collaboration collect. Each
function here answers None when its app has nothing to offer yet (not installed, no models, or
no data), so that every section of the dashboard says "no data yet" rather than breaking.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, Sum

from panorama.accounts.permissions import Person


def _model(app_label: str, name: str) -> Any | None:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def service_assessments(*, service, user: Person) -> list[dict] | None:
    """Service-standard assessments of the service's programme that this person may see, from the
    lessons app's assurance reviews: [{"date", "label", "result", "met", "total", "url"}]."""
    try:
        from panorama.lessons.models import AssuranceReview, CriterionResult
        from panorama.lessons.selectors import review_visible_q
    except ImportError:
        return None
    if service.programme_id is None:
        return []
    reviews = (
        AssuranceReview.objects.filter(review_visible_q(user), programme_id=service.programme_id)
        .filter(kind__startswith="ssa-")
        .annotate(
            met=Count("criteria", filter=Q(criteria__result=CriterionResult.MET)),
            total=Count("criteria"),
        )
        .order_by("-date")
    )
    return [
        {
            "date": r.date,
            "label": r.get_kind_display(),
            "result": r.get_confidence_display() if r.confidence else "",
            "met": r.met if r.total else None,
            "total": r.total,
            "url": url_of(r),
        }
        for r in reviews[:20]
    ]


# --- Returns: who was expected to report for a period, and who did. ------------------------------------


@dataclass
class Completeness:
    expected: set[int]  # organisation ids
    reported: set[int]  # bodies that sent every return expected of them (submitted or accepted)
    pairs_expected: int = 0  # expected returns: one per body and window
    pairs_received: int = 0  # of which submitted or accepted
    by_kind: list[tuple[str, int, int]] = field(default_factory=list)  # (label, expected, received)


def default_period() -> tuple[int, int | None] | None:
    """The period the picture opens on: the latest quarter for which a return has been accepted,
    else the quarter bodies are reporting on now."""
    submission = _model("returns", "Submission")
    if submission is not None:
        found = (
            submission.objects.filter(status="accepted", period__kind="quarter")
            .order_by("-period__end")
            .values_list("period__year", "period__quarter")
            .first()
        )
        if found:
            return tuple(found)
    return latest_reported_quarter()


def nearest_period_with_windows(scope) -> str:
    """The label of the period nearest to the scope that has return windows, or ""."""
    window = _model("returns", "ReturnWindow")
    if window is None:
        return ""
    kind = "quarter" if scope.quarter else "year"
    labels = list(
        window.objects.filter(period__kind=kind).values_list("period__label", "period__start").distinct()
    )
    if not labels:
        return ""
    return min(labels, key=lambda row: abs((row[1] - scope.start).days))[0]


def latest_reported_quarter() -> tuple[int, int] | None:
    """(financial year, quarter) of the latest quarter that has ended and for which a return window
    has been opened — the quarter bodies are reporting on now — or None if there is none."""
    window = _model("returns", "ReturnWindow")
    if window is None:
        return None
    period = (
        window.objects.filter(period__kind="quarter", period__end__lt=datetime.date.today())
        .order_by("-period__end")
        .values_list("period__year", "period__quarter")
        .first()
    )
    return tuple(period) if period else None


def returns_completeness(*, scope) -> Completeness | None:
    """Bodies expected to send a return for a period inside the scope (its quarter, or every period of
    its year) and those that have sent every one, from the totals of the returns app's completeness
    matrix (the one definition of who owes which return; the figures need its totals, not a cell per
    body and return). None until return windows name the bodies expected."""
    try:
        from panorama.returns.selectors import completeness_totals
    except ImportError:
        return None
    totals = completeness_totals(start=scope.start, end=scope.end)
    if not totals.bodies:
        return None
    return Completeness(
        expected=set(totals.bodies),
        reported={pk for pk, tally in totals.bodies.items() if tally.submitted == tally.expected},
        pairs_expected=totals.total.expected,
        pairs_received=totals.total.submitted,
        by_kind=[(k.label, k.expected, k.submitted) for k in totals.kinds if k.expected],
    )


def body_returns(*, organisation, scope) -> list[dict] | None:
    """This body's returns expected for periods inside the scope: [{"kind", "period", "status",
    "url"}]. Restricted: the caller checks the person may see the body."""
    window = _model("returns", "ReturnWindow")
    submission = _model("returns", "Submission")
    if window is None or submission is None:
        return None
    windows = window.objects.filter(
        expected=organisation, period__start__gte=scope.start, period__end__lte=scope.end
    ).select_related("period")
    sent = {
        (s.kind, s.period_id): s
        for s in submission.objects.filter(organisation=organisation, period__start__gte=scope.start)
    }
    labels = {}
    try:
        from panorama.returns.registry import kind_get

        def label(slug: str) -> str:
            if slug not in labels:
                try:
                    labels[slug] = kind_get(slug).label
                except Exception:  # noqa: BLE001 - a kind no longer configured keeps its slug
                    labels[slug] = slug
            return labels[slug]
    except ImportError:

        def label(slug: str) -> str:
            return slug

    rows = []
    for w in windows.order_by("period__start", "kind"):
        found = sent.get((w.kind, w.period_id))
        rows.append(
            {
                "kind": label(w.kind),
                "period": w.period.label,
                "status": found.get_status_display() if found else "Not started",
                "due": w.due_on,
                "url": _reverse("returns:submission", public_id=found.public_id) if found else "",
            }
        )
    return rows


# --- Finance: run and change, funding required and secured. --------------------------------------------


@dataclass
class Money:
    run: Decimal
    change: Decimal
    required: Decimal
    secured: Decimal
    basis: str  # actual, forecast or budget: the best the year has
    year: Any  # the Period of the financial year

    @property
    def total(self) -> Decimal:
        return self.run + self.change


def _finance():
    try:
        from panorama.finance import selectors
        from panorama.finance.models import FinanceTotal, LineType
    except ImportError:
        return None
    return selectors, FinanceTotal, LineType


def national_money(*, scope) -> Money | None:
    finance = _finance()
    year = scope.year_period()
    if finance is None or year is None:
        return None
    selectors, FinanceTotal, LineType = finance
    basis = selectors.finance_basis_for(period=year) or None
    # The national summary carries the national funding too (the same sums as funding_national).
    summary = selectors.finance_summary(period=year, basis=basis or LineType.ACTUAL)
    if basis is None and not summary.required:
        return None
    return Money(
        run=summary.run,
        change=summary.change,
        required=summary.required,
        secured=summary.available,
        basis=str(basis or ""),
        year=year,
    )


@dataclass
class MoneyRow:
    label: str
    run: Decimal = Decimal("0.00")
    change: Decimal = Decimal("0.00")
    required: Decimal = Decimal("0.00")
    secured: Decimal = Decimal("0.00")
    url: str = ""  # the page of the row's records: the sector's bodies, or the ambition's strategy

    @property
    def gap(self) -> Decimal:
        return self.required - self.secured


def money_by_sector(*, scope, money: Money | None = None) -> list[MoneyRow] | None:
    """Published: spend and funding per sector for the period's financial year (sums of the
    national figures, so the rows add up to them)."""
    money = money or national_money(scope=scope)
    if money is None:
        return None
    selectors, _, _ = _finance()
    rows: dict[str, MoneyRow] = {}
    if money.basis:
        for row in selectors.spend_by_sector(period=money.year, basis=money.basis):
            rows[row.key] = MoneyRow(label=row.label, run=row.run, change=row.change)
    for row in selectors.funding_by_sector(period=money.year):
        item = rows.setdefault(row.key, MoneyRow(label=row.label))
        item.required, item.secured = row.required, row.available
    bodies = _reverse("finance:bodies")
    for key, item in rows.items():
        query = {"sector": key, "year": money.year.label, "basis": money.basis or "actual"}
        item.url = f"{bodies}?{urlencode(query)}" if bodies else ""
    return sorted(rows.values(), key=lambda r: r.label)


def money_by_ambition(*, scope, money: Money | None = None) -> list[MoneyRow] | None:
    money = money or national_money(scope=scope)
    if money is None:
        return None
    selectors, _, _ = _finance()
    funding = _reverse("finance:funding")
    return [
        MoneyRow(
            label=row.label,
            required=row.required,
            secured=row.available,
            # The ambition's part of its strategy's page; funding linked to no ambition: the funding page.
            url=f"{url_of(row.key.strategy)}#part-{row.key.number}" if row.key is not None else funding,
        )
        for row in selectors.funding_by_ambition(period=money.year)
    ]


def url_of(obj) -> str:
    """An object's page, or "" while the app that draws it has not landed its pages yet."""
    from django.urls import NoReverseMatch

    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def body_workforce(*, organisation, limit: int = 5) -> list[dict] | None:
    """This body's largest workforce gaps in its latest workforce return: [{"role", "vacancies",
    "vacancy_rate"}]. Restricted: the caller checks the person may see the body."""
    try:
        from panorama.skills import selectors as skills
    except ImportError:
        return None
    period = skills.workforce_period_default()
    if period is None:
        return None
    rows = (
        skills.organisation_workforce(organisation=organisation, period=period)
        .values("role__name")
        .annotate(vacancies=Sum("vacancies"), established=Sum("established"))
        .order_by("-vacancies", "role__name")[:limit]
    )
    return [
        {
            "role": row["role__name"],
            "vacancies": Decimal(row["vacancies"] or 0).quantize(Decimal("0.1")),
            "vacancy_rate": (Decimal(row["vacancies"] or 0) / Decimal(row["established"])).quantize(
                Decimal("0.001")
            )
            if row["established"]
            else None,
        }
        for row in rows
        if row["vacancies"]
    ]


def body_lessons(*, organisation, user, limit: int = 10) -> dict | None:
    """Lessons this body contributed that the person may read, the newest `limit` of them listed
    (the library has no filter by body): {"count", "url", "latest": [{"title", "url"}]}."""
    try:
        from panorama.lessons.models import Lesson
        from panorama.lessons.selectors import lesson_visible_q
    except ImportError:
        return None
    lessons = Lesson.objects.filter(lesson_visible_q(user), organisation=organisation)
    latest = [
        {"title": lesson.title, "url": url_of(lesson)} for lesson in lessons.order_by("-date", "-pk")[:limit]
    ]
    return {"count": lessons.count(), "url": _reverse("lessons:list"), "latest": latest}


def body_forums(*, organisation) -> list[dict] | None:
    """Forums this body has a seat on: [{"name", "url"}]."""
    forum = _model("collaboration", "Forum")
    if forum is None:
        return None
    return [
        {"name": f.name, "url": url_of(f)}
        for f in forum.objects.filter(members__organisation=organisation).distinct().order_by("name")
    ]


def body_stances(*, organisation, user: Person) -> list[dict] | None:
    """Where this body stands on the radar's technologies, each linking to its stance on the
    technology's page; internal stances only for the body's own people and the central team (the
    radar's own rule): [{"technology", "url", "stance", "since", "internal", "illustrative"}]."""
    try:
        from panorama.radar.selectors import stances_of_body
    except ImportError:
        return None
    return [
        {
            "technology": s.technology.name,
            "url": s.get_absolute_url(),
            "stance": s.get_stance_display(),
            "since": s.since,
            "internal": s.internal,
            "illustrative": s.illustrative,
        }
        for s in stances_of_body(user=user, organisation=organisation)
    ]


def body_platforms(*, organisation) -> list[dict] | None:
    """The shared platforms this body has recorded adopting (public, as each platform's page lists
    its adopters): [{"name", "url", "status", "adopted_on"}]."""
    adoption = _model("collaboration", "PlatformAdoption")
    if adoption is None:
        return None
    return [
        {
            "name": a.platform.name,
            "url": _reverse("collaboration:platform-detail", slug=a.platform.slug),
            "status": a.get_status_display(),
            "adopted_on": a.adopted_on,
        }
        for a in adoption.objects.filter(organisation=organisation)
        .select_related("platform")
        .order_by("platform__name")
    ]


def forum_owned_commitment_ids():
    """A subquery of the commitments a forum has taken ownership of (None before collaboration)."""
    action = _model("collaboration", "Action")
    if action is None:
        return None
    return action.objects.filter(owns_commitment=True, commitment__isnull=False).values("commitment_id")


def skills_gaps(*, scope, user: Person, limit: int = 5, year: Any = ...) -> list[dict] | None:
    """The roles with the most vacant posts in the period's year (or the latest year with workforce
    returns), from the workforce returns in one grouped query: [{"label", "vacancies",
    "vacancy_rate", "url"}]. None without data, or for people the skills analysis is not shown to."""
    line = _model("skills", "WorkforceLine")
    if line is None:
        return None
    from panorama.accounts import permissions

    if not permissions.has(user, "skills.view_analysis"):
        return None
    # The same year the catalogue's skills figures read (passed in when already found).
    period = workforce_year(scope) if year is ... else year
    if period is None:
        return None
    # Summed per role id from the covering index alone (joining the role's name onto each of the
    # year's 15,000 lines to group by it costs three times as much), then named and ranked here.
    sums = (
        line.objects.filter(period=period)
        .values_list("role_id")
        .annotate(vacancies=Sum("vacancies"), established=Sum("established"))
        .values_list("role_id", "vacancies", "established")
        .order_by()
    )
    names = dict(_model("skills", "Role").objects.values_list("pk", "name"))
    rows = sorted(
        (
            {"role__name": names[role_id], "vacancies": vacancies, "established": established}
            for role_id, vacancies, established in sums
        ),
        key=lambda row: (-(row["vacancies"] or 0), row["role__name"]),
    )[:limit]
    url = _reverse("skills:shortages")
    gaps = [
        {
            "label": row["role__name"],
            "vacancies": Decimal(row["vacancies"] or 0).quantize(Decimal("0.1")),
            "vacancy_rate": (Decimal(row["vacancies"] or 0) / Decimal(row["established"])).quantize(
                Decimal("0.001")
            )
            if row["established"]
            else None,
            "period": period.label,
            "url": url,
        }
        for row in rows
    ]
    return gaps or None


def lessons_applied(*, scope) -> dict | None:
    """Published public lessons that readers have marked useful: {"count", "url"}."""
    try:
        from panorama.lessons.models import Lesson, Moderation, Visibility
    except ImportError:
        return None
    useful = lessons_useful().count()
    # No published lesson at all is "no data yet"; asked only when none is marked useful.
    if (
        not useful
        and not Lesson.objects.filter(status=Moderation.PUBLISHED, visibility=Visibility.PUBLIC).exists()
    ):
        return None
    return {"count": useful, "url": _reverse("lessons:list")}


def _reverse(name: str, **kwargs) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def finance_years() -> list:
    finance = _finance()
    if finance is None:
        return []
    return finance[0].finance_years()


# --- What the catalogue's money, skills, lessons and platform figures rest on. ----------------------------


def _finance_bodies(*, year, basis: str) -> set[int]:
    finance = _finance()
    if finance is None or year is None or not basis:
        return set()
    _, FinanceTotal, _ = finance
    return set(
        FinanceTotal.objects.filter(period=year, line_type=basis).values_list("organisation_id", flat=True)
    )


def money_coverage(*, scope, money: "Money | None") -> str:
    """How much of the picture a year's spend rests on: bodies with figures of its basis against the
    bodies expected to send a finance return for the year, and their share of the year before's
    known (actual) spend."""
    if money is None or not money.basis:
        return ""
    finance = _finance()
    _, FinanceTotal, LineType = finance
    bodies = _finance_bodies(year=money.year, basis=money.basis)
    window = _model("returns", "ReturnWindow")
    expected: set[int] = set()
    if window is not None:
        expected = set(
            window.expected.through.objects.filter(
                returnwindow__kind="finance", returnwindow__period=money.year
            ).values_list("organisation_id", flat=True)
        )
    whom = (
        f"from {len(bodies)} of {len(expected)} bodies' finance returns"
        if expected
        else (f"from {len(bodies)} bodies' finance returns")
    )
    # The year before's known spend, and the part of it these bodies account for, in one query.
    before = f"{money.year.year - 1}-{money.year.year % 100:02d}"
    known = FinanceTotal.objects.filter(period__label=before, line_type=LineType.ACTUAL).aggregate(
        whole=Sum("amount"), part=Sum("amount", filter=Q(organisation_id__in=bodies))
    )
    share = ""
    if known["whole"]:
        part = known["part"] or 0
        share = f"; {Decimal(part) * 100 / Decimal(known['whole']):.0f}% of {before}'s known spend"
    return f"{money.basis.capitalize()} figures {whom}{share}"


def funding_coverage(*, scope, year: Any = ...) -> str:
    """How many programmes, in how many bodies, the year's funding figures rest on (`year`: the
    scope's year Period, when the caller has found it already)."""
    year = scope.year_period() if year is ... else year
    funding = _model("finance", "ProgrammeFunding")
    if funding is None or year is None:
        return ""
    found = funding.objects.filter(period=year).aggregate(
        programmes=Count("programme_id", distinct=True),
        bodies=Count("programme__organisation_id", distinct=True),
    )
    return f"from the funding records of {found['programmes']} programmes in {found['bodies']} bodies"


def nearest_finance_year(scope) -> str:
    finance = _finance()
    if finance is None:
        return ""
    years = finance[0].finance_years()
    if not years:
        return ""
    return min(years, key=lambda p: (abs(p.year - scope.year), -p.year)).label


def legacy_exposure() -> tuple[Decimal | None, int]:
    """The yearly run cost of systems past or near the end of vendor support, and how many."""
    system = _model("finance", "LegacySystem")
    if system is None:
        return None, 0
    from panorama.finance.selectors import near_horizon

    found = system.objects.filter(end_of_support__lte=near_horizon(datetime.date.today())).aggregate(
        total=Sum("annual_run_cost"), n=Count("pk")
    )
    return (Decimal(found["total"] or 0).quantize(Decimal("0.01")), found["n"])


def workforce_year(scope):
    """The scope's financial year if it has workforce returns, else the latest year before it
    (within five) that has."""
    line = _model("skills", "WorkforceLine")
    if line is None:
        return None
    from panorama.core.models import Period

    labels = [f"{y}-{(y + 1) % 100:02d}" for y in (scope.year - back for back in range(6))]
    return (
        Period.objects.filter(label__in=labels, kind="year")
        .filter(Exists(line.objects.filter(period=OuterRef("pk"))))
        .order_by("-start")
        .first()
    )


def workforce_vacancies(*, scope, year=None) -> tuple[Decimal, str, int] | None:
    line = _model("skills", "WorkforceLine")
    year = year or workforce_year(scope)
    if year is None:
        return None
    found = line.objects.filter(period=year).aggregate(
        total=Sum("vacancies"), bodies=Count("organisation_id", distinct=True)
    )
    return Decimal(found["total"] or 0).quantize(Decimal("0.1")), year.label, found["bodies"]


def unstaffable(*, year, reader) -> tuple[int, int, str] | None:
    """Programmes (of the bodies the reader may see) the workforce cannot staff, those whose body
    sent no workforce return, and the year compared."""
    try:
        from panorama.accounts import permissions
        from panorama.skills import selectors as skills
    except ImportError:
        return None
    if year is None:
        return None
    problems, no_return = skills.unstaffable_programmes(
        period=year, organisation_ids=permissions.visible_organisation_ids(reader)
    )
    return len(problems), len(no_return), year.label


def _in_use() -> tuple[str, ...]:
    """Adoptions in use, as the platform pages count them (onboarding or live)."""
    from panorama.collaboration.selectors.platforms import IN_USE

    return tuple(IN_USE)


def platform_adoption(*, on_platforms: dict | None = None) -> dict | None:
    """Bodies using a shared platform, and the active programmes building on one and their bodies.
    `on_platforms` ({"programmes", "bodies"}): those programmes counted already, in the catalogue's
    one pass over the active programmes (`on_platforms_q`)."""
    adoption = _model("collaboration", "PlatformAdoption")
    platform = _model("programmes", "Platform")
    if adoption is None or platform is None:
        return None
    if on_platforms is None:
        on_platforms = programmes_on_platforms().aggregate(
            programmes=Count("pk"), bodies=Count("organisation_id", distinct=True)
        )
    bodies = adoption.objects.filter(status__in=_in_use()).values("organisation_id").distinct().count()
    # With no platform recorded there is nothing to count yet (asked only when both counts are 0).
    if not bodies and not on_platforms["programmes"] and not platform.objects.exists():
        return None
    return {
        "bodies": bodies,
        "programmes": on_platforms["programmes"],
        "programme_bodies": on_platforms["bodies"],
    }


def programmes_on_platforms():
    """Active programmes that name at least one shared platform they build on. Read from the
    programme-platform links (IN needs no DISTINCT; joining them and making the rows DISTINCT
    compared every column of 20,000 programmes)."""
    from panorama.programmes.models import Programme

    return Programme.objects.in_picture().filter(on_platforms_q())


def on_platforms_q() -> Q:
    """Of programmes, those naming a shared platform (the rule of `programmes_on_platforms`)."""
    from panorama.programmes.models import Programme

    return Q(pk__in=Programme.platforms.through.objects.values("programme_id"))


def services_reporting(*, scope) -> tuple[int, int]:
    from panorama.picture.models import Service, ServicePerformance

    published = Service.objects.filter(published=True)
    reporting = (
        ServicePerformance.objects.filter(
            service__in=published, period__start__gte=scope.start, period__end__lte=scope.end
        )
        .values("service_id")
        .distinct()
        .count()
    )
    return reporting, published.count()


def measures_coverage() -> str:
    from panorama.strategy.models import Commitment, OutcomeMeasure

    found = Commitment.objects.exclude(status__in=("complete", "dropped")).aggregate(
        open=Count("pk"),
        measured=Count("pk", filter=Q(Exists(OutcomeMeasure.objects.filter(commitment_id=OuterRef("pk"))))),
    )
    return f"{found['measured']} of {found['open']} open commitments have an outcome measure"


# --- The records behind those figures (the lists their links open). -------------------------------------


def legacy_exposed_systems():
    system = _model("finance", "LegacySystem")
    from panorama.finance.selectors import near_horizon

    return (
        system.objects.filter(end_of_support__lte=near_horizon(datetime.date.today()))
        .select_related("organisation")
        .order_by("end_of_support", "name", "pk")
    )


def vacancies_by_role(*, scope) -> list[dict]:
    """Vacant and established posts per role in the workforce year the skills figure reads."""
    year = workforce_year(scope)
    if year is None:
        return []
    line = _model("skills", "WorkforceLine")
    roles = _model("skills", "Role").objects.in_bulk()
    sums = (
        line.objects.filter(period=year)
        .values_list("role_id")
        .annotate(vacancies=Sum("vacancies"), established=Sum("established"))
        .values_list("role_id", "vacancies", "established")
        .order_by()
    )
    rows = [
        {
            "role": roles[role_id].name,
            "url": roles[role_id].get_absolute_url(),
            "vacancies": Decimal(v or 0).quantize(Decimal("0.1")),
            "established": Decimal(e or 0).quantize(Decimal("0.1")),
        }
        for role_id, v, e in sums
    ]
    return sorted(rows, key=lambda r: (-r["vacancies"], r["role"]))


def lessons_useful():
    from panorama.lessons.models import Lesson, Moderation, Visibility

    return (
        Lesson.objects.filter(status=Moderation.PUBLISHED, visibility=Visibility.PUBLIC, useful_count__gt=0)
        .select_related("organisation")
        .order_by("-useful_count", "title", "pk")
    )


def technologies_moved(*, scope) -> list:
    """Technologies on which a body's public stance changed in the period (the radar's history)."""
    from panorama.radar import selectors as radar

    return radar.technologies_moved(start=scope.start, end=scope.as_of)


def adopting_bodies():
    from panorama.organisations.models import Organisation

    return (
        Organisation.objects.annotate(
            platform_count=Count("platform_adoptions", filter=Q(platform_adoptions__status__in=_in_use()))
        )
        .filter(platform_count__gt=0)
        .order_by("name")
    )


# --- Body by body: the catalogue's figures broken down for body pages. -----------------------------------


def spend_by_body(*, year, basis: str, bodies: list[int]) -> dict:
    """Each body's run and change for the year on the basis (finance's RunChange rows)."""
    selectors, _, _ = _finance()
    return {
        row.key: row
        for row in selectors.spend_by_body(period=year, basis=basis, visible=set(bodies), with_bodies=False)
    }


def legacy_exposure_by_body(bodies: list[int]) -> dict[int, Decimal]:
    """Each body's yearly run cost in systems past or near the end of vendor support (the same rule
    as the national figure)."""
    system = _model("finance", "LegacySystem")
    if system is None:
        return {}
    from panorama.finance.selectors import near_horizon

    return {
        pk: Decimal(total).quantize(Decimal("0.01"))
        for pk, total in system.objects.filter(
            organisation_id__in=bodies, end_of_support__lte=near_horizon(datetime.date.today())
        )
        .values_list("organisation_id")
        .annotate(total=Sum("annual_run_cost"))
        .values_list("organisation_id", "total")
        .order_by()
    }


def published_services_by_body(bodies: list[int] | None) -> dict[int, int]:
    from panorama.picture.models import Service

    services = Service.objects.filter(published=True)
    if bodies is not None:
        services = services.filter(organisation_id__in=bodies)
    return dict(
        services.values_list("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
        .order_by()
    )


def snapshots_for(label: str) -> dict[str, tuple[Decimal | None, bool]]:
    """The figures kept when the quarter `label` closed: {key: (value, illustrative)}."""
    from panorama.picture.models import FigureSnapshot

    return {
        key: (value, illustrative)
        for key, value, illustrative in FigureSnapshot.objects.filter(period=label).values_list(
            "key", "value", "illustrative"
        )
    }
