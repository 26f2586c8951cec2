"""The returns pages, end to end through the test client: template → upload with mistakes → fix →
preview → confirm → submit → accept, and the analysts' windows, completeness and overdue list."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.models import PendingUpload, ReturnWindow, SavedMapping, Status, Submission

SEND = "returns:send"


@pytest.fixture
def window(world):
    window = ReturnWindow.objects.create(
        kind="progress", period=period_from_label("2025-26 Q3"), due_on=datetime.date(2026, 1, 31)
    )
    window.expected.set([world.body_a, world.body_b])
    return window


@pytest.fixture
def programme(world):
    return Programme.objects.create(
        organisation=world.body_a, title="Adult Disability Payment", external_ref="ADP"
    )


def _send_url(world) -> str:
    return reverse(
        SEND, kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )


def _upload(client, url, name, text):
    return client.post(
        url, {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}, follow=True
    )


def test_editor_sends_a_return_and_the_analyst_accepts_it(client, world, window, programme):
    client.force_login(world.editor_a)
    template = client.get(reverse("returns:template", kwargs={"kind": "progress", "format": "xlsx"}))
    assert template.status_code == 200
    header = [c.value for c in load_workbook(io.BytesIO(template.content))["progress"][1]]
    assert header[:3] == ["programme_ref", "confidence", "confidence_reason"]

    wrong = (
        "programme_ref,confidence,milestones_met,wlc_forecast,end_forecast\n"
        "ADP,Purple,two,£1.2bn,31/02/2027\n"
    )
    page = _upload(client, _send_url(world), "q3.csv", wrong)
    body = page.content.decode()
    assert "Fix 3 problems and upload again" in body
    for message in (
        "Row 2, Delivery confidence: &#x27;Purple&#x27; — is not one of the allowed values",
        "Row 2, Milestones met: &#x27;two&#x27; — is not a whole number",
        "Row 2, Forecast end date: &#x27;31/02/2027&#x27; — there is no 31 February 2027",
    ):
        assert message in body
    pending = PendingUpload.objects.get()
    problems_csv = client.get(reverse("returns:upload-problems", kwargs={"public_id": pending.public_id}))
    assert b"".join(problems_csv.streaming_content).decode().count("\n") == 1 + 3
    assert not Submission.objects.exists()

    right = (
        "programme_ref,confidence,milestones_met,wlc_forecast,end_forecast\nADP,Amber,2,£1.2bn,31/03/2027\n"
    )
    preview = _upload(client, _send_url(world), "q3.csv", right)
    assert "Check and confirm" in preview.content.decode()
    assert preview.context["counts"] == {"create": 1, "change": 0, "unchanged": 0}
    pending = preview.context["pending"]
    confirmed = client.post(
        reverse("returns:upload-confirm", kwargs={"public_id": pending.public_id}), follow=True
    )
    submission = Submission.objects.get()
    assert (
        submission.status == Status.DRAFT and confirmed.request["PATH_INFO"] == submission.get_absolute_url()
    )
    assert not ProgressUpdate.objects.exists()  # a draft changes nothing in the picture

    client.post(reverse("returns:submission-submit", kwargs={"public_id": submission.public_id}))
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED

    client.force_login(world.analyst)
    client.post(reverse("returns:submission-accept", kwargs={"public_id": submission.public_id}))
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED and submission.decided_by == world.analyst
    programme.refresh_from_db()
    assert programme.confidence == "amber" and str(programme.wlc_forecast) == "1200000000.00"
    assert list(submission.events.values_list("action", flat=True)) == [
        "draft-saved",
        "submitted",
        "accepted",
    ]

    completeness = client.get(window.get_absolute_url())
    assert completeness.context["summary"].expected == 2
    assert completeness.context["summary"].accepted == 1


def test_uploading_again_replaces_the_draft_and_the_same_file_changes_nothing(
    client, world, window, programme
):
    client.force_login(world.editor_a)
    for narrative in ("First", "Second", "Second"):
        text = f"programme_ref,confidence,narrative\nADP,green,{narrative}\n"
        preview = _upload(client, _send_url(world), "q3.csv", text)
        result = client.post(
            reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}),
            follow=True,
        )
    assert "Nothing changed: your draft already holds exactly these rows." in result.content.decode()
    submission = Submission.objects.get()
    assert submission.rows[0][5] == "Second"
    assert submission.events.count() == 2


def test_returned_with_comments_then_resubmitted(client, world, window, programme):
    client.force_login(world.editor_a)
    preview = _upload(client, _send_url(world), "q3.csv", "programme_ref,confidence\nADP,red\n")
    client.post(reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}))
    submission = Submission.objects.get()
    client.post(reverse("returns:submission-submit", kwargs={"public_id": submission.public_id}))
    client.force_login(world.analyst)
    refused = client.post(
        reverse("returns:submission-return", kwargs={"public_id": submission.public_id}),
        {"comments": ""},
        follow=True,
    )
    assert "Say what the body needs to change" in refused.content.decode()
    client.post(
        reverse("returns:submission-return", kwargs={"public_id": submission.public_id}),
        {"comments": "Red needs a narrative."},
    )
    submission.refresh_from_db()
    assert submission.status == Status.RETURNED and submission.comments == "Red needs a narrative."
    client.force_login(world.editor_a)
    assert "Red needs a narrative." in client.get(submission.get_absolute_url()).content.decode()
    client.post(reverse("returns:submission-submit", kwargs={"public_id": submission.public_id}))
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert list(submission.events.values_list("action", flat=True)) == [
        "draft-saved",
        "submitted",
        "returned",
        "resubmitted",
    ]


def test_web_form_entry_goes_through_the_same_checks(client, world, window, programme):
    client.force_login(world.editor_a)
    url = reverse(
        "returns:form", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )
    assert client.get(url).status_code == 200
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "500",
        "rows-0-programme_ref": "ADP",
        "rows-0-confidence": "green",
        "rows-0-milestones_met": "-1",
    }
    page = client.post(url, data, follow=True)
    assert "Row 2, Milestones met: &#x27;-1&#x27; — must not be negative" in page.content.decode()
    data["rows-0-milestones_met"] = "4"
    page = client.post(url, data, follow=True)
    assert page.context["counts"]["create"] == 1


def test_outsider_cannot_send_or_see_another_bodys_return(client, world, window, programme):
    client.force_login(world.editor_a)
    preview = _upload(client, _send_url(world), "q3.csv", "programme_ref,confidence\nADP,green\n")
    pending = preview.context["pending"]
    client.post(reverse("returns:upload-confirm", kwargs={"public_id": pending.public_id}))
    submission = Submission.objects.get()
    client.force_login(world.editor_b)
    assert client.get(_send_url(world)).status_code == 404
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.get(reverse("returns:upload", kwargs={"public_id": pending.public_id})).status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(_send_url(world)).status_code == 403
    assert client.get(submission.get_absolute_url()).status_code == 200


def test_analyst_opens_and_closes_a_window_and_sees_overdue_bodies(client, world, programme):
    client.force_login(world.analyst)
    response = client.post(
        reverse("returns:window-create"),
        {
            "kind": "progress",
            "period": "2025-26 Q2",
            "due_on": "31/10/2025",
            "organisations": [world.body_a.pk],
        },
    )
    window = ReturnWindow.objects.get()
    assert response.status_code == 302 and list(window.expected.all()) == [world.body_a]
    overdue = client.get(reverse("returns:overdue"))
    assert [e.organisation for e in overdue.context["page"]] == [world.body_a]
    client.post(reverse("returns:window-close", kwargs={"public_id": window.public_id}))
    window.refresh_from_db()
    assert window.status == "closed"
    client.force_login(world.editor_a)
    url = reverse(
        SEND, kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q2"}
    )
    page = _upload(client, url, "q2.csv", "programme_ref,confidence\nADP,green\n")
    assert "window for the programme progress return is closed" in page.content.decode()


def test_saved_mapping_reads_a_file_in_another_layout(client, world, window, programme):
    client.force_login(world.editor_a)
    definition = (
        'kind = "progress"\n[fields]\nprogramme_ref = "Project"\n'
        'confidence = { column = "RAG", values = { "Amber/Red" = "amber-red", "Exempt" = "not-rated" } }\n'
        'confidence_reason = { value = "Exempt from rating" }\n'
    )
    response = client.post(
        reverse("returns:mapping-create"),
        {
            "name": "Our tracker",
            "kind": "progress",
            "organisation": world.body_a.pk,
            "definition": definition,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping = SavedMapping.objects.get()
    page = client.post(
        _send_url(world),
        {
            "file": SimpleUploadedFile("tracker.csv", b"Project,RAG,Other\nADP,Amber/Red,x\n"),
            "mapping": mapping.pk,
        },
        follow=True,
    )
    assert page.context["counts"] == {"create": 1, "change": 0, "unchanged": 0}


def test_analyst_imports_the_register_through_the_web_at_once(client, world):
    client.force_login(world.analyst)
    url = reverse("returns:import", kwargs={"kind": "programmes"})
    text = "reference,organisation,title,wlc_forecast\nSSS-1,SSS,Case management,£4.5m\nDS-1,DS,Disclosure online,1200000\n"
    preview = _upload(client, url, "register.csv", text)
    assert preview.context["counts"] == {"create": 2, "change": 0, "unchanged": 0}
    assert not Programme.objects.exists()
    done = client.post(
        reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}),
        follow=True,
    )
    assert "Imported: the register now includes the file" in done.content.decode()
    assert sorted(Programme.objects.values_list("external_ref", "organisation__short_name")) == [
        ("DS-1", "DS"),
        ("SSS-1", "SSS"),
    ]
    assert str(Programme.objects.get(external_ref="SSS-1").wlc_forecast) == "4500000.00"
    again = client.post(
        reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}),
        follow=True,
    )
    assert "This upload has already been confirmed." in again.content.decode()
    assert Programme.objects.count() == 2


def test_draft_rows_download_as_csv_and_xlsx(client, world, window, programme):
    client.force_login(world.editor_a)
    preview = _upload(
        client, _send_url(world), "q3.csv", "programme_ref,confidence,narrative\nADP,green,=not a formula\n"
    )
    assert "looks like a spreadsheet formula" in preview.content.decode()
    preview = _upload(
        client, _send_url(world), "q3.csv", "programme_ref,confidence,narrative\nADP,green,Fine\n"
    )
    client.post(reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}))
    submission = Submission.objects.get()
    url = reverse("returns:submission-rows", kwargs={"public_id": submission.public_id})
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("programme_ref,confidence,confidence_reason")
    assert "ADP,green,,,Fine" in text
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert workbook.active["A2"].value == "ADP"


def test_a_bodys_own_template_lists_its_programmes_then_its_draft(client, world, window, programme):
    Programme.objects.create(
        organisation=world.body_a,
        title="Child Payment",
        phase="live",
        end_forecast=datetime.date(2026, 9, 30),
    )
    Programme.objects.create(organisation=world.body_b, title="PASS", external_ref="PASS")
    client.force_login(world.editor_a)
    url = reverse(
        "returns:send-template",
        kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"},
    )
    sheet = load_workbook(io.BytesIO(client.get(url).content))["progress"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=3)]
    assert [(r[0], r[1], r[3], r[9]) for r in rows] == [
        ("ADP", None, "discovery", None),
        ("Child Payment", None, "live", datetime.datetime(2026, 9, 30)),
    ]
    preview = _upload(
        client, _send_url(world), "q3.csv", "programme_ref,confidence,narrative\nADP,green,Mine\n"
    )
    client.post(reverse("returns:upload-confirm", kwargs={"public_id": preview.context["pending"].public_id}))
    sheet = load_workbook(io.BytesIO(client.get(url).content))["progress"]
    assert [c.value for c in sheet[2]][:2] == ["ADP", "green"] and sheet["A3"].value is None


def test_the_saved_mappings_list_downloads_as_csv_with_only_the_mappings_the_person_may_see(client, world):
    SavedMapping.objects.create(
        name="Our tracker",
        kind="progress",
        organisation=world.body_a,
        definition={"fields": {"a": "A", "b": "B"}},
    )
    SavedMapping.objects.create(
        name="Shared layout", kind="finance", organisation=None, definition={"fields": {}}
    )
    SavedMapping.objects.create(
        name="Their tracker", kind="progress", organisation=world.body_b, definition={}
    )
    client.force_login(world.editor_a)
    page = client.get(reverse("returns:mappings"))
    assert 'href="?format=csv"' in page.content.decode()
    response = client.get(reverse("returns:mappings"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["name", "kind", "return", "body", "created_at", "updated_at", "columns_mapped"]
    assert [(r[0], r[1], r[3], r[6]) for r in rows[1:]] == [
        ("Shared layout", "finance", "", "0"),
        ("Our tracker", "progress", "SSS", "2"),
    ]


def test_returns_page_names_each_national_import_once(client, world):
    client.force_login(world.analyst)
    page = client.get(reverse("returns:index")).content.decode()
    assert "Import the programme register</a>" in page
    assert "register import" not in page
    heading = client.get(reverse("returns:import", kwargs={"kind": "programmes"})).content.decode()
    assert "Import the programme register<" in heading and "register import" not in heading


def test_return_tables_name_the_kind_not_its_code(client, world, window):
    client.force_login(world.editor_a)
    mine = client.get(reverse("returns:index")).content.decode()
    assert "<td>Programme progress return</td>" in mine and "<td>progress</td>" not in mine
    client.force_login(world.analyst)
    windows = client.get(reverse("returns:index")).content.decode()
    assert ">Programme progress return<span" in windows and ">progress<span" not in windows


def test_a_prefilled_template_holds_references_a_body_knows_and_typed_numbers_and_dates(
    client, world, window
):
    from decimal import Decimal

    Programme.objects.create(
        organisation=world.body_a,
        title="Imported from the audit",
        external_ref="audit:social-security",
        wlc_forecast=Decimal("1234567.50"),
        end_forecast=datetime.date(2026, 11, 7),
    )
    client.force_login(world.editor_a)
    url = reverse(
        "returns:send-template",
        kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"},
    )
    book = load_workbook(io.BytesIO(client.get(url).content))
    sheet = book["progress"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    # An import's own key means nothing to the body: the programme is named by its title instead.
    assert row["programme_ref"] == "Imported from the audit"
    assert row["wlc_forecast"] == 1234567.5  # a number, not the text "1234567.50"
    assert row["end_forecast"] == datetime.datetime(2026, 11, 7)  # a date, shown as day/month/year
    assert sheet.cell(row=2, column=header.index("end_forecast") + 1).number_format == "dd/mm/yyyy"


def test_the_reference_a_return_asks_for_is_shown_on_the_programmes_page(client, world, programme):
    imported = Programme.objects.create(
        organisation=world.body_a, title="Imported", external_ref="audit:social-security"
    )
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'Reference</dt><dd class="ds_summary-list__value">ADP</dd>' in page
    assert "audit:social-security" not in client.get(imported.get_absolute_url()).content.decode()
