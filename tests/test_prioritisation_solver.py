"""The optimiser against brute force: on small portfolios, no subset that meets every constraint
is worth more than the one HiGHS chooses, and an impossible scenario names its conflict."""

import itertools
import random
import time

import pytest

from panorama.prioritisation.solver import PORTFOLIO_GAP, Candidate, Problem, fits, gap_for, greedy, solve

YEARS = ["2026-27", "2027-28", "2028-29"]
QUARTERS = ["2026-27 Q1", "2026-27 Q2"]
FAMILIES = ["data", "software"]


def brute_force(problem: Problem) -> float | None:
    best = None
    keys = [c.key for c in problem.candidates]
    value = {c.key: c.value for c in problem.candidates}
    for size in range(len(keys) + 1):
        for subset in itertools.combinations(keys, size):
            chosen = set(subset)
            if fits(problem, chosen):
                total = sum(value[k] for k in chosen)
                best = total if best is None else max(best, total)
    return best


def random_problem(seed: int, *, n: int = 10) -> Problem:
    rng = random.Random(seed)
    candidates = []
    for key in range(1, n + 1):
        candidates.append(
            Candidate(
                key=key,
                label=f"P{key}",
                value=round(rng.uniform(0, 10), 2),
                cost={y: float(rng.randint(0, 40)) for y in YEARS},
                groups=(rng.choice(["sector:health", "sector:justice"]),),
                need={(f, q): float(rng.randint(0, 4)) for f in FAMILIES for q in QUARTERS},
                commitments=tuple(rng.sample(range(1, 7), rng.randint(0, 2))),
                locked=rng.random() < 0.1,
            )
        )
    total = sum(sum(c.cost.values()) for c in candidates) / len(YEARS)
    envelopes = {("total", y): total * rng.uniform(0.35, 0.7) for y in YEARS}
    envelopes[("sector:health", YEARS[1])] = total * 0.3
    requires = []
    for _ in range(rng.randint(1, 4)):
        a, b = rng.sample(range(1, n + 1), 2)
        requires.append((a, b))
    return Problem(
        candidates=candidates,
        years=YEARS,
        envelopes=envelopes,
        capacity={"data": 14.0, "software": 11.0},
        requires=requires,
        ambition_of={c: ("a1" if c <= 3 else "a2") for c in range(1, 7)},
        min_coverage={"a1": 1} if seed % 3 == 0 else {},
    )


@pytest.mark.parametrize("seed", range(40))
def test_choice_is_as_good_as_the_best_subset(seed):
    problem = random_problem(seed)
    best = brute_force(problem)
    solution = solve(problem)
    if best is None:
        assert solution.status == "infeasible"
        return
    assert solution.status == "optimal"
    assert fits(problem, solution.chosen)
    assert solution.value == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_greedy_rule_never_beats_the_optimum(seed):
    problem = random_problem(seed)
    solution = solve(problem)
    if solution.status != "optimal":
        return
    chosen = greedy(problem)
    if fits(problem, chosen):
        assert sum(c.value for c in problem.candidates if c.key in chosen) <= solution.value + 1e-6


def test_dependant_is_chosen_only_with_what_it_depends_on():
    # B is worth a lot but depends on A, which the envelope cannot hold beside it.
    problem = Problem(
        candidates=[
            Candidate(1, "A", 1.0, {"2026-27": 60.0}),
            Candidate(2, "B", 10.0, {"2026-27": 50.0}),
            Candidate(3, "C", 4.0, {"2026-27": 50.0}),
        ],
        years=["2026-27"],
        envelopes={("total", "2026-27"): 100.0},
        requires=[(2, 1)],
    )
    solution = solve(problem)
    assert solution.value == pytest.approx(brute_force(problem))
    assert 2 not in solution.chosen


def test_locked_programme_is_kept_even_when_worth_little():
    problem = Problem(
        candidates=[
            Candidate(1, "A", 0.1, {"2026-27": 80.0}, locked=True),
            Candidate(2, "B", 9.0, {"2026-27": 50.0}),
        ],
        years=["2026-27"],
        envelopes={("total", "2026-27"): 100.0},
    )
    assert solve(problem).chosen == {1}


def test_skills_capacity_limits_the_choice_in_the_busiest_quarter():
    problem = Problem(
        candidates=[
            Candidate(1, "A", 5.0, {}, need={("data", "Q1"): 3.0}),
            Candidate(2, "B", 4.0, {}, need={("data", "Q2"): 3.0}),
            Candidate(3, "C", 3.0, {}, need={("data", "Q1"): 2.0}),
        ],
        years=[],
        envelopes={},
        capacity={"data": 4.0},
    )
    # A and C together need 5 FTE in Q1, one more than there is.
    assert solve(problem).chosen == {1, 2}


def test_per_year_envelope_binds_in_its_year_only():
    problem = Problem(
        candidates=[
            Candidate(1, "A", 5.0, {"2026-27": 10.0, "2027-28": 90.0}),
            Candidate(2, "B", 4.0, {"2026-27": 90.0, "2027-28": 10.0}),
        ],
        years=["2026-27", "2027-28"],
        envelopes={("total", "2026-27"): 100.0, ("total", "2027-28"): 50.0},
    )
    assert solve(problem).chosen == {2}


