import pytest
from django.urls import reverse

from panorama.strategy.models import Commitment, OutcomeActual, OutcomeMeasure
from tests.conftest import client_for
from tests.map_factories import make_commitment, make_programme

pytestmark = pytest.mark.django_db


def refs(response) -> list[str]:
    return [c.reference for c in response.context["page"]]


def test_commitments_list_finds_the_unowned_and_those_no_programme_serves(client, world):
    owned = make_commitment("3.1", owner=world.body_a, person="Chief Designer")
    make_commitment("3.4")  # no owner at all
    make_commitment("3.6", owner=world.body_b)  # a body but nobody accountable
    make_programme(world.body_a, "Portal").commitments.add(owned)
    url = reverse("strategy:commitments")
    assert refs(client.get(url, {"unowned": "on"})) == ["3.4", "3.6"]
    assert refs(client.get(url, {"without_programme": "on"})) == ["3.4", "3.6"]
    assert refs(client.get(url, {"owner": world.body_a.slug})) == ["3.1"]
    csv_text = b"".join(client.get(url, {"unowned": "on", "format": "csv"}).streaming_content).decode()
    assert csv_text.count("\n") == 3


def test_commitment_page_lists_every_programme_serving_it_and_charts_its_measure(client, world):
    commitment = make_commitment("3.3", owner=world.body_a, person="Director of Digital")
    for title in ("ScotAccount", "Benefits online"):
        make_programme(world.body_a, title).commitments.add(commitment)
    make_programme(world.body_b, "Unrelated")
    measure = OutcomeMeasure.objects.create(
        commitment=commitment, name="People with an account", unit="people", baseline=0, target=1000
    )
    OutcomeActual.objects.create(measure=measure, date="2024-03-31", value=120)
    response = client.get(commitment.get_absolute_url())
    assert [p.title for p in response.context["programmes"]] == ["Benefits online", "ScotAccount"]
    chart = response.context["measures"][0].chart
    assert chart.rows == [["2024-03-31", 120, 1000]]
    csv_text = b"".join(client.get(chart.csv_url).streaming_content).decode()
    assert "People with an account" in csv_text


def test_analyst_manages_the_model_in_the_web(client, world):
    client_for(client, world.analyst)
    response = client.post(
        reverse("strategy:strategy-create"),
        {
            "title": "Scotland's Digital Future",
            "short_title": "Digital future 2011",
            "slug": "digital-future-2011",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("strategy:ambition-create", kwargs={"slug": "digital-future-2011"}),
        {"number": 1, "title": "Connectivity"},
    )
    ambition = Commitment._meta.get_field("ambition").related_model.objects.get(title="Connectivity")
    response = client.post(
        reverse("strategy:commitment-create", kwargs={"public_id": ambition.public_id}),
        {"reference": "1", "text": "Connect every home.", "kind": "deliverable", "status": "on track"},
    )
    commitment = Commitment.objects.get(reference="1", ambition=ambition)
    assert commitment.unowned
    response = client.post(
        reverse("strategy:commitment-edit", kwargs={"public_id": commitment.public_id}),
        {
            "version": commitment.version,
            "reference": "1",
            "text": "Connect every home.",
            "kind": "deliverable",
            "status": "at risk",
            "owner": world.body_a.pk,
            "accountable_person": "Director of Connectivity",
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert not commitment.unowned
    assert commitment.last_updated is not None


def test_second_actual_for_the_same_date_is_refused(client, world):
    commitment = make_commitment()
    measure = OutcomeMeasure.objects.create(
        commitment=commitment, name="Take-up", unit="%", baseline=0, target=80
    )
    client_for(client, world.analyst)
    url = reverse("strategy:actual-create", kwargs={"public_id": measure.public_id})
    assert client.post(url, {"date": "2024-03-31", "value": "40"}).status_code == 302
    again = client.post(url, {"date": "2024-03-31", "value": "45"})
    assert "already has a value for 31 March 2024" in again.content.decode()
    assert measure.actuals.get().value == 40


def test_editor_cannot_change_the_strategy_model(client, world):
    commitment = make_commitment(owner=world.body_a)
    client_for(client, world.editor_a)
    url = reverse("strategy:commitment-edit", kwargs={"public_id": commitment.public_id})
    assert (
        client.post(
            url, {"reference": "9", "text": "x", "kind": "deliverable", "status": "complete"}
        ).status_code
        == 403
    )
    commitment.refresh_from_db()
    assert commitment.reference == "3.3"


def test_strategy_list_counts_in_the_singular_when_there_is_one(client, world):
    make_commitment("3.1", kind="ambition")
    page = client.get(reverse("strategy:list")).content.decode()
    assert "1 commitment:" in page and "1 statement of ambition." in page
    assert "1 commitments" not in page and "1 statements" not in page
