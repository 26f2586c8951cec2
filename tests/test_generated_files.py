"""Generated files (the open data, report PDFs) live in the generated files' storage, not in the
database and not on one server's disk: content-addressed, checked when served, cleaned up when no
record points at them."""

import datetime
import logging
import os
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from panorama.core import files
from panorama.picture.models import OpenDataFile
from panorama.picture.services import opendata_regenerate
from panorama.programmes.models import Programme
from panorama.reports.models import Report, ReportFile
from panorama.reports.services import report_file_store

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% the national picture, as published\n%%EOF\n"


def columns(model) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)]


def published_report(world) -> Report:
    from django.utils import timezone

    report = Report.objects.create(
        kind="national",
        period="2025-26 Q3",
        audience="public",
        status="published",
        title="The national picture",
        figures={"figures": {}, "content": {}},
        figures_sha256="0" * 64,
        html="<article><h2>The national picture</h2></article>",
        created_by=world.analyst,
        published_by=world.analyst,
        published_at=timezone.now(),
    )
    report_file_store(report=report, content=PDF, pages=1)
    return report


def test_the_open_data_is_written_to_storage_under_its_hash_and_the_database_keeps_no_bytes(
    world, generated_files
):
    Programme.objects.create(organisation=world.body_a, title="ScotAccount")
    opendata_regenerate()
    item = OpenDataFile.objects.get(name="programmes.csv")
    assert item.storage_name == f"opendata/{item.sha256}/programmes.csv"
    on_disk = (generated_files / item.storage_name).read_bytes()
    assert b"ScotAccount" in on_disk and len(on_disk) == item.size
    assert files.sha256_of(on_disk) == item.sha256
    assert "content" not in columns(OpenDataFile) and "content" not in columns(ReportFile)


def test_a_download_after_regeneration_serves_the_new_snapshot(client, world, generated_files):
    Programme.objects.create(organisation=world.body_a, title="ScotAccount")
    opendata_regenerate()
    url = reverse("open_data:file", args=["programmes.csv"])
    first = client.get(url)
    assert first["Content-Disposition"] == 'attachment; filename="programmes.csv"'
    assert b"ScotAccount" in first.getvalue() and b"Register of Scotland" not in first.getvalue()
    old = OpenDataFile.objects.get(name="programmes.csv")

    Programme.objects.create(organisation=world.body_b, title="Register of Scotland")
    opendata_regenerate()
    new = OpenDataFile.objects.get(name="programmes.csv")
    assert new.storage_name != old.storage_name
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])  # the old ETag no longer matches
    assert again.status_code == 200 and again["ETag"] == f'"{new.sha256}"' != first["ETag"]
    assert b"Register of Scotland" in again.getvalue()
    assert int(again["Content-Length"]) == new.size
    # The old snapshot is still there for a download or backup under way, and never changed.
    assert files.sha256_of((generated_files / old.storage_name).read_bytes()) == old.sha256
    json_file = client.get(reverse("open_data:file", args=["programmes.json"]))
    assert json_file["Content-Type"] == "application/json" and not json_file.has_header("Content-Disposition")


def test_a_published_pdf_altered_in_storage_is_refused_and_logged_not_served(
    client, world, generated_files, caplog
):
    report = published_report(world)
    url = reverse("reports:pdf", kwargs={"public_id": report.public_id})
    served = client.get(url)
    assert served.status_code == 200 and served.getvalue() == PDF
    assert served["X-Content-SHA256"] == files.sha256_of(PDF)
    assert served["Content-Disposition"].startswith("inline; filename=")

    stored = report.files.get()
    assert stored.storage_name == f"reports/{report.public_id}/{stored.sha256}.pdf"
    (generated_files / stored.storage_name).write_bytes(PDF.replace(b"national", b"doctored"))
    with caplog.at_level(logging.ERROR, logger="panorama.files"):
        refused = client.get(url)
    assert refused.status_code == 500
    assert b"does not match its published record" in refused.content and b"doctored" not in refused.content
    assert any(stored.storage_name in r.getMessage() for r in caplog.records)


def test_an_altered_open_data_file_is_refused(client, world, generated_files):
    opendata_regenerate()
    item = OpenDataFile.objects.get(name="programmes.json")
    (generated_files / item.storage_name).write_bytes(b'[{"altered": true}]')
    refused = client.get(reverse("open_data:file", args=["programmes.json"]))
    assert refused.status_code == 500 and b"altered" not in refused.content


def test_storing_the_same_bytes_again_keeps_one_file_and_repairs_an_altered_one(generated_files):
    name = f"opendata/{files.sha256_of(b'a,b')}/x.csv"
    assert files.store(name=name, content=b"a,b").size == 3
    files.store(name=name, content=b"a,b")
    assert files.stored_names() == [name]
    (generated_files / name).write_bytes(b"tampered")
    files.store(name=name, content=b"a,b")  # a job run again writes the true bytes back
    assert (generated_files / name).read_bytes() == b"a,b"
    with pytest.raises(ValueError, match="must hold its SHA-256"):
        files.store(name="opendata/x.csv", content=b"a,b")


def test_cleanup_deletes_only_old_files_no_record_points_at(world, generated_files):
    Programme.objects.create(organisation=world.body_a, title="ScotAccount")
    opendata_regenerate()
    report = published_report(world)
    first_generation = set(OpenDataFile.objects.values_list("storage_name", flat=True))
    Programme.objects.create(organisation=world.body_b, title="Register of Scotland")
    opendata_regenerate()
    current = files.referenced()
    assert report.files.get().storage_name in current
    gone = first_generation - current  # programmes.csv and .json changed; the rest are the same
    assert gone and gone < first_generation

    assert files.cleanup() == []  # unreferenced for less than an hour: kept for downloads under way
    an_hour_ago = time.time() - 3700
    for name in files.stored_names():
        os.utime(generated_files / name, (an_hour_ago, an_hour_ago))
    call_command("files_cleanup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(files.stored_names()) == current  # every file a record points at, and only those
    for item in OpenDataFile.objects.all():
        assert (generated_files / item.storage_name).exists()


def test_a_missing_file_is_refused_clearly(client, world, generated_files):
    report = published_report(world)
    files.storage().delete(report.files.get().storage_name)
    refused = client.get(reverse("reports:pdf", kwargs={"public_id": report.public_id}))
    assert refused.status_code == 500 and b"missing from storage" in refused.content


def test_an_unreferenced_file_younger_than_the_grace_is_kept(generated_files):
    name = f"reports/orphan/{files.sha256_of(b'x')}.pdf"
    files.store(name=name, content=b"x")
    assert files.cleanup(older_than=datetime.timedelta(minutes=5)) == []
    assert files.cleanup(older_than=datetime.timedelta(0)) == [name]
