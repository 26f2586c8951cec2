"""The skills demo step: reference taxonomy, workforce returns for every real body, idempotent."""

import io
from decimal import Decimal

from django.core.management import call_command

from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.organisations.services import organisations_load_reference
from panorama.skills import demo, selectors
from panorama.skills.models import Initiative, Role, RoleFamily, WorkforceLine


def test_demo_loads_every_real_body_and_a_second_run_adds_nothing(db):
    organisations_load_reference()
    demo.load(scale="demo", stdout=io.StringIO())
    counts = (
        RoleFamily.objects.count(),
        Role.objects.count(),
        WorkforceLine.objects.count(),
        Initiative.objects.count(),
    )
    public = Organisation.objects.exclude(sector__in=["industry", "third sector"])
    assert set(WorkforceLine.objects.values_list("organisation", flat=True).distinct()) == set(
        public.values_list("pk", flat=True)
    )
    assert WorkforceLine.objects.values("period").distinct().count() == 7
    demo.load(scale="demo", stdout=io.StringIO())
    assert counts == (
        RoleFamily.objects.count(),
        Role.objects.count(),
        WorkforceLine.objects.count(),
        Initiative.objects.count(),
    )
    assert not WorkforceLine.objects.filter(illustrative=False).exists()


def test_social_security_scotland_runs_near_a_thirty_percent_vacancy_rate_in_2019(db):
    organisations_load_reference()
    demo.load(scale="demo", stdout=io.StringIO())
    sss = Organisation.objects.get(short_name="SSS")
    rows = selectors.family_summary(period=Period.objects.get(label="2019-20"), organisation_ids={sss.pk})
    rate = selectors.overall_totals(rows).vacancy_rate
    assert Decimal("0.27") <= rate <= Decimal("0.33")


def test_load_roles_command_is_idempotent(db):
    out = io.StringIO()
    call_command("load_roles", stdout=out)
    assert "created" in out.getvalue()
    families = set(RoleFamily.objects.values_list("name", flat=True))
    assert {"Architecture", "Data", "Software development", "User-centred design"} <= families
    assert len(families) == 8
    out = io.StringIO()
    call_command("load_roles", stdout=out)
    assert out.getvalue().startswith("Role taxonomy: 0 created")
