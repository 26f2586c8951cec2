"""Writing scenarios, running them, and a forum adopting one as its decision."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from panorama.collaboration.models import Meeting
from panorama.collaboration.services import forums as forum_services
from panorama.core import audit
from panorama.core import periods as period_tools

from . import analysis
from .models import Scenario, ScenarioRun

FIELDS = (
    "name",
    "description",
    "forum",
    "filters",
    "years",
    "envelopes",
    "ambition_weights",
    "commitment_weights",
    "confidence_penalty",
    "lock_advanced",
    "lock_tag",
    "lock_sectors",
    "locked",
    "hiring",
    "min_coverage",
    "illustrative",
)


def _check(data: dict) -> None:
    errors = {}
    years = data.get("years") or []
    for year in years:
        try:
            _, quarter = period_tools.parse_label(year)
        except ValueError as error:
            errors["years"] = str(error)
            break
        if quarter:
            errors["years"] = f"{year} is a quarter: a scenario covers whole financial years."
            break
    if not years:
        errors["years"] = "Choose at least one financial year."
    for year, amount in (data.get("envelopes", {}).get("total") or {}).items():
        if year not in years:
            errors["envelopes"] = f"The envelope for {year} is outside the scenario's years."
        elif float(amount) < 0:
            errors["envelopes"] = f"The envelope for {year} cannot be negative."
    if errors:
        raise ValidationError(errors)


def scenario_create(*, actor: Any, data: dict) -> Scenario:
    _check(data)
    scenario = Scenario(
        created_by=actor if getattr(actor, "pk", None) else None, **{k: data[k] for k in FIELDS if k in data}
    )
    with transaction.atomic():
        scenario.full_clean()
        scenario.save()
        audit.record(actor=actor, action="prioritisation.scenario.created", obj=scenario, before={})
    return scenario


def scenario_update(*, actor: Any, scenario: Scenario, version: int, data: dict) -> Scenario:
    _check(data)
    with transaction.atomic():
        current = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if current.version != version:
            raise ValidationError(
                f"The scenario “{current.name}” has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        for name in FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.full_clean()
        current.version += 1
        current.save()
        audit.record(actor=actor, action="prioritisation.scenario.changed", obj=current, before=before)
    return current


def scenario_run(*, actor: Any, scenario: Scenario, time_limit: float = 30.0) -> ScenarioRun:
    """Solve the scenario and keep what it showed."""
    result = analysis.run(scenario=scenario, reader=actor, time_limit=time_limit)
    totals = result["totals"]
    with transaction.atomic():
        run = ScenarioRun.objects.create(
            scenario=scenario,
            status=result["status"],
            value=result["value"],
            cost=totals["cost"],
            continued=totals["continued"],
            left_out=totals["paused"] + totals["stopped"],
            commitments_covered=totals["commitments_served"],
            skills_shortfall=totals["skills_shortfall"],
            solver_seconds=result["solver_seconds"],
            result=result,
            run_by=actor if getattr(actor, "pk", None) else None,
        )
        # The event sits on the scenario with the run's headline figures: the whole result is on the run.
        audit.record(
            actor=actor,
            action="prioritisation.scenario.run",
            obj=scenario,
            before={},
            after={"run": str(run.public_id), "status": run.status, "value": run.value, **totals},
        )
    return run


def scenario_adopt(*, actor: Any, run: ScenarioRun, meeting: Meeting) -> ScenarioRun:
    """The forum records the run as one of its decisions, with the figures it showed."""
    if run.status not in ("optimal", "feasible"):
        raise ValidationError("Only a run that found a portfolio can be adopted.")
    if run.scenario.forum_id and run.scenario.forum_id != meeting.forum_id:
        raise ValidationError("This scenario belongs to another forum.")
    t = run.result["totals"]
    text = (
        f"Adopted the prioritisation scenario “{run.scenario.name}” (run of {run.run_at:%d %B %Y %H:%M}): "
        f"continue {t['continued']} programmes, pause {t['paused']} and stop {t['stopped']}; "
        f"£{t['cost']} of £{t['forecast']} forecast over {', '.join(run.result['years'])}; "
        f"{t['commitments_served']} of {t['commitments_served_before']} commitments kept served; "
        f"{t['skills_shortfall']} FTE to hire; strategy value {run.value:.2f}."
    )
    with transaction.atomic():
        decision = forum_services.decision_add(actor=actor, meeting=meeting, text=text)
        run.adopted_decision = decision
        run.save(update_fields=["adopted_decision"])
        audit.record(
            actor=actor,
            action="prioritisation.scenario.adopted",
            obj=run.scenario,
            before={},
            after={
                "run": str(run.public_id),
                "forum": meeting.forum.name,
                "meeting": meeting.title,
                "decision": text,
            },
        )
    return run
