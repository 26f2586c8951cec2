"""The catalogue of figures: every headline number Panorama shows, defined once.

A `Figure` says what a number means (key, label, definition, unit, rounding, the period it covers,
actual or forecast, the returns it comes from, the list of records behind it) and how it is computed.
Pages, the API, the open data and reports never compute a headline number themselves: they ask
`read()` for readings of figures by key, and show `Reading.display` with its period, basis and
coverage, linking to `Reading.records_url`.

`core` imports no domain app, so the figures themselves are defined by the app that composes the
others (`panorama.picture.catalogue`) and registered here when Django starts; any app can then read a
figure by its key without importing the app that defines it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import partial
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .models import Period, PeriodKind
from .periods import financial_year_of, label_for, parse_label, quarter_of, span


class Unit(StrEnum):
    COUNT = "count"
    MONEY = "£"
    SHARE = "%"  # stored as a fraction (0.3085), shown as a percentage (30.9 %)
    FTE = "FTE"


class Basis(StrEnum):
    ACTUAL = "actual"
    FORECAST = "forecast"
    BUDGET = "budget"
    REGISTER = "register"  # the register's state when read (commitments, programmes, platforms)
    RETURNS = "returns"  # what the period's returns say


class Covers(StrEnum):
    QUARTER = "the chosen quarter"
    YEAR = "the financial year of the chosen period"
    NOW = "the register as it stands"


# --- Periods: one reporting period for the whole picture. ---------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The period the picture is for: a quarter (`2025-26 Q3`) or a financial year (`2025-26`)."""

    label: str
    year: int
    quarter: int | None
    start: datetime.date
    end: datetime.date
    # Found by the default rule (the period the picture reports on now), so a page that opened on
    # it need not look the default up again. Not part of the period's identity.
    is_default: bool = field(default=False, compare=False)

    @property
    def as_of(self) -> datetime.date:
        """The day figures are judged on: the period's end, or today while it is still running."""
        return min(self.end, datetime.date.today())

    @property
    def year_label(self) -> str:
        return label_for(self.year)

    @property
    def ended(self) -> bool:
        return self.end < datetime.date.today()

    def period(self) -> Period | None:
        return Period.objects.filter(label=self.label).first()

    def year_period(self) -> Period | None:
        return Period.objects.filter(label=self.year_label, kind=PeriodKind.YEAR).first()

    def previous(self) -> "Scope":
        """The quarter (or year) before this one."""
        if self.quarter is None:
            return scope_of(self.year - 1)
        return scope_of(self.year, self.quarter - 1) if self.quarter > 1 else scope_of(self.year - 1, 4)


def scope_of(year: int, quarter: int | None = None, *, is_default: bool = False) -> Scope:
    start, end = span(year, quarter)
    return Scope(
        label=label_for(year, quarter),
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        is_default=is_default,
    )


def current() -> Scope:
    """Today's quarter, found without the database (for figures of the register as it stands)."""
    today = datetime.date.today()
    return scope_of(financial_year_of(today), quarter_of(today))


_default_period: Callable[[], tuple[int, int | None] | None] | None = None


def set_default_period(finder: Callable[[], tuple[int, int | None] | None]) -> None:
    """Register the rule for the period the picture opens on (the app that composes the returns
    does, at start-up)."""
    global _default_period
    _default_period = finder


def scope_for(label: str = "") -> Scope:
    """The scope for `label`; when it is blank, the default period (the latest with accepted
    returns), else the current quarter. Raises ValueError with a sentence for a label that is not a
    period."""
    if label.strip():
        return scope_of(*parse_label(label))
    found = _default_period() if _default_period else None
    if found:
        return scope_of(*found, is_default=True)
    today = datetime.date.today()
    return scope_of(financial_year_of(today), quarter_of(today), is_default=True)


SESSION_KEY = "panorama_period"


def remember(request, label: str) -> None:
    """Keep a period another page chose (a financial year on the investment pages) as the picture's."""
    session = getattr(request, "session", None)
    if session is not None and label and session.get(SESSION_KEY) != label:
        try:
            scope_for(label)
        except ValueError:
            return
        session[SESSION_KEY] = label


