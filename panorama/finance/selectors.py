"""Reads: spend (run and change), funding required and secured, and the legacy systems register.

Who sees what (docs/roles.md, Investment): national, sector, ambition and commitment totals are
published; anything about one body — its lines, its totals, its programmes' funding, its legacy
systems — is restricted to that body's people, analysts, auditors and administrators.

Every figure is a sum of the same rows, so the same total is reached through any breakdown: the
spend pages add up `FinanceTotal` (itself the lines, summed per body, year, type and change/run),
the funding pages add up `ProgrammeFunding` (a programme serving several commitments is shared
between them in equal parts, to the penny, so commitments and ambitions add up to the nation).
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.core.models import Period, PeriodKind
from panorama.core.periods import financial_year_of, label_for
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Programme

from .models import FinanceLine, FinanceTotal, LegacySystem, LineType, Nature, ProgrammeFunding

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
NOT_LINKED = "Not linked to the strategy"


def money(value: Decimal | None) -> Decimal:
    """A database sum as pounds and pence (SQLite's sums carry extra places)."""
    return ZERO if value is None else Decimal(value).quantize(PENNY)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """A fraction to four places, or None when there is nothing to divide."""
    if not whole:
        return None
    return (part / whole).quantize(Decimal("0.0001"))


# --- Years and bases. -------------------------------------------------------------------------------


def finance_years() -> list[Period]:
    """The financial years that have any finance lines, oldest first."""
    ids = FinanceTotal.objects.values("period_id").distinct()
    return list(Period.objects.filter(pk__in=ids, kind=PeriodKind.YEAR).order_by("start"))


def funding_years() -> list[Period]:
    ids = ProgrammeFunding.objects.values("period_id").distinct()
    return list(Period.objects.filter(pk__in=ids).order_by("start"))


def funding_default_year(years: list[Period]) -> Period | None:
    """This financial year if there is funding for it, else the latest year before it."""
    this_year = financial_year_of(datetime.date.today())
    past = [p for p in years if p.year <= this_year]
    return past[-1] if past else (years[0] if years else None)


def finance_default_year(*, basis: str = LineType.ACTUAL) -> Period | None:
    """The latest year with lines of `basis` (the last year of actuals, by default)."""
    ids = FinanceTotal.objects.filter(line_type=basis).values("period_id").distinct()
    return Period.objects.filter(pk__in=ids, kind=PeriodKind.YEAR).order_by("-start").first()


def finance_basis_for(*, period: Period | None) -> str:
    """The best figures a year has: actuals once its finance returns are in, else forecasts, else
    budgets; "" when it has none. The picture's money figures and the investment pages both open
    on this basis."""
    if period is None:
        return ""
    bases = set(FinanceTotal.objects.filter(period=period).values_list("line_type", flat=True).distinct())
    return next((b for b in (LineType.ACTUAL, LineType.FORECAST, LineType.BUDGET) if b in bases), "")


def finance_has_figures(*, period: Period, basis: str) -> bool:
    return FinanceTotal.objects.filter(period=period, line_type=basis).exists()


def finance_nearest_year(*, label: str, basis: str) -> Period | None:
    """The year nearest to `label` (the later one on a tie) that has figures of `basis`."""
    ids = FinanceTotal.objects.filter(line_type=basis).values("period_id").distinct()
    years = list(Period.objects.filter(pk__in=ids, kind=PeriodKind.YEAR))
    if not years:
        return None
    target = int(label[:4])
    return min(years, key=lambda p: (abs(p.year - target), -p.year))


def year_get(*, label: str) -> Period:
    try:
        return Period.objects.get(label=label.strip(), kind=PeriodKind.YEAR)
    except Period.DoesNotExist:
        raise Http404(f"No financial year {label!r} in the picture.") from None


# --- Who may see which body's figures. ----------------------------------------------------------------


def organisation_for_finance(*, user: Person, slug: str) -> Organisation:
    """A body whose restricted investment figures this person may see, or 404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.has(user, "finance.view_body", organisation):
        raise Http404("No such public body, or its investment figures are not yours to see.")
    return organisation


def visible_bodies(*, user: Person) -> set[int] | None:
    """Bodies whose restricted figures this person may see; None means all of them."""
    return permissions.visible_organisation_ids(user)


# --- Spend: run and change. ---------------------------------------------------------------------------


@dataclass
class Summary:
    year: Period | None
    basis: str
    run: Decimal = ZERO
    change: Decimal = ZERO
    required: Decimal = ZERO
    available: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.run + self.change

    @property
    def run_share(self) -> Decimal | None:
        return share(self.run, self.total)

    @property
    def gap(self) -> Decimal:
        return self.required - self.available


def _totals(
    *, basis: str, period: Period | None = None, sector: str = "", organisation: Organisation | None = None
):
    totals = FinanceTotal.objects.filter(line_type=basis)
    if period is not None:
        totals = totals.filter(period=period)
    if sector:
        totals = totals.filter(organisation__sector=sector)
    if organisation is not None:
        totals = totals.filter(organisation=organisation)
    return totals


def _funding(*, period: Period | None = None, sector: str = "", organisation: Organisation | None = None):
    funding = ProgrammeFunding.objects.all()
    if period is not None:
        funding = funding.filter(period=period)
    if sector:
        funding = funding.filter(programme__organisation__sector=sector)
    if organisation is not None:
        funding = funding.filter(programme__organisation=organisation)
    return funding


def finance_summary(
    *,
    period: Period | None,
    basis: str = LineType.ACTUAL,
    sector: str = "",
    organisation: Organisation | None = None,
) -> Summary:
    """Spend (run, change) of `basis` and funding (required, secured) for one year, nationally or
    for a sector or one body. The caller checks that the person may see the body."""
    summary = Summary(year=period, basis=basis)
    if period is None:
        return summary
    spend = dict(
        _totals(basis=basis, period=period, sector=sector, organisation=organisation)
        .values_list("nature")
        .annotate(total=Sum("amount"))
        .values_list("nature", "total")
        .order_by()
    )
    summary.run = money(spend.get(Nature.RUN))
    summary.change = money(spend.get(Nature.CHANGE))
    funding = _funding(period=period, sector=sector, organisation=organisation).aggregate(
        required=Sum("required"), secured=Sum("secured")
    )
    summary.required = money(funding["required"])
    summary.available = money(funding["secured"])
    return summary


@dataclass
class RunChange:
    label: str
    run: Decimal = ZERO
    change: Decimal = ZERO
    key: Any = None
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.run + self.change

    @property
    def run_share(self) -> Decimal | None:
        return share(self.run, self.total)


def spend_by_year(
    *, basis: str = LineType.ACTUAL, sector: str = "", organisation: Organisation | None = None
) -> list[RunChange]:
    """Run and change in each year that has lines of `basis`, nationally, for a sector or one body."""
    rows: dict[int, RunChange] = {}
    labels = {p.pk: p for p in finance_years()}
    for period_id, nature, total in (
        _totals(basis=basis, sector=sector, organisation=organisation)
        .values_list("period_id", "nature")
        .annotate(total=Sum("amount"))
        .values_list("period_id", "nature", "total")
        .order_by()
    ):
        period = labels[period_id]
        row = rows.setdefault(period_id, RunChange(label=period.label, key=period))
        setattr(row, nature, money(total))
    return sorted(rows.values(), key=lambda r: r.key.start)


def spend_by_sector(*, period: Period, basis: str = LineType.ACTUAL) -> list[RunChange]:
    rows = {value: RunChange(label=label, key=value) for value, label in Sector.choices}
    for sector, nature, total in (
        _totals(basis=basis, period=period)
        .values_list("organisation__sector", "nature")
        .annotate(total=Sum("amount"))
        .values_list("organisation__sector", "nature", "total")
        .order_by()
    ):
        setattr(rows[sector], nature, money(total))
    return [row for row in rows.values() if row.total]


def spend_by_body(
    *,
    period: Period,
    basis: str = LineType.ACTUAL,
    sector: str = "",
    visible: set[int] | None = None,
    with_bodies: bool = True,
) -> list[RunChange]:
    """Each body's run and change for the year, largest spender first. `visible` limits it to the
    bodies whose figures the person may see (None: all)."""
    totals = _totals(basis=basis, period=period, sector=sector)
    if visible is not None:
        totals = totals.filter(organisation_id__in=visible)
    rows: dict[int, RunChange] = {}
    for org_id, nature, total in (
        totals.values_list("organisation_id", "nature")
        .annotate(total=Sum("amount"))
        .values_list("organisation_id", "nature", "total")
        .order_by()
    ):
        setattr(rows.setdefault(org_id, RunChange(label="", key=org_id)), nature, money(total))
    if not with_bodies:
        return list(rows.values())
    bodies = Organisation.objects.in_bulk(list(rows))
    for org_id, row in rows.items():
        row.key = bodies[org_id]
        row.label = bodies[org_id].name
    return sorted(rows.values(), key=lambda r: (-r.total, r.label))


def body_spend_by_category(*, organisation: Organisation, period: Period, basis: str) -> list[dict]:
    """One body's lines for a year by cost category: run, change and total in each."""
    rows: dict[str, dict] = {}
    for category, nature, total in (
        FinanceLine.objects.filter(organisation=organisation, period=period, line_type=basis)
        .values_list("category", "nature")
        .annotate(total=Sum("amount"))
        .values_list("category", "nature", "total")
        .order_by()
    ):
        row = rows.setdefault(category, {"category": category, "run": ZERO, "change": ZERO})
        row[nature] = money(total)
    for row in rows.values():
        row["total"] = row["run"] + row["change"]
    return sorted(rows.values(), key=lambda r: -r["total"])


def finance_lines(
    *,
    organisation: Organisation | None = None,
    period: Period | None = None,
    basis: str = "",
    visible: set[int] | None = None,
) -> QuerySet[FinanceLine]:
    lines = FinanceLine.objects.select_related("organisation", "period", "programme")
    if visible is not None:
        lines = lines.filter(organisation_id__in=visible)
    if organisation is not None:
        lines = lines.filter(organisation=organisation)
    if period is not None:
        lines = lines.filter(period=period)
    if basis:
        lines = lines.filter(line_type=basis)
    return lines.order_by(
        "period__start", "line_type", "nature", "category", "programme__title", "description"
    )


# --- Overruns: programmes' forecast whole-life cost against their original baseline. ------------------


def largest_overruns(*, limit: int = 20, sector: str = "") -> list[Programme]:
    programmes = Programme.objects.filter(wlc_baseline__gt=0, wlc_forecast__isnull=False).select_related(
        "organisation"
    )
    if sector:
        programmes = programmes.filter(organisation__sector=sector)
    programmes = programmes.annotate(overrun=F("wlc_forecast") - F("wlc_baseline")).filter(overrun__gt=0)
    return list(programmes.order_by("-overrun", "title")[:limit])


# --- Funding: required against secured. ---------------------------------------------------------------


@dataclass
class FundingRow:
    label: str
    required: Decimal = ZERO
    available: Decimal = ZERO
    key: Any = None

    @property
    def gap(self) -> Decimal:
        return self.required - self.available

    @property
    def funded_share(self) -> Decimal | None:
        return share(self.available, self.required)


def funding_by_programme(
    *, period: Period | None = None, sector: str = "", visible: set[int] | None = None, hydrate: bool = True
) -> list[FundingRow]:
    """Each programme's required and secured funding (one year, or every year when None), largest
    gap first. With `hydrate=False` each row's key is the programme's id and its label is empty
    (fill a page of them with `funding_rows_hydrate`): the national picture has 20,000 programmes."""
    funding = _funding(period=period, sector=sector)
    if visible is not None:
        funding = funding.filter(programme__organisation_id__in=visible)
    sums = (
        funding.values_list("programme_id")
        .annotate(required=Sum("required"), secured=Sum("secured"))
        .values_list("programme_id", "required", "secured")
        .order_by()
    )
    rows = [
        FundingRow(label="", required=money(req), available=money(sec), key=pid) for pid, req, sec in sums
    ]
    rows.sort(key=lambda r: (-r.gap, r.key))
    if hydrate:
        funding_rows_hydrate(rows)
    return rows


def funding_programme_ranking(
    *, period: Period | None = None, sector: str = "", visible: set[int] | None = None
):
    """Programmes' required and secured funding as a queryset of dicts, largest gap first, for
    paging through in the database (`funding_rows` turns a page of it into FundingRows)."""
    funding = _funding(period=period, sector=sector)
    if visible is not None:
        funding = funding.filter(programme__organisation_id__in=visible)
    return (
        funding.values("programme_id")
        .annotate(total_required=Sum("required"), total_secured=Sum("secured"))
        .annotate(gap=F("total_required") - F("total_secured"))
        .order_by("-gap", "programme_id")
    )


def funding_rows(ranked) -> list[FundingRow]:
    rows = [
        FundingRow(
            label="",
            required=money(r["total_required"]),
            available=money(r["total_secured"]),
            key=r["programme_id"],
        )
        for r in ranked
    ]
    funding_rows_hydrate(rows)
    return rows


def funding_rows_hydrate(rows) -> None:
    """Replace programme ids by the programmes (with their bodies) in these rows."""
    ids = [r.key for r in rows if isinstance(r.key, int)]
    programmes = Programme.objects.select_related("organisation").in_bulk(ids)
    for row in rows:
        if isinstance(row.key, int):
            row.key = programmes[row.key]
            row.label = row.key.title


def _split(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` equal shares to the penny; the first shares take the odd pennies."""
    pennies = int((amount * 100).to_integral_value())
    base, extra = divmod(pennies, parts)
    return [Decimal(base + (1 if i < extra else 0)) / 100 for i in range(parts)]


def _funding_version() -> str:
    """Changes whenever funding, a programme or a programme's commitments change: the key under
    which the commitment breakdown (the one costly figure: every programme, shared out) is cached."""
    from panorama.strategy.models import Commitment

    funding = ProgrammeFunding.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    programmes = Programme.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    links = Programme.commitments.through.objects.aggregate(n=Count("id"), top=Max("id"))
    # The rows name their commitments and ambitions: an edited commitment (its version goes up) or
    # one moved to another ambition must not be shown from the cache.
    commitments = Commitment.objects.aggregate(n=Count("id"), v=Sum("version"), a=Sum("ambition_id"))
    parts = (
        funding["n"],
        funding["at"],
        programmes["n"],
        programmes["at"],
        links["n"],
        links["top"],
        commitments["n"],
        commitments["v"],
        commitments["a"],
    )
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def funding_by_commitment(*, period: Period | None = None, sector: str = "") -> list[FundingRow]:
    """Required and secured per strategy commitment. A programme serving several commitments is
    shared equally between them; programmes serving none are one row of their own, so the rows add
    up to the national total."""
    where = hashlib.sha256(f"{period.pk if period else 'all'}|{sector}".encode()).hexdigest()[:16]
    key = f"finance:funding-by-commitment:{where}:{_funding_version()}"
    rows = cache.get(key)
    if rows is None:
        rows = _funding_by_commitment(period=period, sector=sector)
        cache.set(key, rows, 600)
    return rows


def _funding_by_commitment(*, period: Period | None, sector: str) -> list[FundingRow]:
    from panorama.strategy.models import Commitment

    programmes = funding_by_programme(period=period, sector=sector, hydrate=False)
    links: dict[int, list[int]] = defaultdict(list)
    for programme_id, commitment_id in (
        Programme.commitments.through.objects.values_list("programme_id", "commitment_id")
        .order_by("programme_id", "commitment_id")
        .iterator(chunk_size=10000)
    ):
        links[programme_id].append(commitment_id)
    rows: dict[Any, FundingRow] = {}
    for funding in programmes:
        targets = links.get(funding.key) or [None]
        if len(targets) == 1:
            shares = [(targets[0], funding.required, funding.available)]
        else:
            shares = zip(
                targets,
                _split(funding.required, len(targets)),
                _split(funding.available, len(targets)),
                strict=True,
            )
        for target, required, secured in shares:
            row = rows.get(target)
            if row is None:
                row = rows[target] = FundingRow(label=NOT_LINKED, key=None)
            row.required += required
            row.available += secured
    commitments = Commitment.objects.select_related("ambition__strategy").in_bulk([k for k in rows if k])
    for key, row in rows.items():
        if key is not None:
            row.key = commitments[key]
            row.label = str(commitments[key])
    return sorted(rows.values(), key=lambda r: (-r.gap, r.label))


def funding_by_ambition(
    *, period: Period | None = None, sector: str = "", by_commitment: list[FundingRow] | None = None
) -> list[FundingRow]:
    """The commitments' rows added up by ambition (pass `by_commitment` if already computed; without
    it the same shares are added up in the database, which the national dashboard relies on)."""
    if by_commitment is None:
        return _funding_by_ambition_sql(period=period, sector=sector)
    rows: dict[Any, FundingRow] = {}
    for commitment_row in by_commitment:
        ambition = commitment_row.key.ambition if commitment_row.key is not None else None
        key = ambition.pk if ambition is not None else None
        row = rows.setdefault(
            key,
            FundingRow(label=f"{ambition.strategy}: {ambition}" if ambition else NOT_LINKED, key=ambition),
        )
        row.required += commitment_row.required
        row.available += commitment_row.available
    return sorted(rows.values(), key=lambda r: (-r.gap, r.label))


def _funding_by_ambition_sql(*, period: Period | None, sector: str) -> list[FundingRow]:
    """`funding_by_ambition` without sharing out every programme in Python (20,000 of them in the
    national picture): a programme serving one commitment, or none, counts whole and is added up in
    the database; only the few serving several are fetched and shared with `_split`, exactly as
    `funding_by_commitment` shares them. Sums are taken in pennies so that none is lost."""
    from django.db import connection

    from panorama.strategy.models import Ambition, Commitment

    links = Programme.commitments.through._meta.db_table
    commitments = Commitment._meta.db_table
    where, params = ["1 = 1"], []
    joins = ""
    if period is not None:
        where.append("f.period_id = %s")
        params.append(period.pk)
    if sector:
        joins = (
            f" JOIN {Programme._meta.db_table} pr ON pr.id = f.programme_id"
            f" JOIN {Organisation._meta.db_table} org ON org.id = pr.organisation_id"
        )
        where.append("org.sector = %s")
        params.append(sector)
    pennies = "CAST(ROUND({} * 100) AS BIGINT)"
    # One row per programme: a year's rows are one per programme already (a plain, flattened
    # subquery); all years together are summed per programme first.
    if period is not None:
        select = f"f.programme_id AS programme_id, {pennies.format('f.required')} AS r, {pennies.format('f.secured')} AS s"
        group = ""
    else:
        select = (
            f"f.programme_id AS programme_id, SUM({pennies.format('f.required')}) AS r,"
            f" SUM({pennies.format('f.secured')}) AS s"
        )
        group = " GROUP BY f.programme_id"
    funded = f"(SELECT {select} FROM {ProgrammeFunding._meta.db_table} f{joins} WHERE {' AND '.join(where)}{group})"  # noqa: S608
    # How many commitments each funded programme serves (grouped once, then joined: both databases
    # plan this well, where a NOT EXISTS per link misleads PostgreSQL's estimates).
    served = f"""(
        SELECT pc.programme_id AS programme_id, COUNT(*) AS n, MIN(pc.commitment_id) AS one
        FROM fu JOIN {links} pc ON pc.programme_id = fu.programme_id GROUP BY pc.programme_id
    )"""  # noqa: S608
    # One statement, so the links are grouped once: whole programmes summed per ambition (kind 0),
    # and each link of a shared programme in commitment order (kind 1, shared out below).
    sql = f"""
        WITH fu AS {funded}, k AS {served}
        SELECT 0 AS kind, NULL AS programme_id, NULL AS commitment_id, c.ambition_id,
               SUM(fu.r), SUM(fu.s)
        FROM fu
        LEFT JOIN k ON k.programme_id = fu.programme_id
        LEFT JOIN {commitments} c ON c.id = k.one
        WHERE k.n IS NULL OR k.n = 1
        GROUP BY c.ambition_id
        UNION ALL
        SELECT 1, fu.programme_id, pc.commitment_id, c.ambition_id, fu.r, fu.s
        FROM fu
        JOIN k ON k.programme_id = fu.programme_id AND k.n > 1
        JOIN {links} pc ON pc.programme_id = fu.programme_id
        JOIN {commitments} c ON c.id = pc.commitment_id
        ORDER BY 1, 2, 3
    """  # noqa: S608 (table names and fixed fragments only; values are bound parameters)
    totals: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    by_programme: dict[int, list] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, programme_id, _, ambition_id, required, secured in cursor.fetchall():
            if kind == 0:
                totals[ambition_id][0] += int(required or 0)
                totals[ambition_id][1] += int(secured or 0)
            else:
                by_programme[programme_id].append((int(required), int(secured), ambition_id))
    for targets in by_programme.values():
        required, secured = targets[0][0], targets[0][1]
        for (_, _, ambition_id), r, s in zip(
            targets,
            _split(Decimal(required) / 100, len(targets)),
            _split(Decimal(secured) / 100, len(targets)),
            strict=True,
        ):
            totals[ambition_id][0] += int(r * 100)
            totals[ambition_id][1] += int(s * 100)
    ambitions = Ambition.objects.select_related("strategy").in_bulk([a for a in totals if a is not None])
    rows = []
    for ambition_id, (required, secured) in totals.items():
        ambition = ambitions.get(ambition_id)
        rows.append(
            FundingRow(
                label=f"{ambition.strategy}: {ambition}" if ambition else NOT_LINKED,
                required=(Decimal(required) / 100).quantize(PENNY),
                available=(Decimal(secured) / 100).quantize(PENNY),
                key=ambition,
            )
        )
    return sorted(rows, key=lambda r: (-r.gap, r.label))


def funding_by_body(*, period: Period | None = None, visible: set[int] | None = None) -> list[FundingRow]:
    funding = _funding(period=period)
    if visible is not None:
        funding = funding.filter(programme__organisation_id__in=visible)
    sums = (
        funding.values_list("programme__organisation_id")
        .annotate(required=Sum("required"), secured=Sum("secured"))
        .values_list("programme__organisation_id", "required", "secured")
        .order_by()
    )
    rows = {oid: FundingRow(label="", required=money(req), available=money(sec)) for oid, req, sec in sums}
    for organisation in Organisation.objects.filter(pk__in=list(rows)):
        rows[organisation.pk].key = organisation
        rows[organisation.pk].label = organisation.name
    return sorted(rows.values(), key=lambda r: (-r.gap, r.label))


def funding_by_sector(*, period: Period | None = None) -> list[FundingRow]:
    labels = dict(Sector.choices)
    sums = (
        _funding(period=period)
        .values_list("programme__organisation__sector")
        .annotate(required=Sum("required"), secured=Sum("secured"))
        .values_list("programme__organisation__sector", "required", "secured")
        .order_by()
    )
    rows = [
        FundingRow(label=labels.get(s, s), required=money(r), available=money(a), key=s) for s, r, a in sums
    ]
    return sorted(rows, key=lambda r: (-r.gap, r.label))


def funding_national(*, period: Period | None = None) -> FundingRow:
    sums = _funding(period=period).aggregate(required=Sum("required"), secured=Sum("secured"))
    return FundingRow(label="Scotland", required=money(sums["required"]), available=money(sums["secured"]))


def programme_for_funding(*, user: Person, public_id: str, change: bool = False) -> Programme:
    """404 for people who may not see the programme's body's funding; 403 for those who may see it
    but not change it."""
    programme = Programme.objects.select_related("organisation").filter(public_id=public_id).first()
    if programme is None or not permissions.has(user, "finance.view_body", programme.organisation):
        raise Http404("No such programme, or its funding is not yours to see.")
    if change:
        permissions.check(user, "finance.change_body", programme.organisation)
    return programme


# --- Legacy systems. ----------------------------------------------------------------------------------


def near_horizon(today: datetime.date) -> datetime.date:
    months = settings.PANORAMA_LEGACY_NEAR_MONTHS
    month = today.month - 1 + months
    return datetime.date(today.year + month // 12, month % 12 + 1, min(today.day, 28))


def legacy_status(system: LegacySystem, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    if system.end_of_support is None:
        return "unknown"
    if system.end_of_support < today:
        return "past"
    if system.end_of_support <= near_horizon(today):
        return "near"
    return "supported"


LEGACY_STATUS_LABELS = {
    "past": "Past end of support",
    "near": "Near end of support",
    "supported": "Supported",
    "unknown": "End of support not known",
}


def legacy_systems(
    *,
    visible: set[int] | None,
    organisation: Organisation | None = None,
    sector: str = "",
    status: str = "",
    risk_at_least: int | None = None,
    no_replacement: bool = False,
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[LegacySystem]:
    today = today or datetime.date.today()
    systems = LegacySystem.objects.select_related("organisation", "replacing_programme")
    if visible is not None:
        systems = systems.filter(organisation_id__in=visible)
    if organisation is not None:
        systems = systems.filter(organisation=organisation)
    if sector:
        systems = systems.filter(organisation__sector=sector)
    if status == "past":
        systems = systems.filter(end_of_support__lt=today)
    elif status == "near":
        systems = systems.filter(end_of_support__gte=today, end_of_support__lte=near_horizon(today))
    elif status == "past-or-near":
        systems = systems.filter(end_of_support__lte=near_horizon(today))
    elif status == "supported":
        systems = systems.filter(end_of_support__gt=near_horizon(today))
    elif status == "unknown":
        systems = systems.filter(end_of_support__isnull=True)
    if risk_at_least:
        systems = systems.filter(risk__gte=risk_at_least)
    if no_replacement:
        systems = systems.filter(replacing_programme__isnull=True)
    if query:
        systems = systems.filter(
            Q(name__icontains=query)
            | Q(business_function__icontains=query)
            | Q(technology__icontains=query)
            | Q(supplier__icontains=query)
        )
    return systems.order_by("end_of_support", "organisation__name", "name")


def legacy_system_for_user(*, user: Person, public_id: str, change: bool = False) -> LegacySystem:
    """404 for people who may not see the body's register; 403 for those who may see but not change."""
    system = (
        LegacySystem.objects.select_related("organisation", "replacing_programme")
        .filter(public_id=public_id)
        .first()
    )
    if system is None or not permissions.has(user, "finance.view_body", system.organisation):
        raise Http404("No such legacy system, or it is not yours to see.")
    if change:
        permissions.check(user, "finance.change_body", system.organisation)
    return system


@dataclass
class LegacyExposure:
    systems: int = 0
    run_cost: Decimal = ZERO
    past: int = 0
    past_cost: Decimal = ZERO
    near: int = 0
    near_cost: Decimal = ZERO
    no_replacement: int = 0
    no_replacement_cost: Decimal = ZERO
    unknown: int = 0


def legacy_exposure(
    *,
    visible: set[int] | None = None,
    sector: str = "",
    organisation: Organisation | None = None,
    today: datetime.date | None = None,
) -> LegacyExposure:
    """How much run cost is tied up in systems past or near the end of support, and how many have no
    programme replacing them."""
    today = today or datetime.date.today()
    systems = legacy_systems(visible=visible, sector=sector, organisation=organisation, today=today)
    horizon = near_horizon(today)
    result = LegacyExposure()
    for end, cost, programme_id in systems.values_list(
        "end_of_support", "annual_run_cost", "replacing_programme_id"
    ):
        result.systems += 1
        result.run_cost += cost
        if end is None:
            result.unknown += 1
        elif end < today:
            result.past += 1
            result.past_cost += cost
        elif end <= horizon:
            result.near += 1
            result.near_cost += cost
        if programme_id is None:
            result.no_replacement += 1
            result.no_replacement_cost += cost
    return result


@dataclass
class CliffYear:
    label: str
    systems: int = 0
    run_cost: Decimal = ZERO
    without_replacement: Decimal = ZERO


def legacy_cliff(
    *,
    years: int = 10,
    sector: str = "",
    visible: set[int] | None = None,
    organisation: Organisation | None = None,
    today: datetime.date | None = None,
) -> list[CliffYear]:
    """Run cost reaching end of vendor support in each of the next `years` financial years, after a
    first row for what is already past it (and a last for what falls beyond, or is not known), so
    the rows add up to the whole register's run cost."""
    today = today or datetime.date.today()
    this_year = financial_year_of(today)
    already = CliffYear(label="Already past end of support")
    by_year = {this_year + i: CliffYear(label=label_for(this_year + i)) for i in range(years)}
    later = CliffYear(label=f"After {label_for(this_year + years - 1)}")
    unknown = CliffYear(label="Not known")
    systems = legacy_systems(visible=visible, sector=sector, organisation=organisation, today=today)
    for end, cost, programme_id in systems.values_list(
        "end_of_support", "annual_run_cost", "replacing_programme_id"
    ):
        if end is None:
            bucket = unknown
        elif end < today:
            bucket = already
        else:
            bucket = by_year.get(financial_year_of(end), later)
        bucket.systems += 1
        bucket.run_cost += cost
        if programme_id is None:
            bucket.without_replacement += cost
    return [already, *by_year.values(), later, unknown]


def legacy_cliff_by_body(
    *, visible: set[int] | None, years: int = 3, today: datetime.date | None = None, limit: int = 20
) -> list[dict]:
    """The bodies with the most run cost past end of support or reaching it within `years` years."""
    today = today or datetime.date.today()
    horizon = datetime.date(today.year + years, today.month, min(today.day, 28))
    systems = LegacySystem.objects.filter(end_of_support__lte=horizon)
    if visible is not None:
        systems = systems.filter(organisation_id__in=visible)
    rows = list(
        systems.values("organisation_id").annotate(cost=Sum("annual_run_cost")).order_by("-cost")[:limit]
    )
    bodies = Organisation.objects.in_bulk([r["organisation_id"] for r in rows])
    return [{"organisation": bodies[r["organisation_id"]], "run_cost": money(r["cost"])} for r in rows]
