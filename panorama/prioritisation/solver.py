"""The choice itself: which programmes to continue, as a 0/1 integer programme solved by HiGHS.

Plain data in, plain data out, so that it is tested against brute force without a database:

    maximise   sum_p value_p * x_p
    subject to sum_p cost_(p,y) * x_p            <= envelope_(g,y)  every envelope g and year y
               sum_p need_(p,f,q) * x_p          <= capacity_f      every role family f, quarter q
               x_dependant                       <= x_prerequisite  every dependency
               x_p                               >= 1               every locked programme
               y_c <= sum_(p serves c) x_p, sum_(c in a) y_c >= m_a  minimum coverage of ambition a
               x_p in {0, 1}, 0 <= y_c <= 1

When no portfolio meets every constraint, a deletion filter over the constraints finds an
irreducible set that cannot all hold together (every one of them is needed for the conflict), and
that set is what the result names.
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import highspy
import numpy as np

TOLERANCE = 1e-6
# The relative gap at which the app and the benchmark accept a portfolio as optimal: it is proven
# within 0.1 % of the best possible. Policy weights are judgements, not measurements; closing the
# last 0.03 % at the national scale takes HiGHS another 20 s (bench/notes_prioritisation.md).
PORTFOLIO_GAP = 1e-3
# Up to this many candidates HiGHS proves the exact optimum in well under a second, so a body's or a
# forum's scenario is never left 0.08 % short for want of a moment's more search.
EXACT_UP_TO = 2_000


def gap_for(problem: "Problem") -> float:
    return 1e-6 if len(problem.candidates) <= EXACT_UP_TO else PORTFOLIO_GAP


# How long naming the constraints that conflict may take, on top of the solve that found them
# infeasible: each step of the search is a solve, and a national scenario has thousands of rows.
CONFLICT_SECONDS = 10.0


@dataclass
class Candidate:
    key: int
    label: str
    value: float
    cost: dict[str, float]  # year label -> £
    groups: tuple[str, ...] = ()  # the envelopes besides the total it counts against: "sector:x", "body:y"
    need: dict[tuple[str, str], float] = field(default_factory=dict)  # (family, quarter) -> FTE
    commitments: tuple[int, ...] = ()
    locked: bool = False


@dataclass
class Problem:
    candidates: list[Candidate]
    years: list[str]
    envelopes: dict[tuple[str, str], float]  # (group, year) -> £; the group "total" counts everyone
    capacity: dict[str, float] = field(default_factory=dict)  # family -> FTE (hiring included)
    requires: list[tuple[int, int]] = field(default_factory=list)  # (dependant key, prerequisite key)
    ambition_of: dict[int, str] = field(default_factory=dict)  # commitment -> ambition
    min_coverage: dict[str, int] = field(default_factory=dict)  # ambition -> commitments to keep served
    labels: dict[str, str] = field(default_factory=dict)  # family or ambition key -> its name


@dataclass
class Row:
    kind: str  # envelope, skills, dependency, lock, coverage
    label: str
    terms: dict[int, float]  # column -> coefficient
    lower: float
    upper: float
    key: tuple = ()


@dataclass
class Solution:
    status: str  # optimal, feasible (time limit with a portfolio), infeasible, no solution
    chosen: set[int] = field(default_factory=set)
    value: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    seconds: float = 0.0
    conflicts: list[Row] = field(default_factory=list)
    conflicts_complete: bool = True
    conflicts_note: str = ""


def _rows(problem: Problem) -> tuple[list[Row], int]:
    """Every constraint as a row over the columns: one per candidate, then one per commitment
    that a minimum coverage counts. Returns (rows, number of columns)."""
    index = {c.key: i for i, c in enumerate(problem.candidates)}
    rows: list[Row] = []
    members: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(problem.candidates):
        members["total"].append(i)
        for g in c.groups:
            members[g].append(i)
    for (group, year), amount in sorted(problem.envelopes.items()):
        terms = {
            i: problem.candidates[i].cost.get(year, 0.0)
            for i in members.get(group, [])
            if problem.candidates[i].cost.get(year)
        }
        name = "Total" if group == "total" else group.split(":", 1)[1]
        rows.append(Row("envelope", f"{name} envelope for {year}", terms, -np.inf, amount, (group, year)))
    demand: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for i, c in enumerate(problem.candidates):
        for (family, quarter), fte in c.need.items():
            if fte:
                demand[(family, quarter)][i] = fte
    for (family, quarter), terms in sorted(demand.items()):
        capacity = problem.capacity.get(family, 0.0)
        name = problem.labels.get(family, family)
        rows.append(
            Row("skills", f"{name} capacity in {quarter}", terms, -np.inf, capacity, (family, quarter))
        )
    for dependant, prerequisite in problem.requires:
        if dependant in index and prerequisite in index and dependant != prerequisite:
            d, p = problem.candidates[index[dependant]], problem.candidates[index[prerequisite]]
            rows.append(
                Row(
                    "dependency",
                    f"{d.label} depends on {p.label}",
                    {index[dependant]: 1.0, index[prerequisite]: -1.0},
                    -np.inf,
                    0.0,
                    (dependant, prerequisite),
                )
            )
    for i, c in enumerate(problem.candidates):
        if c.locked:
            rows.append(Row("lock", f"{c.label} is locked in", {i: 1.0}, 1.0, np.inf, (c.key,)))
    columns = len(problem.candidates)
    if problem.min_coverage:
        servers: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(problem.candidates):
            for commitment in c.commitments:
                servers[commitment].append(i)
        by_ambition: dict[str, list[int]] = defaultdict(list)
        for commitment in sorted(servers):
            ambition = problem.ambition_of.get(commitment)
            if ambition in problem.min_coverage:
                column = columns
                columns += 1
                # y_c - sum of its programmes <= 0: a commitment counts only if one of them continues.
                terms = {column: 1.0} | dict.fromkeys(servers[commitment], -1.0)
                rows.append(Row("link", "", terms, -np.inf, 0.0))
                by_ambition[ambition].append(column)
        for ambition, minimum in sorted(problem.min_coverage.items()):
            if minimum > 0:
                name = problem.labels.get(ambition, ambition)
                terms = dict.fromkeys(by_ambition.get(ambition, []), 1.0)
                rows.append(
                    Row(
                        "coverage",
                        f"At least {minimum} commitment{'s' if minimum != 1 else ''} of {name} kept served",
                        terms,
                        float(minimum),
                        np.inf,
                        (ambition,),
                    )
                )
    return rows, columns


def _highs(
    problem: Problem, rows: list[Row], columns: int, *, time_limit: float, gap: float
) -> highspy.Highs:
    """The whole model passed to HiGHS at once, its constraint matrix as compressed rows."""
    n = len(problem.candidates)
    starts = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum([len(r.terms) for r in rows], out=starts[1:])
    indices = np.fromiter((i for r in rows for i in r.terms), dtype=np.int32, count=int(starts[-1]))
    values = np.fromiter((v for r in rows for v in r.terms.values()), dtype=np.float64, count=int(starts[-1]))
    lp = highspy.HighsLp()
    lp.num_col_ = columns
    lp.num_row_ = len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate(
        [np.fromiter((c.value for c in problem.candidates), dtype=np.float64, count=n), np.zeros(columns - n)]
    )
    lp.col_lower_ = np.zeros(columns)
    lp.col_upper_ = np.ones(columns)
    lp.row_lower_ = np.array([r.lower for r in rows], dtype=np.float64)
    lp.row_upper_ = np.array([r.upper for r in rows], dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = columns
    lp.a_matrix_.num_row_ = len(rows)
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = indices
    lp.a_matrix_.value_ = values
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * (columns - n)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("threads", 1)
    # HiGHS's presolve spent 6 of the benchmark's 7 s probing 20,000 binaries and removed only 4 %
    # of the rows; without it the root LP and its heuristics reach a 0.03 % gap in under 3 s
    # (bench/notes_prioritisation.md). Small scenarios solve at once either way.
    h.setOptionValue("presolve", "off")
    h.passModel(lp)
    return h


def _could_bind(row: Row) -> bool:
    """False for a row that no portfolio can break (all it counts fits anyway): it can take no part
    in a conflict, so the search for one skips it."""
    if row.kind in ("envelope", "skills"):
        return sum(v for v in row.terms.values() if v > 0) > row.upper + TOLERANCE
    return row.kind != "link"


def _feasible(problem: Problem, rows: list[Row], columns: int, time_limit: float) -> bool | None:
    h = _highs(problem, rows, columns, time_limit=time_limit, gap=1.0)
    h.changeColsCost(
        len(problem.candidates),
        np.arange(len(problem.candidates), dtype=np.int32),
        np.zeros(len(problem.candidates)),
    )
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return False
    if h.getInfo().primal_solution_status == 2:
        return True
    return None


def _conflicts(
    problem: Problem, rows: list[Row], columns: int, *, seconds: float
) -> tuple[list[Row], bool, str]:
    """A deletion filter: drop constraints; if the rest are still infeasible, those dropped were
    not needed for the conflict. What remains is irreducible: relax any one and a portfolio exists.

    Constraints are dropped in chunks first (halving the chunk when a chunk is needed), so that a
    conflict among a few of thousands takes tens of solves, not thousands; the last pass drops
    them one at a time. The search stops after `seconds` and then says that what it lists holds a
    conflict but may hold more than the conflict."""
    deadline = time.monotonic() + seconds
    always = [r for r in rows if r.kind == "link"]
    keep = [r for r in rows if r.kind != "link" and _could_bind(r)]
    chunk = max(1, len(keep) // 8)
    while True:
        i = 0
        while i < len(keep):
            left = deadline - time.monotonic()
            if left <= 0:
                return keep, False, _unfinished(len(keep), seconds)
            trial = keep[:i] + keep[i + chunk :]
            verdict = _feasible(problem, always + trial, columns, left)
            if verdict is False:
                keep = trial  # still infeasible without them: not part of this conflict
            elif verdict is None:
                return keep, False, _unfinished(len(keep), seconds)
            else:
                i += chunk
        if chunk == 1:
            return keep, True, ""
        chunk = max(1, chunk // 2)


def _unfinished(count: int, seconds: float) -> str:
    return (
        f"Panorama stopped narrowing the conflict down after {seconds:g} second{'' if seconds == 1 else 's'}: some of these "
        f"{count} constraints cannot all hold together, but not every one of them need be part of "
        "the conflict. Relax the locks or the envelopes listed first, or choose among fewer programmes."
    )


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    gap: float = 1e-6,
    conflict_seconds: float = CONFLICT_SECONDS,
) -> Solution:
    started = time.monotonic()
    if not problem.candidates:
        # Nothing to choose: HiGHS reports no solution for an empty model, but "none" is optimal.
        return Solution("optimal", seconds=time.monotonic() - started)
    rows, columns = _rows(problem)
    h = _highs(problem, rows, columns, time_limit=time_limit, gap=gap)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    seconds = time.monotonic() - started
    if status == highspy.HighsModelStatus.kInfeasible:
        conflicts, complete, note = _conflicts(problem, rows, columns, seconds=conflict_seconds)
        return Solution(
            "infeasible",
            seconds=seconds,
            conflicts=conflicts,
            conflicts_complete=complete,
            conflicts_note=note,
        )
    if info.primal_solution_status != 2:
        return Solution("no solution", seconds=seconds)
    x = h.getSolution().col_value
    chosen = {c.key for i, c in enumerate(problem.candidates) if x[i] > 0.5}
    value = sum(c.value for c in problem.candidates if c.key in chosen)
    return Solution(
        "optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible",
        chosen=chosen,
        value=value,
        bound=float(info.mip_dual_bound),
        gap=float(info.mip_gap)
        if status != highspy.HighsModelStatus.kOptimal
        else min(float(info.mip_gap), gap),
        seconds=seconds,
    )


def prerequisites(problem: Problem) -> dict[int, set[int]]:
    """Every candidate's prerequisites among the candidates, transitively."""
    keys = {c.key for c in problem.candidates}
    direct: dict[int, set[int]] = defaultdict(set)
    for dependant, prerequisite in problem.requires:
        if dependant in keys and prerequisite in keys:
            direct[dependant].add(prerequisite)
    closure: dict[int, set[int]] = {}
    for key in keys:
        seen, stack = set(), list(direct.get(key, ()))
        while stack:
            k = stack.pop()
            if k not in seen and k != key:
                seen.add(k)
                stack.extend(direct.get(k, ()))
        closure[key] = seen
    return closure


