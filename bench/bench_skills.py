"""Skills: the summary API and the analysis pages on the --scale uk picture (1,000 bodies' workforce
returns over seven years, and the needs of every fourth of 20,000 programmes)."""

from django.test import Client
from harness import Figure, median, server_ms

from panorama.accounts.models import User
from panorama.skills.models import ProgrammeNeed, WorkforceLine


def run(database: str) -> list[Figure]:
    client = Client(HTTP_HOST="localhost")
    analyst = User.objects.filter(global_role="analyst").order_by("pk").first()
    client.force_login(analyst)
    lines, needs = WorkforceLine.objects.count(), ProgrammeNeed.objects.count()
    note = f"{lines:,} workforce lines, {needs:,} programme needs"
    figures = []
    for name, path, target in [
        ("summary API (national, latest year)", "/api/v1/skills/summary", 150),
        ("summary API (one sector)", "/api/v1/skills/summary?sector=local%20government", 150),
        ("gap heatmap page", "/skills/gaps/", 150),
        ("overview page (scarcest roles, unstaffable programmes)", "/skills/", 500),
        ("shortage roles page", "/skills/shortages/", 300),
        ("programmes that cannot be staffed page", "/skills/staffing/", 500),
    ]:
        value = median(server_ms(client, path, repeat=9))
        figures.append(
            Figure(
                "skills",
                f"{name}, median server time ({database})",
                value,
                "ms",
                f"≤ {target} ms",
                value <= target,
                note,
            )
        )
    return figures
