"""Reports: preparing, publishing, reading and downloading the published picture."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from panorama.core import catalogue, files
from panorama.core.models import AuditEvent
from panorama.programmes.models import Confidence, Programme
from panorama.reports import render, services
from panorama.reports.models import Audience, JobStatus, Kind, Report, Status
from panorama.strategy.models import Ambition, Commitment, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(world):
    """A small picture: one commitment no one owns, and a programme of body A that is off track."""
    strategy = Strategy.objects.create(
        slug="a-changing-nation", title="A changing nation", short_title="2021"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=1, title="People and Place")
    Commitment.objects.create(ambition=ambition, reference="1.1", text="We will connect everyone")
    Programme.objects.create(
        organisation=world.body_a,
        title="Benefits case management",
        confidence=Confidence.RED,
        wlc_baseline=Decimal("40000000"),
        wlc_forecast=Decimal("52000000"),
    )
    return world


def stored_bytes(item) -> bytes:
    with files.storage().open(item.storage_name, "rb") as handle:
        return handle.read()


def prepared(
    actor, *, audience: str = Audience.PUBLIC, kind: str = Kind.NATIONAL, period: str = "", **subject
) -> Report:
    report = services.report_prepare(
        actor=actor, kind=kind, period=period or catalogue.scope_for("").label, audience=audience, **subject
    )
    services.jobs_run()
    report.refresh_from_db()
    return report


def test_preparing_a_draft_queues_a_job_and_the_worker_prepares_it(picture):
    report = services.report_prepare(
        actor=picture.analyst,
        kind=Kind.NATIONAL,
        period=catalogue.scope_for("").label,
        audience=Audience.PUBLIC,
    )
    assert report.status == Status.DRAFT and not report.html
    assert report.jobs.get().status == JobStatus.QUEUED
    call_command("report_worker", "--once")
    report.refresh_from_db()
    job = report.jobs.get()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 100
    assert report.figures_sha256 and "commitments.unowned" in report.figures["figures"]
    assert report.files.get(format="pdf").size > 1000


def test_the_pdf_has_a_cover_contents_sections_and_an_annex_over_several_pages(picture):
    report = prepared(picture.analyst)
    laid_out = render.document(report, fragment=report.html)
    pages = render.page_texts(laid_out)
    assert 5 <= len(pages) <= 20
    assert report.files.get(format="pdf").pages == len(pages)
    assert "The national picture of digital government" in pages[0]
    assert "Contents" in pages[1] and "Annex" in pages[1]
    assert "Page 2 of" in pages[1]
    text = " ".join(pages)
    assert "1. Completeness of returns" in text
    assert "Benefits case management" in text  # the programme off track, in its section
    assert "Commitments with no owner" in text and "We will connect everyone" in text
    assert "Annex: the figures and what they count" in pages[-1] or "Annex" in " ".join(pages[-3:])


def test_a_published_report_never_changes_after_the_data_changes(picture):
    report = services.report_publish(actor=picture.analyst, report=prepared(picture.analyst))
    shown = report.figures["figures"]["commitments.unowned"]["display"]
    sha, html, pdf = report.figures_sha256, report.html, stored_bytes(report.files.get())
    Commitment.objects.create(ambition=Ambition.objects.get(), reference="1.2", text="We will do more")
    Programme.objects.update(confidence=Confidence.GREEN)
    with pytest.raises(ValidationError):
        services.report_build(report=report)
    report.refresh_from_db()
    assert report.figures["figures"]["commitments.unowned"]["display"] == shown == "1"
    assert report.figures_sha256 == sha
    assert report.html == html and stored_bytes(report.files.get()) == pdf
    assert (
        catalogue.read(["commitments.unowned"], scope=catalogue.scope_for(""), reader=picture.analyst)[
            "commitments.unowned"
        ].display
        == "2"
    )


def test_the_public_report_has_no_restricted_figure_and_the_internal_pack_has(picture):
    public = prepared(picture.analyst, audience=Audience.PUBLIC)
    internal = prepared(picture.analyst, audience=Audience.INTERNAL)
    restricted = {f.key for f in catalogue.figures() if f.permission}
    assert restricted, "the catalogue has restricted figures"
    assert not restricted & set(public.figures["figures"])
    assert restricted <= set(internal.figures["figures"])
    assert "Vacant digital posts" not in public.html
    assert "Vacant digital posts" in internal.html


def test_anonymous_downloads_the_public_pdf_without_signing_in(client, picture):
    report = services.report_publish(actor=picture.analyst, report=prepared(picture.analyst))
    response = client.get(reverse("reports:pdf", kwargs={"public_id": report.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")


def test_anonymous_gets_404_for_an_internal_pack_and_for_a_draft(client, picture):
    internal = services.report_publish(
        actor=picture.analyst, report=prepared(picture.analyst, audience=Audience.INTERNAL)
    )
    draft = prepared(picture.analyst)
    for report in (internal, draft):
        assert client.get(reverse("reports:pdf", kwargs={"public_id": report.public_id})).status_code == 404
    client.force_login(picture.auditor)
    assert client.get(reverse("reports:pdf", kwargs={"public_id": internal.public_id})).status_code == 200


def test_an_editor_cannot_publish(client, picture):
    draft = prepared(picture.analyst)
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=picture.editor_a, report=draft)
    client.force_login(picture.editor_a)
    response = client.post(reverse("reports:publish", kwargs={"public_id": draft.public_id}))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_is_recorded_in_the_audit_trail(picture):
    report = services.report_publish(actor=picture.analyst, report=prepared(picture.analyst))
    event = AuditEvent.objects.get(action="reports.report.published")
    assert event.actor == picture.analyst and event.object_id == str(report.pk)
    assert event.changes["status"] == ["draft", "published"]


def test_the_prepare_page_queues_a_draft_and_the_request_does_not_render_it(client, picture):
    client.force_login(picture.analyst)
    response = client.post(
        reverse("reports:prepare"),
        {"kind": "national", "period": catalogue.scope_for("").label, "audience": "public"},
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert not report.html and report.jobs.get().status == JobStatus.QUEUED
    page = client.get(reverse("reports:detail", kwargs={"public_id": report.public_id}))
    assert b"Waiting to start" in page.content and b"panorama/report-progress" in page.content


def test_the_archive_compares_a_report_with_the_previous_one_of_its_kind(client, picture):
    latest = catalogue.scope_for("")
    first = services.report_publish(
        actor=picture.analyst, report=prepared(picture.analyst, period=latest.previous().label)
    )
    Commitment.objects.create(ambition=Ambition.objects.get(), reference="1.2", text="We will do more")
    second = services.report_publish(
        actor=picture.analyst, report=prepared(picture.analyst, period=latest.label)
    )
    archive = client.get(reverse("reports:archive")).content.decode()
    assert first.title in archive and second.title in archive
    page = client.get(reverse("reports:detail", kwargs={"public_id": second.public_id})).content.decode()
    assert f"What changed since {first.period}" in page
    compare = client.get(reverse("reports:compare", kwargs={"public_id": second.public_id})).content.decode()
    assert "Commitments" in compare and "Changed" in compare


def test_body_and_programme_reports_render(picture):
    body = prepared(picture.analyst, kind=Kind.BODY, organisation=picture.body_a, audience=Audience.INTERNAL)
    assert "Social Security Scotland" in body.html and "Beside its sector" in body.html
    programme = prepared(
        picture.analyst, kind=Kind.PROGRAMME, programme=Programme.objects.get(), audience=Audience.INTERNAL
    )
    assert "Cost and schedule against the baseline" in programme.html
    assert "£52.0m" in programme.html and "Open assurance recommendations" in programme.html
    public = prepared(picture.analyst, kind=Kind.PROGRAMME, programme=Programme.objects.get())
    assert "Open assurance recommendations" not in public.html


def test_the_api_lists_published_reports_and_serves_their_pdf(client, picture):
    report = services.report_publish(actor=picture.analyst, report=prepared(picture.analyst))
    prepared(picture.analyst)  # a draft is not listed
    found = client.get(reverse("api:reports")).json()
    assert found["count"] == 1 and found["results"][0]["figures_sha256"] == report.figures_sha256
    pdf = client.get(found["results"][0]["pdf"])
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_the_report_command_writes_a_pdf_and_html(picture, tmp_path):
    call_command("report", "national", "--format", "pdf", "--output", str(tmp_path / "n.pdf"))
    assert (tmp_path / "n.pdf").read_bytes().startswith(b"%PDF")
    call_command(
        "report", "body", "--organisation", "SSS", "--format", "html", "--output", str(tmp_path / "b.html")
    )
    assert "Social Security Scotland" in (tmp_path / "b.html").read_text()
    assert not Report.objects.exists()  # nothing kept: the CLI writes a file


def test_the_demo_publishes_two_quarters_of_the_national_report_once(picture):
    import io

    from panorama.reports import demo
    from tests.conftest import make_person

    make_person("analyst@demo.scot", role="analyst")
    demo.load(scale="demo", stdout=io.StringIO())
    demo.load(scale="demo", stdout=io.StringIO())
    latest = catalogue.scope_for("")
    published = Report.objects.filter(status=Status.PUBLISHED, kind=Kind.NATIONAL)
    assert sorted(published.values_list("period", flat=True)) == sorted(
        [latest.label, latest.previous().label]
    )
