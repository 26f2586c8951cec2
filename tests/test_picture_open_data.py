"""The open data: a valid Frictionless Data Package of published data only, regenerated when a
return is accepted."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package

from panorama.core import audit, files
from panorama.core.periods import period_from_label
from panorama.picture.models import OpenDataFile, Service, ServicePerformance
from panorama.programmes.models import Programme


@pytest.fixture
def published(world):
    Programme.objects.create(
        organisation=world.body_a, title="ScotAccount", wlc_forecast=Decimal("12500000.50")
    )
    service = Service.objects.create(
        slug="sss-best-start-grant", name="Best Start Grant", organisation=world.body_a
    )
    ServicePerformance.objects.create(
        service=service,
        period=period_from_label("2025-26 Q2"),
        transactions=1200,
        digital_transactions=900,
        cost_per_transaction=Decimal("4.25"),
        user_satisfaction=Decimal("81.5"),
    )
    secret = Service.objects.create(
        slug="sss-secret-pilot", name="Confidential pilot service", organisation=world.body_a, published=False
    )
    ServicePerformance.objects.create(
        service=secret, period=period_from_label("2025-26 Q2"), transactions=424242
    )
    lesson(world, "Plan for assisted digital from the start", theme_slugs=2)
    return service


def stored_bytes(item: OpenDataFile) -> bytes:
    with files.storage().open(item.storage_name, "rb") as handle:
        return handle.read()


def lesson(world, title: str, **extra):
    from panorama.lessons.models import Lesson, Theme

    themes = extra.pop("theme_slugs", 0)
    item = Lesson.objects.create(
        title=title,
        what_happened=f"{title}: what happened.",
        why="Because, with a comma",
        recommendation="Do it differently.",
        source="assurance-review",
        organisation=world.body_a,
        date=datetime.date(2025, 6, 30),
        **{"status": "published", "visibility": "public", **extra},
    )
    item.themes.set(Theme.objects.order_by("position", "slug")[:themes])
    return item


@pytest.mark.django_db
def test_open_data_is_a_valid_data_package(client, published, tmp_path):
    call_command("open_data", stdout=open("/dev/null", "w"))
    descriptor = client.get(reverse("open_data:file", kwargs={"name": "datapackage.json"}))
    assert descriptor.status_code == 200
    descriptor_bytes = descriptor.getvalue()  # streamed from storage: read once
    package = json.loads(descriptor_bytes)
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    (tmp_path / "datapackage.json").write_bytes(descriptor_bytes)
    for resource in package["resources"]:
        response = client.get(reverse("open_data:file", kwargs={"name": resource["path"]}))
        assert response.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(response.getvalue())
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    performance = next(r for r in package["resources"] if r["name"] == "service-performance")
    assert (tmp_path / "service-performance.csv").read_text().splitlines()[1] == (
        "sss-best-start-grant,2025-26 Q2,1200,900,4.25,,81.5,,75"
    )
    assert performance["schema"]["primaryKey"] == ["service", "quarter"]


@pytest.mark.django_db
def test_restricted_data_never_appears_in_the_open_data(client, published):
    call_command("open_data", stdout=open("/dev/null", "w"))
    everything = b"".join(stored_bytes(f) for f in OpenDataFile.objects.all())
    assert b"Confidential pilot service" not in everything
    assert b"sss-secret-pilot" not in everything
    assert b"424242" not in everything
    assert b"Best Start Grant" in everything  # and the published service is there
    services = json.loads(client.get(reverse("open_data:file", kwargs={"name": "services.json"})).getvalue())
    assert [s["reference"] for s in services] == ["sss-best-start-grant"]


@pytest.mark.django_db
def test_only_published_public_lessons_are_in_the_open_data(client, published, world):
    lesson(world, "Pending lesson xq17", status="pending")
    lesson(world, "Rejected lesson xq18", status="rejected")
    lesson(world, "Sector-only lesson xq19", visibility="public-sector")
    lesson(world, "Restricted lesson xq20", visibility="restricted")
    lesson(world, "Restricted pending lesson xq21", visibility="restricted", status="pending")
    call_command("open_data", stdout=open("/dev/null", "w"))
    everything = b"".join(stored_bytes(f) for f in OpenDataFile.objects.all())
    for marker in (b"xq17", b"xq18", b"xq19", b"xq20", b"xq21"):
        assert marker not in everything
    lessons = json.loads(client.get(reverse("open_data:file", kwargs={"name": "lessons.json"})).getvalue())
    assert [(row["title"], row["organisation"]) for row in lessons] == [
        ("Plan for assisted digital from the start", world.body_a.slug)
    ]
    assert len(lessons[0]["themes"].split(";")) == 2
    package = json.loads(
        client.get(reverse("open_data:file", kwargs={"name": "datapackage.json"})).getvalue()
    )
    resource = next(r for r in package["resources"] if r["name"] == "lessons")
    assert resource["schema"]["primaryKey"] == ["id"]


@pytest.mark.django_db
def test_dcat_catalogue_entry_lists_every_distribution(client, published):
    catalog = json.loads(client.get(reverse("open_data:file", kwargs={"name": "catalog.jsonld"})).getvalue())
    dataset = catalog["dcat:dataset"][0]
    assert dataset["dct:license"]["@id"].endswith("/open-government-licence/version/3/")
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert any(u.endswith("/open-data/programmes.csv") for u in urls)
    assert any(u.endswith("/open-data/datapackage.json") for u in urls)


@pytest.mark.django_db
def test_accepting_a_return_queues_the_open_data_for_the_worker(client, published, world):
    call_command("open_data", stdout=open("/dev/null", "w"))
    before = OpenDataFile.objects.get(name="programmes.csv")
    assert b"Register of Scotland" not in stored_bytes(before)
    Programme.objects.create(organisation=world.body_b, title="Register of Scotland")
    # What the returns app records when an analyst accepts a submission.
    audit.record(actor=world.analyst, action="returns.submission.accepted", obj=world.body_b, before={})
    assert b"Register of Scotland" not in stored_bytes(OpenDataFile.objects.get(name="programmes.csv"))
    call_command("worker", "--once")
    after = OpenDataFile.objects.get(name="programmes.csv")
    assert b"Register of Scotland" in stored_bytes(after)


@pytest.mark.django_db
def test_only_analysts_regenerate_from_the_page_and_the_worker_does_it(client, published, world):
    url = reverse("open_data:regenerate")
    client.force_login(world.editor_a)
    assert client.post(url).status_code == 403
    client.force_login(world.analyst)
    OpenDataFile.objects.all().delete()
    job_page = client.post(url)["Location"]
    assert not OpenDataFile.objects.exists()  # the request only queued it
    assert "Waiting" in client.get(job_page).content.decode()
    call_command("worker", "--once")
    assert OpenDataFile.objects.filter(name="datapackage.json").exists()
    assert "Done" in client.get(job_page).content.decode()


@pytest.mark.django_db
def test_the_index_gives_each_file_its_size_in_bytes(client, published):
    from django.template.defaultfilters import filesizeformat

    page = client.get(reverse("open_data:index")).content.decode()
    for name in ("programmes.csv", "programmes.json", "lessons.csv"):
        size = len(stored_bytes(OpenDataFile.objects.get(name=name)))
        assert size > 0
        assert f"({filesizeformat(size)})" in page, name


@pytest.mark.django_db
def test_a_download_the_reader_already_holds_is_not_sent_again(client, published):
    first = client.get(reverse("open_data:file", args=["programmes.csv"]))
    assert first.status_code == 200 and b"ScotAccount" in first.getvalue()
    again = client.get(reverse("open_data:file", args=["programmes.csv"]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_the_open_figures_read_as_the_api_gives_them(client, published):
    call_command("open_data")
    rows = json.loads(client.get(reverse("open_data:file", kwargs={"name": "figures.json"})).getvalue())
    api = client.get(reverse("api:picture"), {"period": rows[0]["period"]}).json()["figures"]
    shown = {r["key"]: r for r in rows if r["period"] == rows[0]["period"]}
    assert set(shown) == set(api)  # the published figures, and only those
    for key, row in shown.items():
        value = api[key]["value"]
        assert (row["value"] is None) == (value is None), key
        if value is not None:
            assert Decimal(str(row["value"])) == Decimal(str(value)), key
    # Figures for staff only are not published.
    assert "skills.vacancies" not in shown
