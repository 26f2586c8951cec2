"""Reads for skills: the taxonomy, the gap analysis, and access to one body's figures.

Vocabulary used throughout (and in the API):
- *filled* = permanent + contractors; *established* = filled + vacancies;
- *vacancy rate* = vacancies / established; *contractor share* = contractors / filled;
- *demand* = FTE that programmes plan to need in a quarter; *demand_next_4q* is the busiest of the
  next four quarters (the current one first), so it compares directly with FTE in post;
- a programme's plan *cannot be staffed* when, in a quarter of the next eight, its body's programmes
  together need more FTE in a role than the body's workforce currently fills in that role.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.core import periods as period_tools
from panorama.core.models import Period, PeriodKind
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Phase, Programme

from .models import Initiative, InitiativeTarget, ProgrammeNeed, Role, RoleFamily, WorkforceLine

ZERO = Decimal(0)
PUBLIC_SECTORS = [s for s in Sector if s not in (Sector.INDUSTRY, Sector.THIRD)]
# A role or body needs this many established posts before its rates are ranked: one vacancy in
# one post is a 100% vacancy rate, and tells an analyst nothing.
MIN_ESTABLISHED = Decimal(5)


def tenth(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.1"))


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@dataclass
class Totals:
    established: Decimal = ZERO
    permanent: Decimal = ZERO
    contractors: Decimal = ZERO
    vacancies: Decimal = ZERO
    planned_next_year: Decimal = ZERO
    bodies: int = 0

    @property
    def filled(self) -> Decimal:
        return self.permanent + self.contractors

    @property
    def vacancy_rate(self) -> Decimal | None:
        return ratio(self.vacancies, self.established)

    @property
    def contractor_share(self) -> Decimal | None:
        return ratio(self.contractors, self.filled)


SUMS = {
    "established": Sum("established"),
    "permanent": Sum("permanent"),
    "contractors": Sum("contractors"),
    "vacancies": Sum("vacancies"),
    "planned_next_year": Sum("planned_next_year"),
}


def _totals(row: dict) -> Totals:
    # SQLite sums decimals as floats-with-noise; a tenth of an FTE is the precision returns carry.
    return Totals(
        **{name: Decimal(row.get(name) or 0).quantize(Decimal("0.1")) for name in SUMS},
        bodies=row.get("bodies") or 0,
    )


# --- Taxonomy ---------------------------------------------------------------------------------


def role_families() -> list[RoleFamily]:
    return list(RoleFamily.objects.prefetch_related("roles"))


def role_family_list() -> QuerySet[RoleFamily]:
    return RoleFamily.objects.all()


def role_list(*, active_only: bool = True) -> QuerySet[Role]:
    roles = Role.objects.select_related("family")
    return roles.filter(active=True) if active_only else roles


def role_get(*, slug: str) -> Role:
    try:
        return Role.objects.select_related("family").get(slug=slug)
    except Role.DoesNotExist:
        raise Http404("No such role.") from None


# --- Periods ----------------------------------------------------------------------------------


def _has_lines(**match) -> Exists:
    """Whether a period (or body) has workforce lines: one index probe each. A join to the lines
    made DISTINCT read all 108,000 lines of the uk picture to list seven years (102 ms on
    PostgreSQL, most of the gap heatmap's time)."""
    return Exists(WorkforceLine.objects.filter(**match))


def workforce_periods() -> list[Period]:
    """Financial years that have workforce returns, oldest first."""
    return list(
        Period.objects.filter(_has_lines(period=OuterRef("pk")), kind=PeriodKind.YEAR).order_by("start")
    )


def workforce_period_default(*, today: datetime.date | None = None) -> Period | None:
    """The latest financial year with returns that has begun: the current picture."""
    today = today or timezone.localdate()
    return (
        Period.objects.filter(_has_lines(period=OuterRef("pk")), kind=PeriodKind.YEAR, start__lte=today)
        .order_by("-start")
        .first()
    )


def workforce_period_from_label(label: str) -> Period | None:
    """The period a filter names, or None when it names none we know (never created on read)."""
    return Period.objects.filter(label=label.strip(), kind=PeriodKind.YEAR).first() if label else None


def quarter_labels(*, today: datetime.date | None = None, count: int = 8) -> list[str]:
    """Labels of `count` quarters from the current one, without creating periods on a read."""
    today = today or timezone.localdate()
    year, quarter = period_tools.financial_year_of(today), period_tools.quarter_of(today)
    labels = []
    for _ in range(count):
        labels.append(period_tools.label_for(year, quarter))
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    return labels


# --- Filters shared by the analysis -----------------------------------------------------------


def _lines(
    *, period: Period | None, sector: str = "", organisation_ids: set[int] | None = None, family: str = ""
) -> QuerySet[WorkforceLine]:
    lines = WorkforceLine.objects.all()
    if period is not None:
        lines = lines.filter(period=period)
    if sector:
        lines = lines.filter(organisation__sector=sector)
    if organisation_ids is not None:
        lines = lines.filter(organisation_id__in=organisation_ids)
    if family:
        lines = lines.filter(role__family__slug=family)
    return lines


def _needs(
    *, labels: list[str], sector: str = "", organisation_ids: set[int] | None = None, family: str = ""
) -> QuerySet[ProgrammeNeed]:
    needs = ProgrammeNeed.objects.filter(period__label__in=labels).exclude(
        programme__phase__in=[Phase.RETIRED, Phase.STOPPED]
    )
    if sector:
        needs = needs.filter(programme__organisation__sector=sector)
    if organisation_ids is not None:
        needs = needs.filter(programme__organisation_id__in=organisation_ids)
    if family:
        needs = needs.filter(role__family__slug=family)
    return needs


def _peak_demand(needs: QuerySet[ProgrammeNeed], key: str) -> dict[int, Decimal]:
    """{key id: FTE in the busiest quarter}."""
    peak: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in needs.values(key, "period").annotate(fte=Sum("fte")).order_by():
        peak[row[key]] = max(peak[row[key]], tenth(row["fte"]))
    return peak


# --- The summary (page and API) ---------------------------------------------------------------


@dataclass
class FamilyRow:
    family: RoleFamily
    totals: Totals
    demand_next_4q: Decimal = ZERO


def family_summary(
    *,
    period: Period | None,
    sector: str = "",
    organisation_ids: set[int] | None = None,
    today: datetime.date | None = None,
) -> list[FamilyRow]:
    """Per role family: posts, filled, contractors, vacancies and the programmes' peak demand."""
    by_family = {
        row["role__family"]: _totals(row)
        for row in _lines(period=period, sector=sector, organisation_ids=organisation_ids)
        .values("role__family")
        .annotate(**SUMS)
        .order_by()
    }
    demand = _peak_demand(
        _needs(labels=quarter_labels(today=today, count=4), sector=sector, organisation_ids=organisation_ids),
        "role__family",
    )
    return [
        FamilyRow(
            family=family,
            totals=by_family.get(family.pk, Totals()),
            demand_next_4q=demand.get(family.pk, ZERO),
        )
        for family in RoleFamily.objects.all()
    ]


def overall_totals(rows: list[FamilyRow]) -> Totals:
    total = Totals()
    for row in rows:
        for name in SUMS:
            setattr(total, name, getattr(total, name) + getattr(row.totals, name))
    return total


# --- The gap heatmap --------------------------------------------------------------------------


@dataclass
class Heatmap:
    sectors: list[Sector]
    rows: list[tuple[RoleFamily, list[Totals], Totals]] = field(default_factory=list)


def gap_heatmap(*, period: Period | None) -> Heatmap:
    cells: dict[tuple[int, str], Totals] = {
        (row["role__family"], row["organisation__sector"]): _totals(row)
        for row in _lines(period=period)
        .values("role__family", "organisation__sector")
        .annotate(**SUMS)
        .order_by()
    }
    heatmap = Heatmap(sectors=PUBLIC_SECTORS)
    for family in RoleFamily.objects.all():
        row = [cells.get((family.pk, sector.value), Totals()) for sector in PUBLIC_SECTORS]
        total = Totals()
        for cell in row:
            for name in SUMS:
                setattr(total, name, getattr(total, name) + getattr(cell, name))
        heatmap.rows.append((family, row, total))
    return heatmap


def heat_band(rate: Decimal | None) -> int:
    """0 (no data) to 5 (a vacancy rate of 25% or more): the heatmap's shading step."""
    if rate is None:
        return 0
    for band, ceiling in enumerate((Decimal("0.05"), Decimal("0.10"), Decimal("0.15"), Decimal("0.25")), 1):
        if rate < ceiling:
            return band
    return 5


# --- Demand from the pipeline vs supply -------------------------------------------------------


@dataclass
class DemandRow:
    family: RoleFamily
    supply: Decimal
    planned_next_year: Decimal
    demand: list[Decimal]

    @property
    def peak(self) -> Decimal:
        return max(self.demand, default=ZERO)

    @property
    def peak_gap(self) -> Decimal:
        return max(ZERO, self.peak - self.supply)


def demand_vs_supply(
    *, period: Period | None, sector: str = "", today: datetime.date | None = None
) -> tuple[list[str], list[DemandRow]]:
    labels = quarter_labels(today=today, count=8)
    demand: dict[tuple[int, str], Decimal] = {
        (row["role__family"], row["period__label"]): tenth(row["fte"])
        for row in _needs(labels=labels, sector=sector)
        .values("role__family", "period__label")
        .annotate(fte=Sum("fte"))
        .order_by()
    }
    supply = {
        row["role__family"]: _totals(row)
        for row in _lines(period=period, sector=sector).values("role__family").annotate(**SUMS).order_by()
    }
    rows = [
        DemandRow(
            family=family,
            supply=supply.get(family.pk, Totals()).filled,
            planned_next_year=supply.get(family.pk, Totals()).planned_next_year,
            demand=[demand.get((family.pk, label), ZERO) for label in labels],
        )
        for family in RoleFamily.objects.all()
    ]
    return labels, rows


# --- Trend across periods ---------------------------------------------------------------------


def trend(*, sector: str = "") -> tuple[list[Period], list[tuple[RoleFamily, list[Totals]]]]:
    found = {
        (row["period"], row["role__family"]): _totals(row)
        for row in _lines(period=None, sector=sector)
        .values("period", "role__family")
        .annotate(**SUMS)
        .order_by()
    }
    years = workforce_periods()
    return years, [
        (family, [found.get((year.pk, family.pk), Totals()) for year in years])
        for family in RoleFamily.objects.all()
    ]


def trend_overall(*, sector: str = "") -> list[tuple[Period, Totals]]:
    found = {
        row["period"]: _totals(row)
        for row in _lines(period=None, sector=sector)
        .values("period")
        .annotate(**SUMS, bodies=Count("organisation", distinct=True))
        .order_by()
    }
    return [(year, found.get(year.pk, Totals())) for year in workforce_periods()]


# --- Bodies most dependent on contractors -----------------------------------------------------


def contractor_dependence(
    *, period: Period | None, organisation_ids: set[int] | None, sector: str = ""
) -> list[tuple[Organisation, Totals]]:
    """Bodies (those the person may see) ranked by contractor share, most dependent first."""
    rows = (
        _lines(period=period, sector=sector, organisation_ids=organisation_ids)
        .values("organisation")
        .annotate(**SUMS)
        .order_by()
    )
    totals = {row["organisation"]: _totals(row) for row in rows}
    bodies = Organisation.objects.in_bulk(list(totals))
    ranked = [
        (bodies[pk], t) for pk, t in totals.items() if t.established >= MIN_ESTABLISHED and t.filled > 0
    ]
    ranked.sort(key=lambda item: (-(item[1].contractor_share or ZERO), -item[1].contractors, item[0].name))
    return ranked


# --- Shortage roles ranked --------------------------------------------------------------------


@dataclass
class RoleShortage:
    role: Role
    totals: Totals
    median_days_to_hire: Decimal | None
    demand_next_4q: Decimal
    scarcest_sector: str = ""
    scarcest_sector_rate: Decimal | None = None

    @property
    def unmet_demand(self) -> Decimal:
        return max(ZERO, self.demand_next_4q - self.totals.filled)


SHORTAGE_ORDER = {
    "vacancy_rate": ("Vacancy rate", lambda s: s.totals.vacancy_rate or ZERO),
    "vacancies": ("Vacant FTE", lambda s: s.totals.vacancies),
    "contractor_share": ("Contractor share", lambda s: s.totals.contractor_share or ZERO),
    "days_to_hire": ("Median days to hire", lambda s: s.median_days_to_hire or ZERO),
    "unmet_demand": ("Programme demand beyond the workforce", lambda s: s.unmet_demand),
}


def shortage_roles(
    *,
    period: Period | None,
    sector: str = "",
    family: str = "",
    order: str = "vacancy_rate",
    today: datetime.date | None = None,
) -> list[RoleShortage]:
    """Roles with at least MIN_ESTABLISHED posts, scarcest first (by vacancy rate unless `order`
    says otherwise), each with the sector where it is scarcest."""
    lines = _lines(period=period, sector=sector, family=family)
    per_role = {
        row["role"]: row
        for row in lines.values("role").annotate(**SUMS, days=Avg("median_days_to_hire")).order_by()
    }
    by_sector: dict[int, tuple[str, Decimal]] = {}
    for row in lines.values("role", "organisation__sector").annotate(**SUMS).order_by():
        totals = _totals(row)
        rate = totals.vacancy_rate
        if rate is None or totals.established < MIN_ESTABLISHED:
            continue
        best = by_sector.get(row["role"])
        if best is None or rate > best[1]:
            by_sector[row["role"]] = (row["organisation__sector"], rate)
    demand = _peak_demand(
        _needs(labels=quarter_labels(today=today, count=4), sector=sector, family=family), "role"
    )
    roles = Role.objects.select_related("family").in_bulk(list(per_role))
    result = []
    for pk, row in per_role.items():
        totals = _totals(row)
        if totals.established < MIN_ESTABLISHED:
            continue
        days = row["days"]
        shortage = RoleShortage(
            role=roles[pk],
            totals=totals,
            median_days_to_hire=Decimal(days).quantize(Decimal(1)) if days is not None else None,
            demand_next_4q=demand.get(pk, ZERO),
        )
        if pk in by_sector:
            shortage.scarcest_sector, shortage.scarcest_sector_rate = by_sector[pk]
        result.append(shortage)
    key = SHORTAGE_ORDER.get(order, SHORTAGE_ORDER["vacancy_rate"])[1]
    result.sort(key=lambda s: (-key(s), -(s.totals.vacancy_rate or ZERO), s.role.name))
    return result


# --- Programmes whose plans the workforce cannot staff ----------------------------------------


@dataclass
class Shortfall:
    role: Role
    quarter: str
    programme_fte: Decimal  # this programme's need
    body_fte: Decimal  # all the body's programmes' need for the role that quarter
    workforce_fte: Decimal  # the body's filled FTE in the role

    @property
    def gap(self) -> Decimal:
        return self.body_fte - self.workforce_fte


@dataclass
class RoleShortfall:
    role: Role
    first_quarter: str
    last_quarter: str
    quarters: int
    programme_fte: Decimal  # this programme's peak need
    body_fte: Decimal  # the body's programmes' peak need
    workforce_fte: Decimal
    gap: Decimal  # the worst quarter's shortfall


@dataclass
class StaffingProblem:
    programme: Programme
    shortfalls: list[Shortfall] = field(default_factory=list)
    no_return: bool = False

    @property
    def first_quarter(self) -> str:
        return min((s.quarter for s in self.shortfalls), default="")

    @property
    def worst_gap(self) -> Decimal:
        return max((s.gap for s in self.shortfalls), default=ZERO)

    @property
    def by_role(self) -> list["RoleShortfall"]:
        """The shortfalls summed up role by role: the quarters short, and the worst of them."""
        grouped: dict[int, list[Shortfall]] = {}
        for s in self.shortfalls:
            grouped.setdefault(s.role.pk, []).append(s)
        rows = [
            RoleShortfall(
                role=items[0].role,
                first_quarter=min(i.quarter for i in items),
                last_quarter=max(i.quarter for i in items),
                quarters=len(items),
                programme_fte=max(i.programme_fte for i in items),
                body_fte=max(i.body_fte for i in items),
                workforce_fte=items[0].workforce_fte,
                gap=max(i.gap for i in items),
            )
            for items in grouped.values()
        ]
        return sorted(rows, key=lambda r: (-r.gap, r.role.name))

    @property
    def roles(self) -> list[Role]:
        seen: dict[int, Role] = {}
        for s in self.shortfalls:
            seen.setdefault(s.role.pk, s.role)
        return list(seen.values())


def _staffing_fingerprint() -> tuple:
    """Changes whenever a need, a workforce line, a programme or a body is added, changed or removed.

    One statement of scalar subqueries, each answered from an index: a MAX from one entry of its
    column's index, a COUNT or SUM from the narrowest index. Four aggregates that each read a whole
    table (MAX beside COUNT cannot use an index) took 25 ms at UK scale, on every dashboard view."""
    need, line = ProgrammeNeed._meta.db_table, WorkforceLine._meta.db_table
    programme, body = Programme._meta.db_table, Organisation._meta.db_table
    with connection.cursor() as cursor:
        # The needs' count and versions in one pass over the version index (two passes before).
        cursor.execute(
            f"SELECT needs.n, (SELECT MAX(id) FROM {need}), needs.v, (SELECT COUNT(*) FROM {line}),"  # noqa: S608 - table names
            f" (SELECT MAX(updated_at) FROM {line}), (SELECT MAX(updated_at) FROM {programme}),"
            f" (SELECT MAX(updated_at) FROM {body})"  # a body may change sector
            f" FROM (SELECT COUNT(*) AS n, SUM(version) AS v FROM {need}) needs"
        )
        return tuple(str(value) for value in cursor.fetchone())


def _staffing_compact(
    *, period_id: int | None, labels: list[str], sector: str, organisation_ids: set[int] | None
) -> tuple[list[tuple[int, list[tuple[int, str, int, int, int]]]], list[int]]:
    """The comparison itself, in tenths of an FTE as whole numbers (exact, and fast to add up)."""
    quarter_label = dict(Period.objects.filter(label__in=labels).values_list("id", "label"))
    rows = [
        (programme, org, role, quarter_label[period], round(fte * 10))
        for programme, org, role, period, fte in _needs(
            labels=labels, sector=sector, organisation_ids=organisation_ids
        )
        .order_by()
        .annotate(fte_float=Cast("fte", FloatField()))
        .values_list("programme_id", "programme__organisation_id", "role_id", "period_id", "fte_float")
    ]
    body_need: dict[tuple[int, int, str], int] = defaultdict(int)
    for _, org, role, label, fte in rows:
        body_need[(org, role, label)] += fte
    capacity: dict[tuple[int, int], int] = {}
    returned: set[int] = set()
    if period_id is not None and rows:
        lines = WorkforceLine.objects.filter(period_id=period_id).order_by()
        if organisation_ids is not None or sector:
            lines = lines.filter(organisation_id__in={key[0] for key in body_need})
        in_post = lines.annotate(in_post=Cast(F("permanent") + F("contractors"), FloatField()))
        for org, role, fte in in_post.values_list("organisation_id", "role_id", "in_post"):
            capacity[(org, role)] = round(fte * 10)
            returned.add(org)
    shortfalls: dict[int, list[tuple[int, str, int, int, int]]] = defaultdict(list)
    missing: set[int] = set()
    for programme, org, role, label, fte in rows:
        if org not in returned:
            missing.add(programme)
            continue
        total, in_post = body_need[(org, role, label)], capacity.get((org, role), 0)
        if total > in_post:
            shortfalls[programme].append((role, label, fte, total, in_post))
    return list(shortfalls.items()), sorted(missing)


def unstaffable_programmes(
    *,
    period: Period | None,
    organisation_ids: set[int] | None,
    sector: str = "",
    today: datetime.date | None = None,
) -> tuple["StaffingList", "StaffingList"]:
    """(programmes that cannot be staffed, programmes whose body sent no workforce return for the
    period), each worst first. Only programmes of bodies in `organisation_ids` (None = all).

    The comparison reads every need of the next eight quarters (about 75,000 at UK scale), so its
    result is kept in the cache until a need, a workforce line or a programme changes."""
    labels = quarter_labels(today=today, count=8)
    key = (
        "skills:staffing:"
        + hashlib.sha256(
            repr(
                (
                    period.pk if period else None,
                    labels,
                    sector,
                    sorted(organisation_ids) if organisation_ids is not None else None,
                    _staffing_fingerprint(),
                )
            ).encode()
        ).hexdigest()
    )
    compact = cache.get(key)
    if compact is None:
        compact = _staffing_compact(
            period_id=period.pk if period else None,
            labels=labels,
            sector=sector,
            organisation_ids=organisation_ids,
        )
        cache.set(key, compact, 600)
    shortfalls, missing = compact
    return StaffingList(shortfalls), StaffingList([(pk, []) for pk in missing], no_return=True)


class StaffingList(Sequence):
    """Programmes short of staff, worst first, turned into objects only when a page asks for them:
    at UK scale thousands are listed, and a page shows twenty-five."""

    def __init__(
        self, compact: list[tuple[int, list[tuple[int, str, int, int, int]]]], no_return: bool = False
    ):
        self.no_return = no_return
        self._unsorted = compact
        self._sorted: list | None = None

    @property
    def compact(self) -> list[tuple[int, list[tuple[int, str, int, int, int]]]]:
        """Worst first, sorted when first read: a count (the dashboard's figure) needs no order,
        and sorting thousands of programmes took 10 ms of every view."""
        if self._sorted is None:

            def worst(items) -> tuple:
                return (
                    -max((total - in_post for _, _, _, total, in_post in items), default=0),
                    min((label for _, label, _, _, _ in items), default=""),
                )

            self._sorted = sorted(self._unsorted, key=lambda entry: (*worst(entry[1]), entry[0]))
        return self._sorted

    def __len__(self) -> int:
        return len(self._unsorted)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._hydrate(self.compact[index])
        return self._hydrate([self.compact[index]])[0]

    def _hydrate(self, entries) -> list[StaffingProblem]:
        programmes = Programme.objects.select_related("organisation").in_bulk([pk for pk, _ in entries])
        roles = Role.objects.in_bulk({item[0] for _, items in entries for item in items})
        tenth_fte = Decimal("0.1")
        return [
            StaffingProblem(
                programme=programmes[pk],
                no_return=self.no_return,
                shortfalls=[
                    Shortfall(
                        role=roles[role],
                        quarter=label,
                        programme_fte=fte * tenth_fte,
                        body_fte=total * tenth_fte,
                        workforce_fte=in_post * tenth_fte,
                    )
                    for role, label, fte, total, in_post in sorted(items, key=lambda item: (item[1], item[0]))
                ],
            )
            for pk, items in entries
            if pk in programmes
        ]


# --- One body's figures -----------------------------------------------------------------------


def organisation_for_workforce(*, user: Person, slug: str) -> Organisation:
    """A body whose workforce figures the person may see: 404 to everyone else."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.has(user, "skills.view_body", organisation):
        raise Http404("No such public body.")
    return organisation


def organisation_workforce(*, organisation: Organisation, period: Period | None) -> QuerySet[WorkforceLine]:
    return (
        WorkforceLine.objects.filter(organisation=organisation, period=period)
        .select_related("role__family", "period")
        .order_by("role__family__position", "role__name")
    )


def organisation_periods(*, organisation: Organisation) -> list[Period]:
    return list(
        Period.objects.filter(_has_lines(period=OuterRef("pk"), organisation=organisation)).order_by("start")
    )


def organisations_with_workforce(*, organisation_ids: set[int] | None) -> QuerySet[Organisation]:
    bodies = Organisation.objects.filter(_has_lines(organisation=OuterRef("pk"))).order_by("name")
    if organisation_ids is not None:
        bodies = bodies.filter(pk__in=organisation_ids)
    return bodies


# --- Programme needs --------------------------------------------------------------------------


def programme_for_user(*, user: Person, public_id, change: bool = False) -> Programme:
    """A programme whose skills needs the person may see (404 otherwise) and, with `change`,
    may change (403 otherwise)."""
    programme = Programme.objects.select_related("organisation").filter(public_id=public_id).first()
    if programme is None or not permissions.has(user, "skills.view_body", programme.organisation):
        raise Http404("No such programme.")
    if change:
        permissions.check(user, "skills.change", programme.organisation)
    return programme


def programme_needs(*, programme: Programme) -> QuerySet[ProgrammeNeed]:
    return programme.skill_needs.select_related("role__family", "period").order_by(
        "period__start", "role__name"
    )


def need_for_user(*, user: Person, public_id, change: bool = False) -> ProgrammeNeed:
    need = (
        ProgrammeNeed.objects.select_related("programme__organisation", "role", "period")
        .filter(public_id=public_id)
        .first()
    )
    if need is None or not permissions.has(user, "skills.view_body", need.programme.organisation):
        raise Http404("No such need.")
    if change:
        permissions.check(user, "skills.change", need.programme.organisation)
    return need


def programmes_with_needs(*, organisation_ids: set[int] | None) -> QuerySet[Programme]:
    programmes = (
        Programme.objects.filter(skill_needs__isnull=False)
        .select_related("organisation")
        .annotate(need_rows=Count("skill_needs"))
        .order_by("title")
    )
    if organisation_ids is not None:
        programmes = programmes.filter(organisation_id__in=organisation_ids)
    return programmes


# --- Initiatives ------------------------------------------------------------------------------


def initiative_list(*, kind: str = "", family: str = "", year: int | None = None) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.select_related("organisation").annotate(
        target_total=Sum("targets__target", filter=_target_filter(family, year)),
        delivered_total=Sum("targets__delivered", filter=_target_filter(family, year)),
    )
    if kind:
        initiatives = initiatives.filter(kind=kind)
    if family:
        initiatives = initiatives.filter(targets__family__slug=family).distinct()
    if year:
        initiatives = initiatives.filter(targets__year=year).distinct()
    return initiatives.order_by("name")


def _target_filter(family: str, year: int | None) -> Q:
    condition = Q()
    if family:
        condition &= Q(targets__family__slug=family)
    if year:
        condition &= Q(targets__year=year)
    return condition


def initiative_targets_by_family(
    *, kind: str = "", year: int | None = None
) -> list[tuple[RoleFamily, int, int]]:
    """(family, target, delivered) for the year (every year when None)."""
    targets = InitiativeTarget.objects.all()
    if kind:
        targets = targets.filter(initiative__kind=kind)
    if year:
        targets = targets.filter(year=year)
    found = {
        row["family"]: (row["target"] or 0, row["delivered"] or 0)
        for row in targets.values("family")
        .annotate(target=Sum("target"), delivered=Sum("delivered"))
        .order_by()
    }
    return [(family, *found.get(family.pk, (0, 0))) for family in RoleFamily.objects.all()]


def initiative_targets_by_year(*, kind: str = "", family: str = "") -> list[tuple[int, int, int]]:
    targets = InitiativeTarget.objects.all()
    if kind:
        targets = targets.filter(initiative__kind=kind)
    if family:
        targets = targets.filter(family__slug=family)
    return [
        (row["year"], row["target"] or 0, row["delivered"] or 0)
        for row in targets.values("year")
        .annotate(target=Sum("target"), delivered=Sum("delivered"))
        .order_by("year")
    ]


def initiative_years() -> list[int]:
    return sorted(set(InitiativeTarget.objects.values_list("year", flat=True)))


def initiative_get(*, public_id) -> Initiative:
    initiative = Initiative.objects.select_related("organisation").filter(public_id=public_id).first()
    if initiative is None:
        raise Http404("No such initiative.")
    return initiative


def initiative_for_editing(*, user: Person, public_id) -> Initiative:
    initiative = initiative_get(public_id=public_id)
    permissions.check(user, "skills.change", initiative.organisation)
    return initiative


def initiative_target_for_editing(*, user: Person, public_id) -> InitiativeTarget:
    target = (
        InitiativeTarget.objects.select_related("initiative__organisation", "family")
        .filter(public_id=public_id)
        .first()
    )
    if target is None:
        raise Http404("No such target.")
    permissions.check(user, "skills.change", target.initiative.organisation)
    return target


def initiative_targets(*, initiative: Initiative) -> QuerySet[InitiativeTarget]:
    return initiative.targets.select_related("family").order_by("year", "family__position")


def editable_bodies(*, user: Person) -> QuerySet[Organisation]:
    ids = permissions.editable_organisation_ids(user)
    bodies = Organisation.objects.filter(active=True).order_by("name")
    return bodies if ids is None else bodies.filter(pk__in=ids)


def period_is_illustrative(*, period: Period | None) -> bool:
    return period is not None and WorkforceLine.objects.filter(period=period, illustrative=True).exists()


def initiative_target_rows(
    *, kind: str = "", family: str = "", year: int | None = None
) -> QuerySet[InitiativeTarget]:
    targets = InitiativeTarget.objects.select_related("initiative__organisation", "family")
    if kind:
        targets = targets.filter(initiative__kind=kind)
    if family:
        targets = targets.filter(family__slug=family)
    if year:
        targets = targets.filter(year=year)
    return targets.order_by("initiative__name", "year", "family__position")


# --- For prioritisation: needs and capacity by role family -----------------------------------


def needs_by_family(
    *, programme_ids: Sequence[int], labels: list[str]
) -> dict[int, dict[tuple[str, str], float]]:
    """{programme id: {(family slug, quarter label): FTE}} over these quarters."""
    needs: dict[int, dict[tuple[str, str], float]] = defaultdict(dict)
    rows = (
        ProgrammeNeed.objects.filter(programme_id__in=list(programme_ids), period__label__in=labels)
        .values("programme_id", "role__family__slug", "period__label")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    for row in rows:
        needs[row["programme_id"]][(row["role__family__slug"], row["period__label"])] = float(row["fte"] or 0)
    return needs


def capacity_by_family(*, period: Period | None, organisation_ids: set[int] | None) -> dict[str, float]:
    """{family slug: FTE in post (permanent and contractors)} in these bodies' returns for the period."""
    if period is None:
        return {}
    rows = (
        _lines(period=period, organisation_ids=organisation_ids)
        .values("role__family__slug")
        .annotate(in_post=Sum(F("permanent") + F("contractors")))
        .order_by()
    )
    return {row["role__family__slug"]: float(row["in_post"] or 0) for row in rows}


def bodies_with_workforce_return(*, period: Period | None, organisation_ids: set[int]) -> set[int]:
    if period is None:
        return set()
    return set(
        WorkforceLine.objects.filter(period=period, organisation_id__in=organisation_ids)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
