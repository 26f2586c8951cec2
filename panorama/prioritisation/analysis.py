"""From a scenario to the optimiser's problem, and from its solution to what a page shows.

Everything is read through the owning apps' selectors: the register (programmes), the funding each
programme requires by year (finance), the commitments each serves and their ambitions (strategy),
needs by role family and quarter against the workforce in post (skills), reliance between
programmes (programmes' typed links), and the catalogue's figures for the data it rests on."""

import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser

from panorama.core import catalogue
from panorama.core.models import Period, PeriodKind
from panorama.finance import selectors as finance
from panorama.programmes import selectors as programmes
from panorama.programmes.models import CONFIDENCE_RANK, Phase, Programme
from panorama.skills import selectors as skills
from panorama.skills.models import RoleFamily
from panorama.strategy import selectors as strategy

from . import solver
from .models import Scenario

# A programme left out that would come back with at most this share more money (and the people it
# needs) is paused, waiting for money; one further from the margin is stopped.
PAUSE_MARGIN = 0.10
HONESTY_FIGURES = [
    "investment.funding_required",
    "investment.total_spend",
    "returns.completeness",
    "skills.vacancies",
    "skills.unstaffable",
]
FILTER_FIELDS = (
    "q",
    "organisation",
    "sector",
    "commitment",
    "phase",
    "confidence",
    "major",
    "platform",
    "tag",
)


def quarters_of(years: list[str]) -> list[str]:
    return [f"{year} Q{q}" for year in years for q in (1, 2, 3, 4)]


def confidence_factor(confidence: str, penalty: float) -> float:
    rank = CONFIDENCE_RANK.get(confidence, 3)  # not rated counts as amber
    return 1.0 - penalty * (5 - rank) / 4


def candidate_programmes(*, scenario: Scenario) -> list[Programme]:
    filters = programmes.RegisterFilters(
        **{k: str(v) for k, v in scenario.filters.items() if k in FILTER_FIELDS}
    )
    candidates = programmes.programme_list(filters=filters).active()
    if scenario.forum_id:
        candidates = candidates.filter(organisation_id__in=scenario.forum.members.values("organisation_id"))
    return list(candidates.select_related("organisation").prefetch_related("tags").order_by("pk"))


def build(*, scenario: Scenario) -> tuple[solver.Problem, dict[str, Any]]:
    """The problem, and what is needed to report on it (the programmes, commitments, families and
    what was left out for want of data)."""
    years = list(scenario.years)
    pool = candidate_programmes(scenario=scenario)
    ids = [p.pk for p in pool]
    periods = {p.label: p for p in Period.objects.filter(label__in=years, kind=PeriodKind.YEAR)}
    cost: dict[int, dict[str, float]] = defaultdict(dict)
    wanted = set(ids)
    for year in years:
        if year not in periods:
            continue
        for row in finance.funding_by_programme(period=periods[year], hydrate=False):
            if row.key in wanted and row.required:
                cost[row.key][year] = float(row.required)
    with_forecast = [p for p in pool if cost.get(p.pk)]
    without_forecast = [p for p in pool if not cost.get(p.pk)]
    ids = [p.pk for p in with_forecast]
    served = programmes.commitments_served(programme_ids=ids)
    index = strategy.commitment_index()
    servers: dict[int, int] = defaultdict(int)
    for commitment_ids in served.values():
        for c in commitment_ids:
            servers[c] += 1
    ambition_weight = {k: float(v) for k, v in scenario.ambition_weights.items()}
    commitment_weight = {k: float(v) for k, v in scenario.commitment_weights.items()}

    def weight(c: int) -> float:
        info = index[c]
        return commitment_weight.get(info["public_id"], ambition_weight.get(info["ambition"], 1.0))

    penalty = float(scenario.confidence_penalty)
    labels = quarters_of(years)
    needs = skills.needs_by_family(programme_ids=ids, labels=labels)
    locked_ids = {str(x) for x in scenario.locked}
    candidates = []
    for p in with_forecast:
        tags = {t.name for t in p.tags.all()}
        locked = (
            str(p.public_id) in locked_ids
            or (scenario.lock_advanced and p.phase in (Phase.BETA, Phase.LIVE))
            or bool(scenario.lock_tag and scenario.lock_tag in tags)
            or p.organisation.sector in scenario.lock_sectors
        )
        value = confidence_factor(p.confidence, penalty) * sum(
            weight(c) / servers[c] for c in served.get(p.pk, [])
        )
        candidates.append(
            solver.Candidate(
                key=p.pk,
                label=p.title,
                value=round(value, 6),
                cost=cost[p.pk],
                groups=(f"sector:{p.organisation.sector}", f"body:{p.organisation.slug}"),
                need=needs.get(p.pk, {}),
                commitments=tuple(served.get(p.pk, [])),
                locked=locked,
            )
        )
    envelopes: dict[tuple[str, str], float] = {}
    for year, amount in (scenario.envelopes.get("total") or {}).items():
        envelopes[("total", year)] = float(amount)
    for kind in ("sector", "body"):
        for name, by_year in (scenario.envelopes.get(kind) or {}).items():
            for year, amount in by_year.items():
                envelopes[(f"{kind}:{name}", year)] = float(amount)
    bodies = {p.organisation_id for p in with_forecast}
    workforce_period = skills.workforce_period_default()
    in_post = skills.capacity_by_family(period=workforce_period, organisation_ids=bodies)
    families = {f.slug: f.name for f in RoleFamily.objects.all()}
    hiring = {k: float(v) for k, v in scenario.hiring.items()}
    capacity = {slug: in_post.get(slug, 0.0) + hiring.get(slug, hiring.get("*", 0.0)) for slug in families}
    ambition_titles = {info["ambition"]: info["ambition_title"] for info in index.values()}
    problem = solver.Problem(
        candidates=candidates,
        years=years,
        envelopes=envelopes,
        capacity=capacity,
        requires=programmes.reliance_pairs(programme_ids=ids),
        ambition_of={c: info["ambition"] for c, info in index.items()},
        min_coverage={k: int(v) for k, v in scenario.min_coverage.items() if int(v) > 0},
        labels=families | ambition_titles,
    )
    context = {
        "programmes": {p.pk: p for p in with_forecast},
        "without_forecast": without_forecast,
        "commitments": index,
        "served": served,
        "in_post": in_post,
        "hiring": hiring,
        "families": families,
        "workforce_period": workforce_period,
        "bodies_with_workforce": skills.bodies_with_workforce_return(
            period=workforce_period, organisation_ids=bodies
        ),
        "bodies": bodies,
        "quarters": labels,
    }
    return problem, context


