import csv
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from panorama.collaboration import labelled, services, similarity
from panorama.collaboration.models import Overlap
from panorama.core.models import AuditEvent
from panorama.programmes.models import Programme
from tests.conftest import make_body

# Floors for the labelled set (bench/notes_collaboration.md reports the measured figures).
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.85


def test_finder_meets_precision_and_recall_floors_on_the_labelled_set():
    found = [(m.a, m.b) for m in similarity.find_overlaps(labelled.items())]
    precision, recall = similarity.precision_recall(found, labelled.TRUE_OVERLAPS)
    assert precision >= PRECISION_FLOOR, precision
    assert recall >= RECALL_FLOOR, recall


def test_finder_never_pairs_a_body_with_itself_or_with_its_partners():
    items = [
        similarity.Item(
            "a", "FIF", "Residents parking permits online", "Apply and pay for a parking permit."
        ),
        similarity.Item(
            "b", "FIF", "Parking permits online for residents", "Apply and pay for parking permits."
        ),
        similarity.Item(
            "c",
            "GCC",
            "Online parking permits",
            "Residents apply and pay for a parking permit.",
            partners=frozenset({"FIF"}),
        ),
        similarity.Item("d", "HC", "Land registration", "Solicitors register land."),
    ]
    assert similarity.find_overlaps(items) == []


def test_every_flag_carries_its_reasons():
    match = next(
        m for m in similarity.find_overlaps(labelled.items()) if {m.a, m.b} == {"sg-grants", "cs-grants"}
    )
    assert match.reasons[0].startswith("Similar titles and summaries")
    assert any("same commitment" in r for r in match.reasons)
    assert any("ScotPayments" in r for r in match.reasons)


@pytest.fixture
def councils(db):
    bodies = [
        make_body(s, n, "local government")
        for s, n in [("FIF", "Fife Council"), ("GCC", "Glasgow City Council"), ("HC", "The Highland Council")]
    ]
    texts = [
        (
            "Residents' parking permits online",
            "Apply for, renew and pay for a residents' parking permit online instead of by paper form.",
        ),
        (
            "Digital parking permit applications",
            "Let residents apply and pay for parking permits and visitor permits online, replacing paper permits.",
        ),
        (
            "Online residents parking permit service",
            "Replace the paper application for residents' parking permits with an online apply-and-pay service.",
        ),
    ]
    programmes = [
        Programme.objects.create(organisation=body, title=title, summary=summary, users="residents")
        for body, (title, summary) in zip(bodies, texts, strict=True)
    ]
    make_body("SSS2", "Another agency")
    Programme.objects.create(
        organisation=bodies[0], title="Bin collection days", summary="Look up your bin day."
    )
    return programmes


def _pairs() -> set[frozenset]:
    return {frozenset((o.programme_a_id, o.programme_b_id)) for o in Overlap.objects.all()}


def test_recompute_finds_the_three_councils_building_the_same_thing(councils):
    result = services.overlaps_recompute()
    a, b, c = (p.pk for p in councils)
    assert _pairs() == {frozenset((a, b)), frozenset((a, c)), frozenset((b, c))}
    assert result.created == 3
    assert all("residents" in " ".join(o.reasons) for o in Overlap.objects.all())


def test_programmes_that_each_declare_an_overlap_with_one_programme_are_not_offered_again(councils):
    """Two councils that both say they are joining the third's permit service overlap on purpose:
    the register knows, so the finder offers only what it does not."""
    from panorama.programmes.models import LinkKind, ProgrammeLink

    a, b, c = councils
    for joining in (a, b):
        ProgrammeLink.objects.create(source=joining, target=c, kind=LinkKind.OVERLAPS)
    services.overlaps_recompute()
    assert _pairs() == set()


def test_a_dismissed_pair_stays_dismissed_and_the_decision_is_recorded(world, councils):
    services.overlaps_recompute()
    overlap = Overlap.objects.first()
    with pytest.raises(ValidationError, match="Say why"):
        services.overlap_decide(actor=world.analyst, overlap=overlap, status="dismissed")
    services.overlap_decide(
        actor=world.analyst, overlap=overlap, status="dismissed", note="Different permit schemes"
    )
    event = AuditEvent.objects.get(action="collaboration.overlap.dismissed")
    assert event.actor == world.analyst and event.changes["status"] == ["open", "dismissed"]
    Programme.objects.filter(pk=overlap.programme_a_id).update(summary="Something else entirely now.")
    services.overlaps_recompute()
    overlap.refresh_from_db()
    assert overlap.status == "dismissed" and overlap.note == "Different permit schemes"


def test_the_command_recomputes_idempotently(councils):
    out = StringIO()
    call_command("find_overlaps", stdout=out)
    call_command("find_overlaps", stdout=out)
    assert Overlap.objects.count() == 3
    assert "3 possible overlaps (0 new" in out.getvalue()


def test_body_people_see_only_pairs_involving_their_bodies(client, world, councils):
    services.overlaps_recompute()
    ours = Programme.objects.create(
        organisation=world.body_a,
        title="Residents parking permits for agency staff",
        summary="Apply and pay for a parking permit online, replacing paper permits.",
        users="residents",
    )
    services.overlaps_recompute()
    client.force_login(world.editor_a)
    page = client.get(reverse("collaboration:overlap-list")).content.decode()
    visible = {o for o in Overlap.objects.all() if ours.pk in (o.programme_a_id, o.programme_b_id)}
    hidden = set(Overlap.objects.all()) - visible
    assert visible and hidden
    for overlap in hidden:
        assert str(overlap.public_id) not in page
    client.force_login(world.analyst)
    assert all(
        str(o.public_id)
        in client.get(reverse("collaboration:overlap-list") + "?page_size=200").content.decode()
        for o in hidden
    )


def test_list_filtered_to_a_body_shows_only_its_pairs(client, world, councils):
    services.overlaps_recompute()
    first = councils[0].organisation
    client.force_login(world.analyst)
    page = client.get(reverse("collaboration:overlap-list"), {"organisation": first.slug}).content.decode()
    for overlap in Overlap.objects.select_related("programme_a", "programme_b"):
        involves = first.pk in (overlap.programme_a.organisation_id, overlap.programme_b.organisation_id)
        assert (str(overlap.public_id) in page) == involves


def test_only_analysts_decide(client, world, councils):
    services.overlaps_recompute()
    overlap = Overlap.objects.first()
    client.force_login(world.auditor)
    url = reverse("collaboration:overlap-decide", kwargs={"public_id": overlap.public_id})
    assert client.post(url, {"status": "confirmed"}).status_code == 403
    client.force_login(world.analyst)
    assert client.post(url, {"status": "confirmed"}).status_code == 302
    overlap.refresh_from_db()
    assert overlap.status == "confirmed" and overlap.decided_by == world.analyst


def test_the_csv_names_each_column_once(client, world, councils):
    services.overlaps_recompute()
    client.force_login(world.analyst)
    response = client.get(reverse("collaboration:overlap-list"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(StringIO(text))
    assert len(set(header)) == len(header), header
    assert header[:4] == ["programme", "body", "similar programme", "its body"]
    assert len(rows) == Overlap.objects.count() > 0
