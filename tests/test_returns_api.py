"""The returns API: machine-to-machine upload with a personal token, the same checks as the web,
every problem as JSON; the kinds; windows with completeness; all in the OpenAPI document."""

import pytest

from panorama.accounts.services import token_create
from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.models import Status, Submission

URL = "/api/v1/returns/progress/sss/2025-26-q3"


@pytest.fixture
def token(world):
    Programme.objects.create(organisation=world.body_a, title="Adult Disability Payment", external_ref="ADP")
    _, secret = token_create(person=world.editor_a, name="finance system", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_upload_with_a_token_saves_a_draft_and_can_submit(client, token):
    response = client.post(
        f"{URL}?filename=q3.csv", b"programme_ref,confidence\nADP,green\n", content_type="text/csv", **token
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (
        body["ok"]
        and body["status"] == "draft"
        and body["counts"] == {"create": 1, "change": 0, "unchanged": 0}
    )
    assert body["changed"] is True
    again = client.post(
        f"{URL}?submit=true", b"programme_ref,confidence\nADP,green\n", content_type="text/csv", **token
    ).json()
    assert again["changed"] is False and again["status"] == "submitted"
    assert Submission.objects.get().status == Status.SUBMITTED
    assert not ProgressUpdate.objects.exists()


def test_multipart_upload_and_dry_run_write_nothing(client, token):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"{URL}?dry_run=true",
        {"file": SimpleUploadedFile("q3.csv", b"programme_ref,confidence\nADP,amber\n")},
        **token,
    )
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert not Submission.objects.exists()


def test_every_problem_comes_back_as_json_and_nothing_is_saved(client, token):
    text = b"programme_ref,confidence,milestones_met\nADP,purple,x\nNOPE,green,1\n"
    response = client.post(URL, text, content_type="text/csv", **token)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad request" and body["ok"] is False
    assert body["problems"] == [
        {
            "row": 2,
            "column": "Delivery confidence",
            "value": "purple",
            "message": "Row 2, Delivery confidence: 'purple' — is not one of the allowed values: "
            "green, amber-green, amber, amber-red, red, not-rated",
        },
        {
            "row": 2,
            "column": "Milestones met",
            "value": "x",
            "message": "Row 2, Milestones met: 'x' — is not a whole number",
        },
        {  # the return's own check of the row the file's problems leave whole
            "row": 3,
            "column": "Programme reference",
            "value": "NOPE",
            "message": "Row 3, Programme reference: 'NOPE' — SSS has no programme with this reference "
            "or title in the register (its programmes: ADP).",
        },
    ]
    assert not Submission.objects.exists()


def test_unreadable_file_is_a_400_with_its_reason(client, token):
    response = client.post(URL, b"\x00\x01garbage" * 100, content_type="text/csv", **token)
    assert response.status_code == 400
    assert response.json()["problems"][0]["message"].startswith("This is not a CSV file")


def test_no_token_is_401_and_another_bodys_return_is_404(client, token, world):
    assert client.post(URL, b"x", content_type="text/csv").status_code == 401
    _, other = token_create(person=world.editor_b, name="theirs", scope="write")
    response = client.post(
        URL,
        b"programme_ref,confidence\nADP,green\n",
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )
    assert response.status_code == 404 and response.json()["error"] == "page not found"


def test_kinds_are_public_and_windows_are_for_the_central_team(client, world):
    kinds = client.get("/api/v1/returns/kinds").json()
    progress = next(k for k in kinds["results"] if k["slug"] == "progress")
    assert progress["schema"].endswith("/returns/kinds/progress/template.json")
    client.force_login(world.editor_a)
    assert client.get("/api/v1/returns/windows").status_code == 403
    client.force_login(world.analyst)
    assert client.get("/api/v1/returns/windows").json()["count"] == 0


def test_upload_endpoints_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    upload = document["paths"]["/api/v1/returns/{kind}/{organisation}/{period}"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert upload["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["problems"]
    assert "/api/v1/returns/{kind}" in document["paths"]


def test_a_file_larger_than_djangos_in_memory_limit_is_read(client, token):
    rows = "".join(f"ADP-{i},green\n" for i in range(250_000))  # about 3.4 MB
    response = client.post(
        URL, ("programme_ref,confidence\n" + rows).encode(), content_type="text/csv", **token
    )
    assert response.status_code == 400
    body = response.json()
    assert body["rows"] == 0 and body["problems"][0]["message"].startswith(
        "The file has more than 200,000 rows, the most one return may have."
    )


def test_a_register_upload_states_its_reading_warnings_and_the_bodies_it_would_create(client, world):
    from panorama.returns.mappings import mapping_parse
    from panorama.returns.models import SavedMapping
    from panorama.returns.registry import kind_get

    _, secret = token_create(person=world.analyst, name="importer", scope="write")
    definition = mapping_parse(
        'kind = "programmes"\n[fields]\nreference = "Ref"\norganisation = "Ministry"\ntitle = "Project"\n'
        'start_forecast = "Start"\nend_forecast = "End"\n'
        'organisation_short_name = { column = "Ministry", values = { "Ministry of Roads" = "MoR" } }\n'
        "[options]\ncreate_missing_organisations = true\n",
        kind=kind_get("programmes"),
    ).as_dict()
    saved = SavedMapping.objects.create(name="Roads", kind="programmes", definition=definition)
    body = client.post(
        f"/api/v1/returns/programmes?filename=r.csv&dry_run=true&delimiter=semicolon&mapping={saved.public_id}",
        b"Ref;Ministry;Project;Start;End\nR-1;Ministry of Roads;Toll;01/04/2024;31/03/2023\n",
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    ).json()
    assert body["ok"], body
    assert body["reading"] == (
        "Read as CSV, UTF-8, separated by semicolons, header on row 1, 1 record (as told: separator)."
    )
    assert [(w["row"], w["column"]) for w in body["warnings"]] == [(2, "Forecast end date")]
    assert body["creates"] == ["Body 'Ministry of Roads' (short name MoR)"]
    assert not Programme.objects.exists()