def _money(value: float) -> str:
    return f"{Decimal(value).quantize(Decimal('1'))}"


def run(*, scenario: Scenario, reader: Any, time_limit: float = 30.0) -> dict[str, Any]:
    """Solve the scenario and describe the result, as plain JSON-able data."""
    started = time.monotonic()
    problem, ctx = build(scenario=scenario)
    solution = solver.solve(problem, time_limit=time_limit, gap=solver.gap_for(problem))
    by_key = {c.key: c for c in problem.candidates}
    progs: dict[int, Programme] = ctx["programmes"]
    chosen = solution.chosen
    money, people = solver.usage(problem, chosen)
    closure = solver.prerequisites(problem)
    reliance = programmes.reliance_pairs(programme_ids=list(by_key))
    dependants: dict[int, set[int]] = defaultdict(set)
    for dependant, prerequisite in reliance:
        dependants[prerequisite].add(dependant)
    total_envelope = sum(v for (g, _), v in problem.envelopes.items() if g == "total") or 0.0

    def overflow(keys: set[int]) -> tuple[dict[str, float], float]:
        """The money more per year, and the most FTE more in any quarter, that bringing these
        programmes in beside everything chosen would need."""
        extra_money: dict[tuple[str, str], float] = defaultdict(float)
        extra_people: dict[tuple[str, str], float] = defaultdict(float)
        for k in keys:
            c = by_key[k]
            for year, amount in c.cost.items():
                for group in ("total", *c.groups):
                    extra_money[(group, year)] += amount
            for q, fte in c.need.items():
                extra_people[q] += fte
        by_year: dict[str, float] = defaultdict(float)
        for key, amount in extra_money.items():
            if key in problem.envelopes:
                over = money.get(key, 0.0) + amount - problem.envelopes[key]
                by_year[key[1]] = max(by_year[key[1]], over)
        fte = max(
            (people.get(q, 0.0) + v - problem.capacity.get(q[0], 0.0) for q, v in extra_people.items()),
            default=0.0,
        )
        return {y: v for y, v in by_year.items() if v > 0}, max(fte, 0.0)

    rows = []
    for c in problem.candidates:
        p = progs[c.key]
        entry = {
            "id": str(p.public_id),
            "title": p.title,
            "body": p.organisation.short_name or p.organisation.name,
            "sector": p.organisation.sector,
            "phase": p.get_phase_display(),
            "confidence": p.get_confidence_display(),
            "value": round(c.value, 4),
            "cost": {y: _money(v) for y, v in c.cost.items()},
            "total_cost": _money(sum(c.cost.values())),
            "locked": c.locked,
            "commitments": [
                ctx["commitments"][i]["reference"] for i in c.commitments if i in ctx["commitments"]
            ],
        }
        if solution.status in ("optimal", "feasible"):
            if c.key in chosen:
                entry["status"], entry["why"] = (
                    "continued",
                    "locked in" if c.locked else "in the best portfolio",
                )
            else:
                missing = {k for k in closure[c.key] if k not in chosen}
                extra, fte = overflow({c.key} | missing)
                entry["extra_money"] = _money(sum(extra.values()))
                entry["extra_fte"] = round(fte, 1)
                near = sum(extra.values()) <= PAUSE_MARGIN * total_envelope and fte <= 0
                entry["status"] = "paused" if c.value > 0 and near else "stopped"
                if c.value <= 0:
                    entry["why"] = "serves no weighted commitment"
                elif missing:
                    entry["why"] = (
                        "relies on " + ", ".join(sorted(by_key[m].label for m in missing)) + ", also left out"
                    )
                elif extra:
                    entry["why"] = f"would need £{sum(extra.values()):,.0f} more within the envelopes"
                elif fte > 0:
                    entry["why"] = f"would need {fte:.1f} FTE more than the workforce and hiring allow"
                else:
                    entry["why"] = "worth less than what it would displace"
        rows.append(entry)
    rows.sort(
        key=lambda r: (
            {"continued": 0, "paused": 1, "stopped": 2}.get(r.get("status", ""), 3),
            -r["value"],
            r["title"],
        )
    )

    result: dict[str, Any] = {
        "scenario": str(scenario.public_id),
        "name": scenario.name,
        "status": solution.status,
        "years": problem.years,
        "value": round(solution.value, 4),
        "bound": round(solution.bound, 4),
        "gap": solution.gap,
        "solver_seconds": round(solution.seconds, 3),
        "programmes": rows,
        "conflicts": [{"kind": r.kind, "constraint": r.label} for r in solution.conflicts],
        "conflicts_complete": solution.conflicts_complete,
        "conflicts_note": solution.conflicts_note,
    }
    # Envelopes: each one's money used against it, year by year.
    envelope_rows = []
    for (group, year), amount in sorted(
        problem.envelopes.items(), key=lambda kv: (kv[0][0] != "total", kv[0])
    ):
        used = money.get((group, year), 0.0)
        envelope_rows.append(
            {
                "envelope": "Total" if group == "total" else group.split(":", 1)[1],
                "year": year,
                "limit": _money(amount),
                "used": _money(used),
                "left": _money(amount - used),
                "forecast": _money(
                    sum(
                        c.cost.get(year, 0.0)
                        for c in problem.candidates
                        if group == "total" or group in c.groups
                    )
                ),
            }
        )
    result["envelopes"] = envelope_rows
    # People: the chosen portfolio's busiest quarter in each role family against the workforce.
    skill_rows = []
    shortfall = 0.0
    for slug, name in ctx["families"].items():
        quarters = {q: people.get((slug, q), 0.0) for q in ctx["quarters"]}
        all_need = max(
            (sum(c.need.get((slug, q), 0.0) for c in problem.candidates) for q in ctx["quarters"]),
            default=0.0,
        )
        peak_q = max(quarters, key=lambda q: quarters[q]) if quarters else ""
        peak = quarters.get(peak_q, 0.0)
        in_post = ctx["in_post"].get(slug, 0.0)
        to_hire = max(0.0, peak - in_post)
        shortfall += to_hire
        if peak or in_post or all_need:
            skill_rows.append(
                {
                    "family": name,
                    "in_post": round(in_post, 1),
                    "hiring_allowed": round(problem.capacity.get(slug, 0.0) - in_post, 1),
                    "peak_need": round(peak, 1),
                    "peak_quarter": peak_q if peak else "",
                    "to_hire": round(to_hire, 1),
                    "need_if_all_continued": round(all_need, 1),
                    "by_quarter": {q: round(v, 1) for q, v in quarters.items()},
                }
            )
    result["skills"] = skill_rows
    # Commitments: those the candidates served that the chosen portfolio leaves without a programme.
    served_before = {c for cand in problem.candidates for c in cand.commitments}
    served_after = {c for cand in problem.candidates if cand.key in chosen for c in cand.commitments}
    index = ctx["commitments"]
    result["commitments_unserved"] = (
        [
            {
                "reference": index[c]["reference"],
                "text": index[c]["text"],
                "ambition": index[c]["ambition_title"],
            }
            for c in sorted(served_before - served_after, key=lambda c: index[c]["reference"])
            if c in index
        ]
        if solution.status in ("optimal", "feasible")
        else []
    )
    # The margin: the last in (chosen, not locked, least value per pound) and the next in.
    margin_last, margin_next = [], []
    if solution.status in ("optimal", "feasible"):
        required_by_chosen = {k for d in chosen for k in closure[d]}
        last = [
            c
            for c in problem.candidates
            if c.key in chosen
            and not c.locked
            and c.key not in required_by_chosen
            and sum(c.cost.values()) > 0
        ]
        last.sort(key=lambda c: (c.value / sum(c.cost.values()), c.key))
        for c in last[:5]:
            margin_last.append(
                {
                    "title": c.label,
                    "body": progs[c.key].organisation.short_name or progs[c.key].organisation.name,
                    "value": round(c.value, 4),
                    "frees": _money(sum(c.cost.values())),
                    "value_per_million": round(c.value / sum(c.cost.values()) * 1e6, 4),
                }
            )
        out = [r for r in rows if r.get("status") in ("paused", "stopped") and r["value"] > 0]
        out.sort(
            key=lambda r: (float(r["extra_money"]) / r["value"] if r["value"] else float("inf"), r["title"])
        )
        for r in out[:5]:
            margin_next.append(
                {
                    "title": r["title"],
                    "body": r["body"],
                    "value": r["value"],
                    "extra_money": r["extra_money"],
                    "extra_fte": r["extra_fte"],
                    "why": r["why"],
                }
            )
    result["margin"] = {"last_in": margin_last, "next_in": margin_next}
    # Dependants of every programme left out: what else is exposed when it stops.
    stopped = [r for r in rows if r.get("status") in ("paused", "stopped")]
    id_of = {str(p.public_id): p.pk for p in progs.values()}
    titles = dict(
        Programme.objects.filter(pk__in={d for ds in dependants.values() for d in ds}).values_list(
            "pk", "title"
        )
    )
    result["dependants_of_left_out"] = [
        {
            "programme": r["title"],
            "status": r["status"],
            "dependants": sorted(
                (
                    titles.get(d, "?"),
                    "continued" if d in chosen else "left out" if d in by_key else "outside the scenario",
                )
                for d in dependants.get(id_of[r["id"]], ())
            ),
        }
        for r in stopped
        if dependants.get(id_of[r["id"]])
    ]
    # Honesty: the data the choice rests on, read from the catalogue, and what was left out for want of it.
    readings = catalogue.read(
        HONESTY_FIGURES, scope=catalogue.scope_for(""), reader=reader or AnonymousUser()
    )
    without_returns = ctx["bodies"] - ctx["bodies_with_workforce"]
    result["data"] = {
        "figures": [
            {
                "key": k,
                "label": r.figure.label,
                "value": r.display,
                "period": r.period,
                "basis": r.basis,
                "coverage": r.coverage,
            }
            for k, r in readings.items()
        ],
        "candidates": len(problem.candidates),
        "without_forecast": [
            {
                "id": str(p.public_id),
                "title": p.title,
                "body": p.organisation.short_name or p.organisation.name,
            }
            for p in ctx["without_forecast"]
        ],
        "without_needs": sum(1 for c in problem.candidates if not c.need),
        "workforce_period": ctx["workforce_period"].label if ctx["workforce_period"] else "",
        "bodies_without_workforce_return": len(without_returns),
        "bodies": len(ctx["bodies"]),
    }
    # The greedy rule on the same scenario, for comparison.
    if solution.status in ("optimal", "feasible"):
        greedy = solver.greedy(problem)
        result["greedy"] = {
            "value": round(sum(c.value for c in problem.candidates if c.key in greedy), 4),
            "continued": len(greedy),
            "meets_every_constraint": solver.fits(problem, greedy),
        }
    counts = defaultdict(int)
    for r in rows:
        counts[r.get("status", "")] += 1
    result["totals"] = {
        "candidates": len(problem.candidates),
        "continued": counts["continued"],
        "paused": counts["paused"],
        "stopped": counts["stopped"],
        "cost": _money(sum(sum(c.cost.values()) for c in problem.candidates if c.key in chosen)),
        "forecast": _money(sum(sum(c.cost.values()) for c in problem.candidates)),
        "commitments_served": len(served_after),
        "commitments_served_before": len(served_before),
        "skills_shortfall": round(shortfall, 1),
    }
    result["seconds"] = round(time.monotonic() - started, 3)
    return result
