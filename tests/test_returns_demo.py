"""The returns demo: windows and submissions in every state, illustrative, and idempotent."""

from io import StringIO

import pytest

from panorama.accounts import demo as accounts_demo
from panorama.organisations import demo as organisations_demo
from panorama.programmes import demo as programmes_demo
from panorama.returns import demo as returns_demo
from panorama.returns.models import ReturnWindow, SavedMapping, Submission
from panorama.returns.selectors import window_expected
from panorama.strategy import demo as strategy_demo
from tests.conftest import TODAY

# The demo's windows and returns are laid out back from today.
pytestmark = pytest.mark.usefixtures("pinned_clock")


@pytest.mark.django_db
def test_demo_opens_windows_with_every_state_and_a_second_run_adds_nothing():
    for step in (organisations_demo, accounts_demo, strategy_demo, programmes_demo, returns_demo):
        step.load(scale="demo", stdout=StringIO())
    counts = (ReturnWindow.objects.count(), Submission.objects.count(), SavedMapping.objects.count())
    returns_demo.load(scale="demo", stdout=StringIO())
    assert (ReturnWindow.objects.count(), Submission.objects.count(), SavedMapping.objects.count()) == counts

    progress = ReturnWindow.objects.filter(kind="progress").order_by("period__start")
    assert [w.status for w in progress] == ["closed", "open"]
    assert all(w.illustrative for w in ReturnWindow.objects.all())
    assert not Submission.objects.filter(illustrative=False).exists()
    latest = progress.last()
    states = {e.status for e in window_expected(window=latest)}
    assert {"accepted", "submitted", "draft", "returned", "not-started"} <= states
    sss = next(e for e in window_expected(window=latest) if e.organisation.short_name == "SSS")
    assert sss.status == "not-started"  # left for the demo editor to send
    assert SavedMapping.objects.get().name == "Government of Canada IT projects"


@pytest.mark.django_db
def test_demo_finance_figures_for_last_year_come_from_accepted_returns_and_a_few_bodies_have_not_sent_theirs(
    demo_picture,
):
    from panorama.core.periods import financial_year_of, label_for
    from panorama.finance.models import FinanceLine

    this_year = financial_year_of(TODAY)
    last = label_for(this_year - 1)
    with_figures = set(
        FinanceLine.objects.filter(period__label=last).values_list("organisation_id", flat=True).distinct()
    )
    accepted = Submission.objects.filter(kind="finance", period__label=last, status="accepted")
    assert set(accepted.values_list("organisation_id", flat=True)) == with_figures
    assert all(s.decided_at and s.decided_by.global_role == "analyst" for s in accepted)
    assert all(s.events.filter(action="accepted").exists() for s in accepted[:5])
    window = ReturnWindow.objects.get(kind="finance", period__label=last)
    missing = window.expected.exclude(pk__in=with_figures)
    assert 0 < missing.count() < window.expected.count() / 4  # a realistic minority
    assert not Submission.objects.filter(
        kind="finance", period__label=last, organisation__in=missing
    ).exists()
    current = ReturnWindow.objects.get(kind="finance", period__label=label_for(this_year))
    assert current.is_open and current.due_on > TODAY
    assert set(
        Submission.objects.filter(
            kind="finance", period__label=label_for(this_year), status="accepted"
        ).values_list("organisation_id", flat=True)
    ) == set(
        FinanceLine.objects.filter(period__label=label_for(this_year))
        .values_list("organisation_id", flat=True)
        .distinct()
    )
