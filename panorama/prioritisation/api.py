"""/api/v1/scenarios: prioritisation scenarios and the result of each one's latest run."""

from django.http import HttpRequest, JsonResponse

from panorama.api.framework import (
    DATETIME,
    INTEGER,
    NUMBER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    endpoint,
    list_of,
    nullable,
    obj,
    paginated,
    path_param,
)

from . import selectors
from .models import Scenario

SCENARIO = obj(
    {
        "id": UUID,
        "name": STRING,
        "forum": nullable(STRING),
        "years": {"type": "array", "items": STRING},
        "latest_run": nullable(
            obj(
                {
                    "id": UUID,
                    "status": STRING,
                    "run_at": DATETIME,
                    "value": NUMBER,
                    "continued": INTEGER,
                    "left_out": INTEGER,
                    "commitments_covered": INTEGER,
                    "skills_shortfall": NUMBER,
                }
            )
        ),
    }
)


def _scenario(scenario: Scenario) -> dict:
    run = selectors.latest_run(scenario=scenario)
    return {
        "id": str(scenario.public_id),
        "name": scenario.name,
        "forum": scenario.forum.name if scenario.forum else None,
        "years": scenario.years,
        "latest_run": {
            "id": str(run.public_id),
            "status": run.status,
            "run_at": run.run_at.isoformat(),
            "value": run.value,
            "continued": run.continued,
            "left_out": run.left_out,
            "commitments_covered": run.commitments_covered,
            "skills_shortfall": run.skills_shortfall,
        }
        if run
        else None,
    }


@endpoint(
    "prioritisation.view",
    path="/api/v1/scenarios",
    summary="Prioritisation scenarios the caller may see, with their latest run's headline figures",
    parameters=[PAGE, PAGE_SIZE],
    response=list_of(SCENARIO),
    tag="prioritisation",
)
def scenarios(request: HttpRequest) -> JsonResponse:
    return paginated(request, selectors.scenario_list(user=request.user).order_by("name", "pk"), _scenario)


@endpoint(
    "prioritisation.view",
    path="/api/v1/scenarios/{id}",
    summary="A scenario and the whole result of its latest run (programmes, envelopes, skills, margin, conflicts)",
    parameters=[path_param("id", "The scenario's public id")],
    response=obj({"scenario": SCENARIO, "result": nullable({"type": "object"})}),
    tag="prioritisation",
)
def scenario(request: HttpRequest, public_id) -> JsonResponse:
    found = selectors.scenario_for_user(user=request.user, public_id=public_id)
    run = selectors.latest_run(scenario=found)
    return JsonResponse({"scenario": _scenario(found), "result": run.result if run else None})