def test_infeasible_scenario_names_the_constraints_that_conflict():
    # Two locked programmes need 150 in a year whose envelope is 100; C and the skills are innocent.
    problem = Problem(
        candidates=[
            Candidate(1, "A", 1.0, {"2026-27": 80.0}, locked=True),
            Candidate(2, "B", 1.0, {"2026-27": 70.0}, locked=True),
            Candidate(3, "C", 1.0, {"2026-27": 10.0, "2027-28": 500.0}, need={("data", "Q1"): 9.0}),
        ],
        years=["2026-27", "2027-28"],
        envelopes={("total", "2026-27"): 100.0, ("total", "2027-28"): 100.0},
        capacity={"data": 1.0},
    )
    solution = solve(problem)
    assert solution.status == "infeasible"
    assert solution.conflicts_complete
    assert sorted(r.label for r in solution.conflicts) == [
        "A is locked in",
        "B is locked in",
        "Total envelope for 2026-27",
    ]


def test_conflict_through_a_dependency_names_the_dependency():
    problem = Problem(
        candidates=[
            Candidate(1, "A", 1.0, {"2026-27": 10.0}, locked=True),
            Candidate(2, "Platform", 1.0, {"2026-27": 200.0}),
        ],
        years=["2026-27"],
        envelopes={("total", "2026-27"): 100.0},
        requires=[(1, 2)],
    )
    solution = solve(problem)
    assert solution.status == "infeasible"
    assert sorted(r.kind for r in solution.conflicts) == ["dependency", "envelope", "lock"]


def test_minimum_coverage_that_cannot_be_met_is_named():
    problem = Problem(
        candidates=[
            Candidate(1, "A", 1.0, {"2026-27": 80.0}, commitments=(1,)),
            Candidate(2, "B", 1.0, {"2026-27": 80.0}, commitments=(2,)),
        ],
        years=["2026-27"],
        envelopes={("total", "2026-27"): 100.0},
        ambition_of={1: "a", 2: "a"},
        min_coverage={"a": 2},
        labels={"a": "Ambition 1"},
    )
    solution = solve(problem)
    assert solution.status == "infeasible"
    assert {r.kind for r in solution.conflicts} == {"envelope", "coverage"}


def _crowded_infeasible(n: int) -> Problem:
    # Every programme is locked and relies on the next, and the envelope holds only half of them:
    # thousands of constraints could take part in the conflict.
    return Problem(
        candidates=[Candidate(k, f"P{k}", 1.0, {"2026-27": 10.0}, locked=k % 2 == 0) for k in range(n)],
        years=["2026-27"],
        envelopes={("total", "2026-27"): 10.0 * n / 4},
        requires=[(k, k + 1) for k in range(n - 1)],
    )


def test_naming_a_large_conflict_stops_at_its_time_bound_and_says_so():
    problem = _crowded_infeasible(4000)
    started = time.monotonic()
    solution = solve(problem, conflict_seconds=1.0)
    elapsed = time.monotonic() - started
    assert solution.status == "infeasible"
    assert not solution.conflicts_complete
    assert "stopped narrowing the conflict down after 1 second:" in solution.conflicts_note
    assert f"these {len(solution.conflicts)} constraints" in solution.conflicts_note
    # What it lists still holds the conflict: the envelope is among them.
    assert "Total envelope for 2026-27" in {r.label for r in solution.conflicts}
    assert elapsed < 1.0 + solution.seconds + 2.0


def test_a_conflict_among_many_constraints_is_narrowed_in_chunks_to_an_irreducible_set():
    # Two locked programmes overflow the envelope; 300 innocent dependencies sit beside them.
    candidates = [Candidate(1, "A", 1.0, {"2026-27": 80.0}, locked=True)]
    candidates += [Candidate(2, "B", 1.0, {"2026-27": 70.0}, locked=True)]
    candidates += [Candidate(k, f"P{k}", 1.0, {"2026-27": 0.0}) for k in range(3, 303)]
    problem = Problem(
        candidates=candidates,
        years=["2026-27"],
        envelopes={("total", "2026-27"): 100.0},
        requires=[(k, k + 1) for k in range(3, 302)],
    )
    solution = solve(problem)
    assert solution.conflicts_complete and solution.conflicts_note == ""
    assert sorted(r.label for r in solution.conflicts) == [
        "A is locked in",
        "B is locked in",
        "Total envelope for 2026-27",
    ]


def test_small_scenarios_are_solved_exactly_and_national_ones_within_the_portfolio_gap():
    small = Problem(candidates=[Candidate(k, f"P{k}", 1.0, {}) for k in range(10)], years=[], envelopes={})
    large = Problem(
        candidates=[Candidate(k, f"P{k}", 1.0, {}) for k in range(20_000)], years=[], envelopes={}
    )
    assert gap_for(small) == 1e-6
    assert gap_for(large) == PORTFOLIO_GAP == 1e-3
