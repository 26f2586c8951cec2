from django.utils.text import slugify

from .models import Organisation, Sector
from .services import organisations_load_reference

# Synthetic bodies for `--scale uk`: clearly labelled illustrative, named so nobody mistakes them.
SYNTHETIC_SECTORS = [Sector.CENTRAL, Sector.LOCAL, Sector.HEALTH, Sector.JUSTICE, Sector.EDUCATION]


def load(*, scale: str, stdout) -> None:
    result = organisations_load_reference()
    stdout.write(
        f"  public bodies: {result.created} created, {result.unchanged + result.updated} already there"
    )
    if scale != "uk":
        return
    target = 1000
    existing = Organisation.objects.count()
    missing = max(0, target - existing)
    batch = []
    for number in range(1, missing + 1):
        short = f"ILL{number:04d}"
        sector = SYNTHETIC_SECTORS[number % len(SYNTHETIC_SECTORS)]
        batch.append(
            Organisation(
                slug=slugify(short),
                name=f"Illustrative body {number:04d}",
                short_name=short,
                sector=sector,
                kind="illustrative body",
                illustrative=True,
            )
        )
    Organisation.objects.bulk_create(batch, batch_size=500, ignore_conflicts=True)
    stdout.write(f"  illustrative bodies for --scale uk: {len(batch)} created")
