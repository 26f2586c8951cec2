import os

import pytest

from panorama.accounts.models import User
from panorama.collaboration import demo
from panorama.collaboration.models import Challenge, ChallengeRound, ChallengeStage, Overlap, PlatformAdoption
from panorama.organisations import demo as organisations_demo


@pytest.mark.django_db
def test_demo_plants_the_three_councils_and_the_published_adoption_figures_once():
    out = open(os.devnull, "w")
    organisations_demo.load(scale="demo", stdout=out)
    demo.load(scale="demo", stdout=out)
    counts = (
        ChallengeRound.objects.count(),
        Challenge.objects.count(),
        PlatformAdoption.objects.count(),
        Overlap.objects.count(),
    )
    demo.load(scale="demo", stdout=out)
    assert (
        ChallengeRound.objects.count(),
        Challenge.objects.count(),
        PlatformAdoption.objects.count(),
        Overlap.objects.count(),
    ) == counts
    assert counts[0] == 4
    # An industry applicant signing in to the demo finds a challenge still open to them.
    founder = User.objects.get(email="founder@thistlelabs.demo.scot")
    open_now = Challenge.objects.filter(stage=ChallengeStage.OPEN)
    assert open_now.exists()
    assert open_now.exclude(applications__organisation__memberships__person=founder).exists()
    councils = Overlap.objects.filter(status="confirmed", programme_a__external_ref__endswith="-permits")
    assert {o.programme_a.organisation.short_name for o in councils} | {
        o.programme_b.organisation.short_name for o in councils
    } == {"FIF", "GCC", "HC"}
    by_platform = {
        slug: PlatformAdoption.objects.filter(platform__slug=slug).count()
        for slug in ["myaccount", "cloud-platform"]
    }
    assert by_platform == {"myaccount": 40, "cloud-platform": 11}
    assert all(
        c.applications.filter(
            stage__in=["shortlisted", "exploration", "accelerator", "demo day", "adopted"]
        ).count()
        <= 6
        for c in Challenge.objects.all()
    )