def scope_from_request(request) -> tuple[Scope, str]:
    """The period a page shows: `?period=` when given (and remembered for the next page), else the
    one chosen earlier in this session, else the default. A bad label gives the default with a
    sentence saying why."""
    asked = (request.GET.get("period") or "").strip()
    session = getattr(request, "session", None)
    if asked:
        try:
            scope = scope_for(asked)
        except ValueError as exc:
            return scope_for(""), f"{exc}. Showing the default period instead."
        if session is not None and session.get(SESSION_KEY) != scope.label:
            session[SESSION_KEY] = scope.label
        return scope, ""
    remembered = session.get(SESSION_KEY, "") if session is not None else ""
    if remembered:
        try:
            return scope_for(remembered), ""
        except ValueError:
            session.pop(SESSION_KEY, None)
    return scope_for(""), ""


# --- Figures. -------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a figure's computation gives: the value (None: no data), and what it rests on."""

    value: Any = None
    basis: str = ""  # actual / forecast / budget / register / returns
    period: str = ""  # the period the value covers, when not the chosen one (a year, "today")
    coverage: str = ""  # "from 57 of 98 bodies' finance returns; 61 % of last year's known spend"
    note: str = ""  # why there is no value, and where there is one
    nearest: str = ""  # the nearest period label that has data, when this one has none
    count: int | None = None  # for totals: how many records make it up


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    unit: Unit
    covers: Covers
    sources: tuple[str, ...]
    compute: Callable[["Context"], Result]
    records: str = ""  # the name of the list of records behind it (a drill-down list)
    decimals: int = 0  # for shares: decimals of the percentage; for money: see `display`
    permission: str = ""  # the permission a reader needs to see it ("" for everyone)
    per_reader: bool = False  # limited to the bodies the reader may see
    # The same figure for each of some bodies ({organisation id: value}), for body pages beside their
    # sector's median; `body_permission` is what a reader needs on the body to see it there.
    by_body: Callable[["Context", list[int]], dict[int, Any]] | None = None
    body_permission: str = ""
    history: bool = True  # can be computed for an earlier period (a trend)
    area: str = ""  # the part of the picture: completeness, commitments, programmes, investment …

    @property
    def rounding(self) -> str:
        match self.unit:
            case Unit.COUNT:
                return "a whole number"
            case Unit.FTE:
                return "to one decimal place of a full-time equivalent"
            case Unit.SHARE:
                return f"a percentage to {self.decimals} decimal place{'s' if self.decimals != 1 else ''}"
            case Unit.MONEY:
                return "to £0.1m (£0.01bn from £1bn; to the pound under £1m)"
        return ""


class _Shown:
    """What every reading of a figure shows: its key, its value written the catalogue's one way, and
    that value as rounded for machines (the consistency tests compare it)."""

    figure: "Figure"
    value: Any

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def display(self) -> str:
        return format_value(self.value, self.figure.unit, self.figure.decimals)

    @property
    def raw(self) -> str:
        if self.value is None:
            return ""
        return str(rounded(self.value, self.figure.unit, self.figure.decimals))


@dataclass
class Reading(_Shown):
    figure: Figure
    value: Any
    scope: Scope
    basis: str
    period: str
    coverage: str
    note: str
    nearest: str
    reach: str  # "across the public sector" or "in your bodies"
    records_url: str = ""
    api_url: str = ""
    count: int | None = None

    def as_json(self, build_uri: Callable[[str], str]) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = rounded(value, self.figure.unit, self.figure.decimals)
        return {
            "key": self.key,
            "label": self.figure.label,
            "value": value,
            "display": self.display,
            "unit": self.figure.unit.name.lower(),
            "period": self.period,
            "basis": self.basis,
            "coverage": self.coverage,
            "reach": self.reach,
            "note": self.note,
            "records": build_uri(self.api_url) if self.api_url else None,
            "page": build_uri(self.records_url) if self.records_url else None,
        }


def rounded(value: Any, unit: Unit, decimals: int = 0) -> Any:
    """The value as the catalogue rounds it: counts whole, FTE to 0.1, money to the penny, shares
    to a fraction with `decimals` places of percentage. Half rounds up, everywhere."""
    if value is None:
        return None
    match unit:
        case Unit.COUNT:
            return int(value)
        case Unit.FTE:
            return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        case Unit.SHARE:
            return Decimal(value).quantize(Decimal(1).scaleb(-(decimals + 2)), rounding=ROUND_HALF_UP)
        case Unit.MONEY:
            return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return value


