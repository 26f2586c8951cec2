"""Completeness by return kind and by body: the selector on a small hand-made set of windows with
known answers, the page (who sees which rows, the filter, the CSV) and the API's same numbers."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from panorama.core.periods import period_from_label
from panorama.returns.models import ReturnWindow, Status, Submission
from panorama.returns.selectors import ReturnState, completeness_matrix, completeness_totals

from .conftest import TODAY, make_body, make_person

# Windows are due or overdue against today.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
Q3 = "2025-26 Q3"


def _window(kind: str, label: str, due_on: datetime.date, expected) -> ReturnWindow:
    window = ReturnWindow.objects.create(kind=kind, period=period_from_label(label), due_on=due_on)
    window.expected.set(expected)
    return window


def _sent(body, kind: str, label: str, status: str) -> Submission:
    return Submission.objects.create(
        organisation=body, kind=kind, period=period_from_label(label), status=status
    )


@pytest.fixture
def returns(world, pinned_clock):
    """Four bodies, two windows in 2025-26 Q3 (progress past due, service performance not yet due)
    and a yearly finance window outside the quarter."""
    a, b = world.body_a, world.body_b
    c, d = make_body("RoS", "Registers of Scotland"), make_body("NRS", "National Records of Scotland")
    _window("progress", Q3, TODAY - datetime.timedelta(days=10), [a, b, c, d])
    _window("service-performance", Q3, TODAY + datetime.timedelta(days=10), [a, b, d])
    _window("finance", "2025-26", TODAY - datetime.timedelta(days=10), [a, b, c, d])
    _sent(a, "progress", Q3, Status.ACCEPTED)
    _sent(b, "progress", Q3, Status.SUBMITTED)
    _sent(c, "progress", Q3, Status.DRAFT)
    _sent(a, "service-performance", Q3, Status.ACCEPTED)
    _sent(b, "service-performance", Q3, Status.DRAFT)
    _sent(c, "finance", "2025-26", Status.ACCEPTED)  # another period: not in the quarter's picture
    world.extra.update(c=c, d=d)
    return world


def _q3(**kwargs):
    period = period_from_label(Q3)
    return completeness_matrix(start=period.start, end=period.end, **kwargs)


def _counts(tally) -> tuple[int, int, int, int]:
    return (tally.expected, tally.submitted, tally.accepted, tally.overdue)


def test_matrix_gives_each_expected_return_its_state_and_totals_by_kind_and_body(returns):
    matrix = _q3()
    assert [w.kind for w in matrix.windows] == ["progress", "service-performance"]
    states = {
        (row.organisation.short_name, window.kind): cell.state if cell else None
        for row in matrix.rows
        for window, cell in zip(matrix.windows, row.cells, strict=True)
    }
    assert states == {
        ("SSS", "progress"): ReturnState.ACCEPTED,
        ("DS", "progress"): ReturnState.SUBMITTED,
        ("RoS", "progress"): ReturnState.OVERDUE,  # a draft past its due date is late
        ("NRS", "progress"): ReturnState.OVERDUE,
        ("SSS", "service-performance"): ReturnState.ACCEPTED,
        ("DS", "service-performance"): ReturnState.STARTED,
        ("RoS", "service-performance"): None,  # not expected of it
        ("NRS", "service-performance"): ReturnState.NOT_STARTED,
    }
    assert _counts(matrix.kind("progress")) == (4, 2, 1, 2)
    assert _counts(matrix.kind("service-performance")) == (3, 1, 1, 0)
    assert _counts(matrix.total) == (7, 3, 2, 2)
    by_body = {row.organisation.short_name: _counts(row.tally) for row in matrix.rows}
    assert by_body == {"SSS": (2, 2, 2, 0), "DS": (2, 1, 0, 0), "RoS": (1, 0, 0, 1), "NRS": (2, 0, 0, 1)}
    assert matrix.bodies_all_accepted == {returns.body_a.pk}
    assert matrix.bodies_any_accepted == {returns.body_a.pk}
    overdue_draft = next(r for r in matrix.rows if r.organisation.short_name == "RoS").cells[0]
    assert overdue_draft.label == "Overdue: draft" and overdue_draft.submission_url


def test_matrix_for_the_year_takes_in_its_quarters_windows(returns):
    period = period_from_label("2025-26")
    matrix = completeness_matrix(start=period.start, end=period.end)
    assert [w.kind for w in matrix.windows] == ["finance", "progress", "service-performance"]
    assert _counts(matrix.kind("finance")) == (4, 1, 1, 3)


def test_matrix_limited_to_some_bodies_counts_only_theirs(returns):
    matrix = _q3(organisations={returns.body_b.pk})
    assert [row.organisation for row in matrix.rows] == [returns.body_b]
    assert _counts(matrix.kind("progress")) == (1, 1, 0, 0)


def test_matrix_takes_the_same_few_queries_whatever_the_number_of_bodies(returns, django_assert_num_queries):
    period = period_from_label(Q3)
    with django_assert_num_queries(4):
        completeness_matrix(start=period.start, end=period.end)
    window = ReturnWindow.objects.get(kind="progress", period__label=Q3)
    more = [make_body(f"B{n}", f"Body {n}") for n in range(30)]
    window.expected.add(*more)
    for body in more[:10]:
        _sent(body, "progress", Q3, Status.ACCEPTED)
    with django_assert_num_queries(4):
        assert completeness_matrix(start=period.start, end=period.end).kind("progress").accepted == 11


def _same_totals(start, end) -> None:
    matrix = completeness_matrix(start=start, end=end)
    totals = completeness_totals(start=start, end=end)
    assert {row.organisation.pk: _counts(row.tally) for row in matrix.rows} == {
        pk: _counts(tally) for pk, tally in totals.bodies.items()
    }
    assert [(k.kind, _counts(k)) for k in matrix.kinds] == [(k.kind, _counts(k)) for k in totals.kinds]
    assert _counts(matrix.total) == _counts(totals.total)


def test_totals_count_every_body_kind_and_return_as_the_matrix_does(returns, django_assert_num_queries):
    quarter, year = period_from_label(Q3), period_from_label("2025-26")
    _same_totals(quarter.start, quarter.end)
    _same_totals(year.start, year.end)
    with django_assert_num_queries(2):
        totals = completeness_totals(start=quarter.start, end=quarter.end)
    assert _counts(totals.total) == (7, 3, 2, 2)
    # Accepting a return, or sending a new one, shows in the next totals.
    Submission.objects.filter(organisation=returns.body_b, kind="progress").update(status=Status.ACCEPTED)
    _sent(returns.extra["d"], "service-performance", Q3, Status.SUBMITTED)
    _same_totals(quarter.start, quarter.end)
    assert _counts(completeness_totals(start=quarter.start, end=quarter.end).total) == (7, 4, 3, 2)


def test_analyst_sees_every_body_with_links_to_bodies_and_submissions(client, returns):
    client.force_login(returns.analyst)
    response = client.get(reverse("returns:completeness"), {"period": Q3})
    assert response.status_code == 200
    html = response.content.decode()
    for body in (returns.body_a, returns.body_b, returns.c, returns.d):
        assert body.get_absolute_url() in html
    accepted = Submission.objects.get(organisation=returns.body_a, kind="progress")
    assert accepted.get_absolute_url() in html
    assert "Overdue: not started" in html and "Started, not submitted" in html
    assert "submitted</strong> counts those sent in" in html


def test_page_defaults_to_the_latest_period_with_windows(client, returns):
    client.force_login(returns.auditor)
    response = client.get(reverse("returns:completeness"))
    assert response.context["label"] == Q3


def test_only_bodies_missing_something_leaves_out_those_with_everything_accepted(client, returns):
    client.force_login(returns.analyst)
    response = client.get(reverse("returns:completeness"), {"period": Q3, "missing": "1"})
    shown = {row.organisation.short_name for row in response.context["rows"]}
    assert shown == {"DS", "RoS", "NRS"}


def test_editor_sees_only_their_bodys_rows_and_totals(client, returns):
    client.force_login(returns.editor_a)
    response = client.get(reverse("returns:completeness"), {"period": Q3})
    assert response.status_code == 200
    html = response.content.decode()
    assert returns.body_a.name in html
    assert returns.body_b.name not in html and returns.c.name not in html
    assert _counts(response.context["matrix"].kind("progress")) == (1, 1, 1, 0)
    assert "only the bodies you belong to" in html


def test_person_with_no_body_is_refused_and_anonymous_is_sent_to_sign_in(client, returns):
    url = reverse("returns:completeness")
    response = client.get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get(reverse("api:returns-completeness")).status_code == 401
    client.force_login(make_person("nobody@elsewhere.test"))
    assert client.get(url, {"period": Q3}).status_code == 403
    assert client.get(reverse("api:returns-completeness"), {"period": Q3}).status_code == 403


def test_unknown_period_is_not_found(client, returns):
    client.force_login(returns.analyst)
    assert client.get(reverse("returns:completeness"), {"period": "someday"}).status_code == 404
    assert client.get(reverse("api:returns-completeness"), {"period": "2024-26"}).status_code == 404


def test_csv_has_a_row_per_expected_return_matching_the_pages_numbers(client, returns):
    client.force_login(returns.analyst)
    page = client.get(reverse("returns:completeness"), {"period": Q3}).context["matrix"]
    response = client.get(reverse("returns:completeness"), {"period": Q3, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    for kind in page.kinds:
        of_kind = [r for r in rows if r["return"] == kind.kind]
        assert len(of_kind) == kind.expected
        assert sum(r["state"] == "accepted" for r in of_kind) == kind.accepted
        assert sum(r["state"] in ("accepted", "submitted") for r in of_kind) == kind.submitted
        assert sum(r["state"] == "overdue" for r in of_kind) == kind.overdue
    assert all(r["submission"].startswith("http") for r in rows if r["state"] == "accepted")


def test_csv_cells_cannot_run_as_formulas(client, returns):
    returns.c.name = "=HYPERLINK(1)"
    returns.c.save()
    client.force_login(returns.analyst)
    response = client.get(reverse("returns:completeness"), {"period": Q3, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "\n=HYPERLINK" not in text and "'=HYPERLINK(1)" in text


def test_api_gives_the_same_counts_as_the_selector(client, returns):
    client.force_login(returns.auditor)
    body = client.get(reverse("api:returns-completeness"), {"period": Q3}).json()
    matrix = _q3()
    assert body["period"] == Q3 and body["scope"] == "all bodies"
    assert {
        k["kind"]: (k["expected"], k["submitted"], k["accepted"], k["overdue"]) for k in body["kinds"]
    } == {k.kind: _counts(k) for k in matrix.kinds}
    assert body["bodies_all_accepted"] == 1 and body["bodies_any_accepted"] == 1
    nrs = next(b for b in body["bodies"] if b["slug"] == returns.d.slug)
    assert [(r["kind"], r["state"]) for r in nrs["returns"]] == [
        ("progress", "overdue"),
        ("service-performance", "not-started"),
    ]


def test_api_for_an_editor_counts_only_their_bodies(client, returns):
    client.force_login(returns.editor_b)
    body = client.get(reverse("api:returns-completeness"), {"period": Q3}).json()
    assert body["scope"] == "your bodies"
    assert [b["slug"] for b in body["bodies"]] == [returns.body_b.slug]
    assert body["total"] == {"expected": 2, "submitted": 1, "accepted": 0, "overdue": 0}
