import os

import pytest

from panorama.collaboration import demo
from panorama.collaboration.models import Challenge, ChallengeRound, Overlap, PlatformAdoption
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
    assert counts[0] == 3
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
