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
