"""Every headline figure of the picture, defined once (see `panorama.core.catalogue`).

Each definition names the list of records behind it (`lists.py`), so the figure on a page, the
list its link opens, the CSV of that list and `/api/v1/picture` can never disagree: the value is the
count or the total of that list, computed from the same queryset. Pages of every app read these by
key through `core.catalogue.read`; none counts its own version.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q

from panorama.accounts import permissions
from panorama.core import catalogue
from panorama.core.catalogue import Basis, Context, Covers, Figure, Result, Unit

from . import figures, sources

RETURNS = "returns"
Q_PROGRESS = ("programme progress returns",)


def _completeness(ctx: Context):
    return ctx.once("completeness", lambda: sources.returns_completeness(scope=ctx.scope))


def _nearest_windows(ctx: Context) -> str:
    return ctx.once("nearest-windows", lambda: sources.nearest_period_with_windows(ctx.scope))


def _completeness_note(ctx: Context) -> str:
    return f"No return windows name the bodies expected to report for {ctx.scope.label} yet."


def _bodies_expected(ctx: Context) -> Result:
    c = _completeness(ctx)
    if c is None:
        return Result(note=_completeness_note(ctx), nearest=_nearest_windows(ctx))
    return Result(value=len(c.expected), basis=Basis.RETURNS)


def _bodies_complete(ctx: Context) -> Result:
    c = _completeness(ctx)
    if c is None:
        return Result(note=_completeness_note(ctx), nearest=_nearest_windows(ctx))
    return Result(
        value=len(c.reported),
        basis=Basis.RETURNS,
        coverage=f"{len(c.reported)} of {len(c.expected)} bodies have sent every return expected of them",
    )


def _completeness_share(ctx: Context) -> Result:
    c = _completeness(ctx)
    if c is None:
        return Result(note=_completeness_note(ctx), nearest=_nearest_windows(ctx))
    return Result(
        value=Decimal(len(c.reported)) / Decimal(len(c.expected)),
        basis=Basis.RETURNS,
        coverage=f"{len(c.reported)} of {len(c.expected)} bodies have sent every return expected of them",
    )


def _returns_received(ctx: Context) -> Result:
    c = _completeness(ctx)
    if c is None or not c.pairs_expected:
        return Result(note=_completeness_note(ctx), nearest=_nearest_windows(ctx))
    by_kind = "; ".join(f"{label}: {received} of {expected}" for label, expected, received in c.by_kind)
    return Result(
        value=Decimal(c.pairs_received) / Decimal(c.pairs_expected),
        basis=Basis.RETURNS,
        coverage=f"{c.pairs_received} of {c.pairs_expected} expected returns received ({by_kind})",
    )


# --- Commitments and programmes: the register as it stands. ---------------------------------------------


def _count(queryset_of) -> "callable":
    def compute(ctx: Context) -> Result:
        return Result(value=queryset_of(ctx).count(), basis=Basis.REGISTER, period=_today())

    return compute


def _commitment_counts(ctx: Context) -> dict:
    def compute() -> dict:
        scope = ctx.scope
        return figures.Commitment.objects.aggregate(
            total=Count("pk"),
            unowned=Count("pk", filter=Q(pk__in=figures.commitments_unowned().values("pk"))),
            without=Count("pk", filter=Q(pk__in=figures.commitments_without_programme().values("pk"))),
            stale=Count("pk", filter=Q(pk__in=figures.commitments_stale(scope).values("pk"))),
            off=Count("pk", filter=Q(pk__in=figures.commitments_off_track().values("pk"))),
        )

    return ctx.once("commitments", compute)


def _commitments(name: str, *, as_of: bool = False):
    def compute(ctx: Context) -> Result:
        value = _commitment_counts(ctx)[name]
        return Result(value=value, basis=Basis.REGISTER, period=_as_of(ctx) if as_of else _today())

    return compute


def _today() -> str:
    return f"as at {datetime.date.today():%-d %B %Y}"


def _as_of(ctx: Context) -> str:
    return f"as at {ctx.scope.as_of:%-d %B %Y}"


def _programme_counts(ctx: Context) -> dict:
    from panorama.programmes.models import OFF_TRACK, Programme

    # One pass over the active programmes for their figures and the platform figures' programmes.
    on_platforms = sources.on_platforms_q()
    return ctx.once(
        "programmes",
        lambda: Programme.objects.active().aggregate(
            total=Count("pk"),
            off=Count("pk", filter=Q(confidence__in=OFF_TRACK)),
            on_platforms=Count("pk", filter=on_platforms),
            on_platforms_bodies=Count("organisation_id", distinct=True, filter=on_platforms),
        ),
    )


def _programmes(name: str):
    def compute(ctx: Context) -> Result:
        return Result(value=_programme_counts(ctx)[name], basis=Basis.REGISTER, period=_today())

    return compute


# --- Money: the financial year of the chosen period, from the finance returns. --------------------------


def _money(ctx: Context):
    return ctx.once("money", lambda: sources.national_money(scope=ctx.scope))


def _money_coverage(ctx: Context) -> str:
    return ctx.once("money-coverage", lambda: sources.money_coverage(scope=ctx.scope, money=_money(ctx)))


def _funding_coverage(ctx: Context) -> str:
    # The year's Period, as the money found it (one lookup per page).
    money = _money(ctx)
    year = money.year if money is not None else ...
    return ctx.once("funding-coverage", lambda: sources.funding_coverage(scope=ctx.scope, year=year))


def _no_money(ctx: Context) -> Result:
    nearest = sources.nearest_finance_year(ctx.scope)
    note = f"No finance figures for {ctx.scope.year_label} yet."
    if nearest:
        note += f" The nearest year with figures is {nearest}."
    return Result(note=note, nearest=nearest, period=ctx.scope.year_label)


def _money_figure(attribute: str, *, spend: bool):
    def compute(ctx: Context) -> Result:
        money = _money(ctx)
        if money is None or (spend and not money.basis):
            return _no_money(ctx)
        value = getattr(money, attribute)
        return Result(
            value=value,
            basis=money.basis if spend else "recorded funding",
            period=ctx.scope.year_label,
            coverage=_money_coverage(ctx) if spend else _funding_coverage(ctx),
        )

    return compute


def _run_share(ctx: Context) -> Result:
    money = _money(ctx)
    if money is None or not money.basis or not (money.run + money.change):
        return _no_money(ctx)
    return Result(
        value=money.run / (money.run + money.change),
        basis=money.basis,
        period=ctx.scope.year_label,
        coverage=_money_coverage(ctx),
    )


def _funding_gap(ctx: Context) -> Result:
    money = _money(ctx)
    if money is None:
        return _no_money(ctx)
    return Result(
        value=money.required - money.secured,
        basis="recorded funding",
        period=ctx.scope.year_label,
        coverage=_funding_coverage(ctx),
    )


def _legacy(ctx: Context) -> Result:
    total, count = sources.legacy_exposure()
    return Result(
        value=total,
        basis=Basis.REGISTER,
        period=_today(),
        count=count,
        coverage=f"{count} systems in the legacy register past or near the end of vendor support",
    )


# --- The technology radar. ---------------------------------------------------------------------------------


def _radar_moved(ctx: Context) -> Result:
    found = ctx.once("radar-moved", lambda: sources.technologies_moved(scope=ctx.scope))
    changes = sum(m.count for m in found)
    return Result(
        value=len(found),
        basis=Basis.REGISTER,
        coverage=f"{changes} public change{'s' if changes != 1 else ''} of stance by bodies",
        count=changes,
    )


# --- Skills, lessons, platforms, services. ---------------------------------------------------------------


def _workforce_year(ctx: Context):
    return ctx.once("workforce-year", lambda: sources.workforce_year(ctx.scope))


def _vacancies(ctx: Context) -> Result:
    found = sources.workforce_vacancies(scope=ctx.scope, year=_workforce_year(ctx))
    if found is None:
        return Result(note="No workforce returns yet.")
    total, period, bodies = found
    return Result(
        value=total,
        basis=Basis.ACTUAL,
        period=period,
        coverage=f"from {bodies} bodies' workforce returns for {period}",
        note="" if period == ctx.scope.year_label else f"The latest workforce returns are for {period}.",
    )


def _unstaffable(ctx: Context) -> Result:
    found = sources.unstaffable(year=_workforce_year(ctx), reader=ctx.reader)
    if found is None:
        return Result(note="No workforce returns yet.")
    count, no_return, period = found
    return Result(
        value=count,
        basis=Basis.ACTUAL,
        period=period,
        coverage=f"{no_return} programmes' bodies sent no workforce return for {period} and are not counted",
    )


def _lessons_applied(ctx: Context) -> Result:
    found = sources.lessons_applied(scope=ctx.scope)
    if found is None:
        return Result(note="No published lessons yet.")
    return Result(value=found["count"], basis=Basis.REGISTER, period=_today())


def _platforms(ctx: Context) -> dict | None:
    def compute() -> dict | None:
        counts = _programme_counts(ctx)
        on_platforms = {"programmes": counts["on_platforms"], "bodies": counts["on_platforms_bodies"]}
        return sources.platform_adoption(on_platforms=on_platforms)

    return ctx.once("platforms", compute)


def _platform_adopters(ctx: Context) -> Result:
    found = _platforms(ctx)
    if found is None:
        return Result(note="No shared platforms recorded yet.")
    return Result(value=found["bodies"], basis=Basis.REGISTER, period=_today())


def _platform_programmes(ctx: Context) -> Result:
    found = _platforms(ctx)
    if found is None:
        return Result(note="No shared platforms recorded yet.")
    return Result(
        value=found["programmes"],
        basis=Basis.REGISTER,
        period=_today(),
        coverage=f"in {found['programme_bodies']} bodies",
    )


def _services_counts(ctx: Context) -> tuple[int, int]:
    return ctx.once("services", lambda: sources.services_reporting(scope=ctx.scope))


def _services_reporting(ctx: Context) -> Result:
    reporting, total = _services_counts(ctx)
    return Result(
        value=reporting,
        basis=Basis.RETURNS,
        coverage=f"{reporting} of {total} published services sent figures for {ctx.scope.label}",
    )


def _programmes_improving(ctx: Context) -> Result:
    return Result(value=figures.programmes_improving(ctx.scope).count(), basis=Basis.RETURNS)


def _commitments_not_moving(ctx: Context) -> Result:
    return Result(
        value=figures.commitments_not_moving(ctx.scope).count(),
        basis="outcome measures' actuals",
        period=_as_of(ctx),
        coverage=sources.measures_coverage(),
    )


# --- The same figures body by body (body pages, beside their sector's median). --------------------------


def _programmes_by_body(ctx: Context, bodies: list[int]) -> dict[int, dict]:
    from panorama.programmes.models import OFF_TRACK, Programme

    def compute() -> dict[int, dict]:
        rows = (
            Programme.objects.active()
            .filter(organisation_id__in=bodies)
            .values("organisation_id")
            .annotate(total=Count("pk"), off=Count("pk", filter=Q(confidence__in=OFF_TRACK)))
            .order_by()
        )
        found = {pk: {"total": 0, "off": 0} for pk in bodies}
        found.update({r["organisation_id"]: r for r in rows})
        return found

    return ctx.once(f"programmes-by-body-{hash(tuple(bodies))}", compute)


def _active_by_body(ctx: Context, bodies: list[int]) -> dict[int, int]:
    return {pk: row["total"] for pk, row in _programmes_by_body(ctx, bodies).items()}


def _off_share_by_body(ctx: Context, bodies: list[int]) -> dict[int, Decimal | None]:
    return {
        pk: Decimal(row["off"]) / Decimal(row["total"]) if row["total"] else None
        for pk, row in _programmes_by_body(ctx, bodies).items()
    }


def _off_share(ctx: Context) -> Result:
    counts = _programme_counts(ctx)
    value = Decimal(counts["off"]) / Decimal(counts["total"]) if counts["total"] else None
    return Result(value=value, basis=Basis.REGISTER, period=_today())


def _spend_by_body(ctx: Context, bodies: list[int]) -> dict[int, object]:
    money = _money(ctx)
    if money is None or not money.basis:
        return {}
    return ctx.once(
        f"spend-by-body-{hash(tuple(bodies))}",
        lambda: sources.spend_by_body(year=money.year, basis=money.basis, bodies=bodies),
    )


def _total_by_body(ctx: Context, bodies: list[int]) -> dict[int, Decimal | None]:
    return {pk: row.total for pk, row in _spend_by_body(ctx, bodies).items()}


def _run_share_by_body(ctx: Context, bodies: list[int]) -> dict[int, Decimal | None]:
    return {pk: row.run_share for pk, row in _spend_by_body(ctx, bodies).items()}


def _legacy_by_body(ctx: Context, bodies: list[int]) -> dict[int, Decimal]:
    found = sources.legacy_exposure_by_body(bodies)
    return {pk: found.get(pk, Decimal("0.00")) for pk in bodies}


def _services(ctx: Context) -> Result:
    _, total = _services_counts(ctx)  # every published service: the count services reporting is out of
    return Result(value=total, basis=Basis.REGISTER, period=_today())


def _services_by_body(ctx: Context, bodies: list[int]) -> dict[int, int]:
    found = sources.published_services_by_body(bodies)
    return {pk: found.get(pk, 0) for pk in bodies}


FIGURES = [
    # Completeness
    Figure(
        key="returns.bodies_expected",
        label="Bodies expected to report",
        definition="Public bodies named in at least one return window for a period inside the chosen one.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("return windows",),
        compute=_bodies_expected,
        records="bodies-expected",
        area="completeness",
    ),
    Figure(
        key="returns.bodies_complete",
        label="Bodies that sent every return",
        definition="Bodies expected to report that have submitted (or had accepted) every return expected "
        "of them for the period. A body missing one kind of return is not counted.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("every return kind",),
        compute=_bodies_complete,
        records="bodies-reported",
        area="completeness",
    ),
    Figure(
        key="returns.completeness",
        label="Bodies complete",
        definition="Bodies that sent every return expected of them for the period, as a share of the "
        "bodies expected to report.",
        unit=Unit.SHARE,
        covers=Covers.QUARTER,
        sources=("every return kind",),
        compute=_completeness_share,
        records="bodies-missing",
        area="completeness",
    ),
    Figure(
        key="returns.received",
        label="Returns received",
        definition="Of the returns expected for the period (one per body and return kind named in a return "
        "window), the share submitted or accepted.",
        unit=Unit.SHARE,
        covers=Covers.QUARTER,
        sources=("every return kind",),
        compute=_returns_received,
        records="bodies-missing",
        area="completeness",
    ),
    # Commitments
    Figure(
        key="commitments.total",
        label="Commitments",
        definition="Every commitment of every strategy in the picture, whatever its status.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("strategy",),
        compute=_commitments("total"),
        records="commitments",
        area="commitments",
    ),
    Figure(
        key="commitments.unowned",
        label="Commitments with no owner",
        definition="Open commitments (not complete or dropped) with no owning body or no accountable "
        "person, unless a forum has taken ownership of them by an action.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("strategy", "forum actions"),
        compute=_commitments("unowned"),
        records="commitments-unowned",
        area="commitments",
    ),
    Figure(
        key="commitments.without_programme",
        label="Commitments no programme is delivering",
        definition="Open commitments that no programme in the register names as one it delivers.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("strategy", "programme register"),
        compute=_commitments("without"),
        records="commitments-without-programme",
        area="commitments",
    ),
    Figure(
        key="commitments.stale",
        label="Commitments with no update for six months or more",
        definition=f"Open commitments whose progress was last updated {figures.STALE_DAYS} days or more "
        "before the end of the chosen period (or today, while it runs), or never.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("strategy",),
        compute=_commitments("stale", as_of=True),
        records="commitments-stale",
        area="commitments",
    ),
    Figure(
        key="commitments.off_track",
        label="Commitments whose programmes are off track",
        definition="Open commitments served by at least one active programme rated amber-red or red.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("programme register",),
        compute=_commitments("off"),
        records="commitments-off-track",
        area="commitments",
    ),
    Figure(
        key="commitments.not_moving",
        label="Commitments not moving toward target",
        definition="Open commitments with an outcome measure whose latest actual (up to the end of the "
        "chosen period) is no nearer its target than the value before it (the previous actual, or the "
        "baseline).",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("outcome measures",),
        compute=_commitments_not_moving,
        records="commitments-not-moving",
        area="commitments",
    ),
    # Programmes
    Figure(
        key="programmes.active",
        label="Active programmes",
        definition="Programmes in the register that have not closed, been stopped or been merged.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("programme register",),
        compute=_programmes("total"),
        records="programmes",
        by_body=_active_by_body,
        area="programmes",
    ),
    Figure(
        key="programmes.off_track",
        label="Programmes off track",
        definition="Active programmes whose current delivery confidence is amber-red or red.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("programme register", "programme progress returns"),
        compute=_programmes("off"),
        records="programmes-off-track",
        area="programmes",
    ),
    Figure(
        key="programmes.off_track_share",
        label="Share of programmes off track",
        definition="Programmes off track as a share of active programmes.",
        unit=Unit.SHARE,
        decimals=1,
        covers=Covers.NOW,
        sources=("programme register", "programme progress returns"),
        compute=_off_share,
        records="programmes-off-track",
        by_body=_off_share_by_body,
        area="programmes",
    ),
    Figure(
        key="programmes.improving",
        label="Programmes whose delivery confidence improved",
        definition="Active programmes rated better in the latest quarter of the period (to today) than in "
        "the quarter before, both quarters rated.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=Q_PROGRESS,
        compute=_programmes_improving,
        records="programmes-improving",
        area="programmes",
    ),
    # Investment
    Figure(
        key="investment.total_spend",
        label="Digital spend",
        definition="Run and change spend together, in the financial year: actuals once the year's finance "
        "returns are in, else forecasts, else budgets.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("finance returns",),
        compute=_money_figure("total", spend=True),
        records="money-by-sector",
        by_body=_total_by_body,
        body_permission="organisations.view",
        area="investment",
    ),
    Figure(
        key="investment.run_spend",
        label="Run: keeping the lights on",
        definition="Digital spend on running and maintaining existing services and technology in the "
        "financial year: actuals once the year's finance returns are in, else forecasts, else budgets.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("finance returns",),
        compute=_money_figure("run", spend=True),
        records="money-by-sector",
        area="investment",
    ),
    Figure(
        key="investment.change_spend",
        label="Change: building and improving",
        definition="Digital spend on new and changed services and technology in the financial year, on "
        "the same basis as run spend.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("finance returns",),
        compute=_money_figure("change", spend=True),
        records="money-by-sector",
        area="investment",
    ),
    Figure(
        key="investment.run_share",
        label="Share of spend on run",
        definition="Run spend as a share of run and change spend together, for the financial year.",
        unit=Unit.SHARE,
        decimals=1,
        covers=Covers.YEAR,
        sources=("finance returns",),
        compute=_run_share,
        records="money-by-sector",
        by_body=_run_share_by_body,
        body_permission="organisations.view",
        area="investment",
    ),
    Figure(
        key="investment.funding_required",
        label="Funding required",
        definition="What programmes say they need in the financial year, summed over every programme's "
        "funding record.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("programme funding",),
        compute=_money_figure("required", spend=False),
        records="money-by-ambition",
        area="investment",
    ),
    Figure(
        key="investment.funding_secured",
        label="Funding secured",
        definition="Of the funding required in the financial year, what programmes have secured.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("programme funding",),
        compute=_money_figure("secured", spend=False),
        records="money-by-ambition",
        area="investment",
    ),
    Figure(
        key="investment.funding_gap",
        label="Funding gap",
        definition="Funding required less funding secured, in the financial year.",
        unit=Unit.MONEY,
        covers=Covers.YEAR,
        sources=("programme funding",),
        compute=_funding_gap,
        records="money-by-ambition",
        area="investment",
    ),
    Figure(
        key="investment.legacy_exposure",
        label="Legacy run cost past or near end of support",
        definition="The yearly run cost of systems in the legacy register whose vendor support has ended or "
        "ends within the legacy horizon.",
        unit=Unit.MONEY,
        covers=Covers.NOW,
        sources=("legacy systems register",),
        compute=_legacy,
        records="legacy-exposed",
        by_body=_legacy_by_body,
        body_permission="organisations.view",
        area="investment",
    ),
    # Skills
    Figure(
        key="skills.vacancies",
        label="Vacant digital posts",
        definition="Vacant posts (full-time equivalents) in every role, summed over the financial year's "
        "workforce returns (the latest year with returns, if the chosen one has none).",
        unit=Unit.FTE,
        covers=Covers.YEAR,
        sources=("workforce returns",),
        compute=_vacancies,
        records="skills-by-role",
        permission="skills.view_analysis",
        area="skills",
    ),
    Figure(
        key="skills.unstaffable",
        label="Programmes the current workforce cannot staff",
        definition="Programmes whose planned needs in the next eight quarters exceed their body's reported "
        "workforce in at least one role family.",
        unit=Unit.COUNT,
        covers=Covers.YEAR,
        sources=("workforce returns", "programme skills needs"),
        compute=_unstaffable,
        records="",
        per_reader=True,
        permission="skills.view_analysis",
        area="skills",
    ),
    # Lessons, platforms, services
    Figure(
        key="lessons.applied",
        label="Lessons readers marked useful",
        definition="Published public lessons that at least one reader has marked useful.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("lessons library",),
        compute=_lessons_applied,
        records="lessons-useful",
        area="lessons",
    ),
    Figure(
        key="platforms.adopting_bodies",
        label="Bodies that have adopted a shared platform",
        definition="Bodies that have recorded adopting at least one shared platform and are onboarding or "
        "live on it (planned and retired adoptions are not in use), as each platform's page counts them.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("platform adoptions",),
        compute=_platform_adopters,
        records="platform-adoptions",
        area="collaboration",
    ),
    Figure(
        key="platforms.programmes",
        label="Programmes building on a shared platform",
        definition="Active programmes in the register that name at least one shared platform they build on.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("programme register",),
        compute=_platform_programmes,
        records="programmes-on-platforms",
        area="collaboration",
    ),
    Figure(
        key="radar.moved",
        label="Technologies that moved on the radar",
        definition="Technologies on which at least one body's public stance (adopted, trialling, assessing, on hold "
        "or decided against) at the end of the chosen period differs from its stance the day before it began.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("technology stances",),
        compute=_radar_moved,
        records="radar-moved",
        area="radar",
    ),
    Figure(
        key="services.published",
        label="Published services",
        definition="Services in the services register that their body has published.",
        unit=Unit.COUNT,
        covers=Covers.NOW,
        sources=("services register",),
        compute=_services,
        by_body=_services_by_body,
        area="services",
    ),
    Figure(
        key="services.reporting",
        label="Services that reported figures",
        definition="Published services with performance figures for a quarter inside the chosen period.",
        unit=Unit.COUNT,
        covers=Covers.QUARTER,
        sources=("service performance returns",),
        compute=_services_reporting,
        records="",
        area="services",
    ),
]


# The headline members of /api/v1/picture and of the open data's picture table, which clients read
# by these names: each is one figure of the catalogue, with the same meaning as before.
TOP_LEVEL = {
    "bodies_expected": "returns.bodies_expected",
    "bodies_reported": "returns.bodies_complete",
    "completeness": "returns.completeness",
    "commitments_total": "commitments.total",
    "commitments_unowned": "commitments.unowned",
    "commitments_without_programme": "commitments.without_programme",
    "commitments_stale": "commitments.stale",
    "programmes_total": "programmes.active",
    "programmes_off_track": "programmes.off_track",
    "run_spend": "investment.run_spend",
    "change_spend": "investment.change_spend",
    "funding_gap": "investment.funding_gap",
}


def top_level(readings: dict) -> dict:
    """The headline members as clients read them: completeness a fraction to four places, money to
    the penny, counts whole."""
    values = {}
    for name, key in TOP_LEVEL.items():
        found = readings[key]
        if name == "completeness":
            values[name] = found.value.quantize(Decimal("0.0001")) if found.value is not None else None
        else:
            values[name] = catalogue.rounded(found.value, found.figure.unit)
    return values


def register() -> None:
    from . import lists

    for figure in FIGURES:
        catalogue.define(figure)
    catalogue.set_links(
        lists.figure_links,
        permissions.has,
        lambda figure, scope: lists.items(figure.records, scope),
    )
    catalogue.set_default_period(sources.default_period)
    catalogue.set_snapshots(sources.snapshots_for)