def usage(
    problem: Problem, chosen: Iterable[int]
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """(money by (envelope group, year), FTE by (family, quarter)) the chosen programmes use."""
    chosen = set(chosen)
    money: dict[tuple[str, str], float] = defaultdict(float)
    people: dict[tuple[str, str], float] = defaultdict(float)
    for c in problem.candidates:
        if c.key not in chosen:
            continue
        for year, amount in c.cost.items():
            for group in ("total", *c.groups):
                money[(group, year)] += amount
        for key, fte in c.need.items():
            people[key] += fte
    return money, people


def fits(problem: Problem, chosen: set[int]) -> bool:
    """Whether a portfolio meets every constraint (used by the greedy rule and the tests)."""
    by_key = {c.key: c for c in problem.candidates}
    if any(c.locked and c.key not in chosen for c in problem.candidates):
        return False
    for dependant, prerequisite in problem.requires:
        if dependant in chosen and prerequisite in by_key and prerequisite not in chosen:
            return False
    money, people = usage(problem, chosen)
    for key, amount in problem.envelopes.items():
        if money.get(key, 0.0) > amount + TOLERANCE:
            return False
    for (family, _quarter), fte in people.items():
        if fte > problem.capacity.get(family, 0.0) + TOLERANCE:
            return False
    if problem.min_coverage:
        served = {commitment for c in problem.candidates if c.key in chosen for commitment in c.commitments}
        count: dict[str, int] = defaultdict(int)
        for commitment in served:
            count[problem.ambition_of.get(commitment, "")] += 1
        if any(count.get(a, 0) < m for a, m in problem.min_coverage.items()):
            return False
    return True


def greedy(problem: Problem) -> set[int]:
    """The obvious rule: locked programmes first, then rank by value per pound and take each
    (with any prerequisites it needs) while the envelopes and the people still fit."""
    closure = prerequisites(problem)
    by_key = {c.key: c for c in problem.candidates}
    chosen = {c.key for c in problem.candidates if c.locked}
    for key in list(chosen):
        chosen |= closure[key]
    money, people = usage(problem, chosen)

    def total_cost(c: Candidate) -> float:
        return sum(c.cost.values())

    ranked = sorted(
        (c for c in problem.candidates if c.key not in chosen and c.value > 0),
        key=lambda c: (-(c.value / total_cost(c)) if total_cost(c) else -np.inf, c.key),
    )
    for c in ranked:
        if c.key in chosen:
            continue
        bundle = [by_key[k] for k in ({c.key} | closure[c.key]) - chosen]
        extra_money: dict[tuple[str, str], float] = defaultdict(float)
        extra_people: dict[tuple[str, str], float] = defaultdict(float)
        for b in bundle:
            for year, amount in b.cost.items():
                for group in ("total", *b.groups):
                    extra_money[(group, year)] += amount
            for k, fte in b.need.items():
                extra_people[k] += fte
        if any(
            key in problem.envelopes and money.get(key, 0.0) + amount > problem.envelopes[key] + TOLERANCE
            for key, amount in extra_money.items()
        ):
            continue
        if any(
            people.get(k, 0.0) + fte > problem.capacity.get(k[0], 0.0) + TOLERANCE
            for k, fte in extra_people.items()
        ):
            continue
        for key, amount in extra_money.items():
            money[key] += amount
        for k, fte in extra_people.items():
            people[k] += fte
        chosen |= {b.key for b in bundle}
    return chosen
