import random

from django.utils.text import slugify

from .models import Organisation, Sector, StaffBand
from .services import organisations_load_reference

# The demo sizes each body's invented digital spend from its real size (the reference list's staff
# band), scaled by how digital its kind of body is, so that the largest bodies spend the most: NHS
# Greater Glasgow and Clyde far above NHS Shetland, Audit Scotland a few million a year.
SPEND_BY_STAFF = {  # annual digital spend, £m
    StaffBand.UNDER_50: (0.1, 0.4),
    StaffBand.FROM_50: (0.4, 1.6),
    StaffBand.FROM_250: (1.5, 5.0),
    StaffBand.FROM_1000: (5.0, 16.0),
    StaffBand.FROM_5000: (15.0, 40.0),
    StaffBand.FROM_20000: (55.0, 95.0),
}
KIND_FACTOR = {
    "council": 0.5,  # many of their staff work away from desks: teachers, carers, road crews
    "college": 0.6,
    "university": 0.9,
    "territorial health board": 1.0,
    "special health board": 1.2,
    "police and fire": 0.9,
    "integration joint board": 1.0,  # their own spend only: the council and the board run the systems
    "advisory NDPB": 0.5,
    "parliamentary body": 0.7,
}
# Bodies whose digital spend the demo pins, because the real programmes make them large.
# NHS Greater Glasgow and Clyde (about 40,000 staff) is Scotland's largest health board, well ahead of
# NHS Lothian (about 28,000), though both are in the top band.
KNOWN_SPEND = {
    "NHSGGC": (95, 115),
    "NHSLO": (60, 75),
    "SG": (120, 150),
    "SSS": (70, 85),
    "NSS": (40, 55),
    "PS": (45, 55),
    "GCC": (20, 26),
    "EDC": (18, 24),
}


def digital_spend_range(organisation: Organisation) -> tuple[float, float]:
    """The range (£m a year) the demo draws a body's digital spend from."""
    if organisation.short_name in KNOWN_SPEND:
        return KNOWN_SPEND[organisation.short_name]
    low, high = SPEND_BY_STAFF.get(organisation.staff_band, (0.5, 3.0))
    factor = KIND_FACTOR.get(organisation.kind, 1.0)
    return low * factor, high * factor


def digital_spend(organisation: Organisation) -> float:
    """One body's typical annual digital spend (£m), the same on every machine."""
    low, high = digital_spend_range(organisation)
    return random.Random(f"spend-{organisation.short_name}").uniform(low, high)  # noqa: S311


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