def format_value(value: Any, unit: Unit, decimals: int = 0) -> str:
    """The one way a figure is written: 1,204; £317.9m; 30.9%; 12.5 FTE; — for no data."""
    if value is None or value == "":
        return "—"
    value = rounded(value, unit, decimals)
    match unit:
        case Unit.COUNT:
            return f"{value:,}"
        case Unit.FTE:
            return f"{value:,} FTE"
        case Unit.SHARE:
            return f"{value * 100:.{decimals}f}%"
        case Unit.MONEY:
            return format_money(value)
    return str(value)


def format_money(value: Any) -> str:
    """£1.25bn, £34.5m, £12,300, rounding half up (so a chart and its table agree)."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{(value / 1_000_000_000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}bn"
    if value >= 1_000_000:
        return f"{sign}£{(value / 1_000_000).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}m"
    return f"{sign}£{value.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}"


def format_share(value: Any, decimals: int = 0) -> str:
    return format_value(value, Unit.SHARE, decimals)


@dataclass
class Context:
    """What a figure is computed for: the period, the reader, and what figures computed for the
    same page share (the year's money, the period's completeness), computed once."""

    scope: Scope
    reader: Any
    full: bool  # the reader may see every body's figures
    shared: dict = field(default_factory=dict)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]


FULL = "picture.view_all"  # may see every body's figures: no "in your bodies"
_figures: dict[str, Figure] = {}
_links: dict[str, Callable[[Figure, Scope], tuple[str, str]]] = {}
# Replaced at start-up by the permission module's check: may(reader, "picture.view_all"[, body]).
_may: Callable[..., bool] = lambda reader, permission, organisation=None: False  # noqa: E731


def define(figure: Figure) -> Figure:
    if figure.key in _figures and _figures[figure.key] is not figure:
        raise ImproperlyConfigured(f"The figure {figure.key!r} is defined twice.")
    _figures[figure.key] = figure
    return figure


def set_links(
    links: Callable[[Figure, Scope, Any], tuple[str, str]],
    may: Callable[..., bool],
    items: Callable[[Figure, Scope], Any] | None = None,
) -> None:
    """Register how a figure's records are addressed for a reader (page, API; blank where the
    reader may not see them) and listed, and the permission check."""
    global _may
    _links["records"] = links
    if items is not None:
        _links["items"] = items
    _may = may


def records(key: str, *, scope: Scope | None = None) -> Any:
    """The records behind a figure (a queryset where it can be): what its value counts or adds up,
    for any app that filters or marks the same things (the strategy pages' unowned commitments)."""
    figure = get(key)
    if not figure.records or "items" not in _links:
        raise KeyError(f"The figure {key!r} has no list of records.")
    return _links["items"](figure, scope or scope_for(""))


def figures() -> list[Figure]:
    return list(_figures.values())


def get(key: str) -> Figure:
    try:
        return _figures[key]
    except KeyError:
        raise KeyError(f"No figure {key!r} in the catalogue.") from None


def visible(figure: Figure, reader: Any) -> bool:
    return not figure.permission or _may(reader, figure.permission)


def reader_kind(reader: Any) -> tuple:
    """Readers who are shown the same figures: every signed-out reader; everyone who may see every
    body's figures, by global role (what else they may see depends on it alone); else one reader."""
    if not getattr(reader, "is_authenticated", False):
        return ("anonymous",)
    if _may(reader, FULL):
        return ("full", getattr(reader, "global_role", ""))
    return ("reader", reader.pk)


def context(*, scope: Scope, reader: Any) -> Context:
    return Context(scope=scope, reader=reader, full=_may(reader, FULL))


def read(
    keys: Iterable[str] | None = None, *, scope: Scope, reader: Any, ctx: Context | None = None
) -> dict[str, Reading]:
    """Readings of the figures named (every figure the reader may see, when None), in order."""
    ctx = ctx or context(scope=scope, reader=reader)
    chosen = [get(k) for k in keys] if keys is not None else figures()
    readings = {}
    for figure in chosen:
        if not visible(figure, ctx.reader):
            continue
        readings[figure.key] = reading(figure, ctx)
    return readings


def nest(readings: dict[str, Reading]) -> dict[str, dict[str, Reading]]:
    """Readings keyed as templates address them: `r.commitments.unowned` for "commitments.unowned"."""
    nested: dict[str, dict[str, Reading]] = {}
    for key, value in readings.items():
        group, name = key.split(".", 1)
        nested.setdefault(group, {})[name] = value
    return nested


_snapshots: Callable[[str], dict[str, tuple[Any, bool]]] | None = None


def set_snapshots(finder: Callable[[str], dict[str, tuple[Any, bool]]]) -> None:
    """Register where figures of the register kept at a quarter's close are found:
    finder(period label) → {key: (value, illustrative)}."""
    global _snapshots
    _snapshots = finder


def _kept(figure: Figure, ctx: Context) -> Result | None:
    """For a figure of the register as it stands, and a period before the one the picture is
    reporting on now: the value kept when that period closed (or a note that none was kept). None
    for every other figure and period: those are computed."""
    if figure.covers != Covers.NOW or _snapshots is None:
        return None
    # The period reporting now: the page's own when it opened on the default (found once per request).
    now = ctx.scope if ctx.scope.is_default else ctx.once("default-scope", lambda: scope_for(""))
    if ctx.scope.end >= now.start:
        return None
    kept = ctx.once(f"snapshots-{ctx.scope.label}", lambda: _snapshots(ctx.scope.label))
    closed = f"as at {ctx.scope.end:%-d %B %Y}"
    if figure.key not in kept:
        return Result(
            period=closed,
            note=f"Not kept for {ctx.scope.label}: this figure counts the register as it stands, and is "
            "kept at each quarter's close.",
        )
    value, illustrative = kept[figure.key]
    return Result(
        value=value,
        basis="kept at the quarter's close" + (" (illustrative)" if illustrative else ""),
        period=closed,
    )


def reading(figure: Figure, ctx: Context) -> Reading:
    kept = _kept(figure, ctx)
    result = kept or figure.compute(ctx)
    records_url, api_url = ("", "")
    if figure.records and "records" in _links and kept is None:
        records_url, api_url = _links["records"](figure, ctx.scope, ctx.reader)
    reach = "in your bodies" if figure.per_reader and not ctx.full else "across the public sector"
    return Reading(
        figure=figure,
        value=result.value,
        scope=ctx.scope,
        basis=result.basis,
        period=result.period or ctx.scope.label,
        coverage=result.coverage,
        note=result.note,
        nearest=result.nearest,
        reach=reach,
        records_url=records_url,
        api_url=api_url,
        count=result.count,
    )


@dataclass
class BodyReading(_Shown):
    """A figure for one body, beside the median of its peers (the bodies of its sector)."""

    figure: Figure
    value: Any
    median: Any
    peers: int
    period: str
    basis: str

    @property
    def median_display(self) -> str:
        return format_value(self.median, self.figure.unit, self.figure.decimals)


def read_body(
    keys: Iterable[str], *, scope: Scope, reader: Any, organisation: Any, peers: list[int]
) -> list[BodyReading]:
    """Figures for one body beside the median of `peers` (ids, the body among them), each the
    catalogue's own figure broken down by body; those the reader may not see for this body are left
    out. A peer with no value (no returns) is left out of the median, not counted as zero."""
    import statistics

    from .answers import SITE, kept_value

    ctx = context(scope=scope, reader=reader)
    # Every body of a sector is compared with the same peers: the peers' values (and the figure's
    # period and basis) are kept until the next write, for every reader of the same kind.
    kind = reader_kind(reader)
    found = []
    for figure in (get(k) for k in keys):
        if figure.by_body is None or not visible(figure, reader):
            continue
        if figure.body_permission and not _may(reader, figure.body_permission, organisation):
            continue
        values = kept_value(
            SITE,
            ("by-body", figure.key, scope.label, tuple(peers), *kind),
            partial(figure.by_body, ctx, peers),
        )
        known = [v for v in values.values() if v is not None]
        median = statistics.median(known) if known else None
        # For the period and basis it covers (its parts are shared).
        result = kept_value(SITE, ("result", figure.key, scope.label, *kind), partial(figure.compute, ctx))
        found.append(
            BodyReading(
                figure=figure,
                value=values.get(organisation.pk),
                median=median,
                peers=len(known),
                period=result.period or ctx.scope.label,
                basis=result.basis,
            )
        )
    return found


def history(key: str, *, scope: Scope, reader: Any, periods: int = 8) -> list[Reading]:
    """The figure for this period and the ones before it, oldest first (a trend)."""
    figure = get(key)
    scopes = [scope]
    while len(scopes) < periods:
        scopes.append(scopes[-1].previous())
    full = _may(reader, FULL)
    return [reading(figure, Context(scope=s, reader=reader, full=full)) for s in reversed(scopes)]
