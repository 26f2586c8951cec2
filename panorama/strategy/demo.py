"""The demo strategy model: the real structure of Scotland's 2017 and 2021 digital strategies.

The commitments are real in substance and written here in our own words. Their owners, accountable
people, statuses and most outcome figures are invented for the demonstration and flagged
`illustrative`; the few published figures (R100's 2021 target, the 2024 progress report's platform
numbers, the Digital Assurance Office's review counts, CivTech's challenge counts) carry their source.
Some commitments are deliberately left without an owner, as the 2019 audit found many were.

Eighteen of the 24 commitments have outcome measures, with actuals at fixed dates up to September
2026 (so a second run adds nothing): most move toward their targets, some are flat and some go the
wrong way, so "which commitments are not having the right impact" has an answer.
"""

import datetime
from collections import Counter
from decimal import Decimal

from panorama.core.demo_clock import demo_today
from panorama.organisations.models import Organisation

from .models import (
    Ambition,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    OutcomeActual,
    OutcomeMeasure,
    Strategy,
)
from .selectors import measure_trends

D = datetime.date
DELIVERABLE, AMBITION = CommitmentKind.DELIVERABLE, CommitmentKind.AMBITION
S = CommitmentStatus

STRATEGIES = [
    {
        "slug": "digital-strategy-2017",
        "title": "Realising Scotland's full potential in a digital world: a digital strategy for Scotland",
        "short_title": "Digital strategy 2017",
        "published": D(2017, 3, 2),
        "summary": (
            "A vision of a vibrant, inclusive, open and outward-looking digital nation, set out as "
            "numbered \u201cwe will\u201d actions. It was not costed, and the 2019 audit found that many of "
            "its actions had no owner and no progress reporting."
        ),
        "url": "https://www.gov.scot/publications/realising-scotlands-full-potential-digital-world-digital-strategy-scotland/",
        "ambitions": [
            (
                1,
                "A thriving digital economy",
                "Businesses that use digital well, and the people to do the work.",
                [
                    (
                        "1.1",
                        "Fund training for digital skills through a Digital Growth Fund.",
                        DELIVERABLE,
                        "SDS",
                        "Director of Skills Investment",
                        D(2019, 3, 31),
                        S.COMPLETE,
                    ),
                    (
                        "1.2",
                        "Offer businesses practical help to adopt digital technology (DigitalBoost).",
                        DELIVERABLE,
                        "SE",
                        "",
                        D(2020, 3, 31),
                        S.COMPLETE,
                    ),
                    (
                        "1.3",
                        "Grow the number of people working in digital technology roles to 150,000 within five years.",
                        AMBITION,
                        None,
                        "",
                        D(2022, 3, 31),
                        S.OFF_TRACK,
                    ),
                ],
            ),
            (
                2,
                "Digital public services",
                "Public services designed around the people who use them, and delivered well.",
                [
                    (
                        "2.1",
                        "Design health and social care services around the people who use them.",
                        DELIVERABLE,
                        "SG",
                        "Director of Digital Health and Care",
                        D(2021, 3, 31),
                        S.AT_RISK,
                    ),
                    (
                        "2.2",
                        "Design justice services around the people who use them.",
                        DELIVERABLE,
                        "SG",
                        "",
                        D(2021, 3, 31),
                        S.AT_RISK,
                    ),
                    (
                        "2.3",
                        "Build the new social security system's services around the people who use them.",
                        DELIVERABLE,
                        "SSS",
                        "Chief Digital Officer",
                        D(2021, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "2.4",
                        "Make every new Scottish Government digital service meet the Digital First Service Standard.",
                        DELIVERABLE,
                        "SG",
                        "Chief Designer",
                        D(2018, 3, 31),
                        S.COMPLETE,
                    ),
                    (
                        "2.5",
                        "Assure digital projects rigorously, with the power to stop those that are failing.",
                        DELIVERABLE,
                        "SG",
                        "Head of the Digital Assurance Office",
                        D(2018, 3, 31),
                        S.COMPLETE,
                    ),
                    (
                        "2.6",
                        "Build shared technology platforms that public bodies can reuse.",
                        DELIVERABLE,
                        None,
                        "",
                        D(2021, 3, 31),
                        S.NOT_STARTED,
                    ),
                ],
            ),
            (
                3,
                "Connectivity",
                "Fast, reliable broadband and mobile coverage everywhere.",
                [
                    (
                        "3.1",
                        "Bring 30 Mb/s broadband to every premise in Scotland by the end of 2021 (Reaching 100%).",
                        DELIVERABLE,
                        "SG",
                        "Director of Digital Connectivity",
                        D(2021, 12, 31),
                        S.OFF_TRACK,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "a-changing-nation-2021",
        "title": "A changing nation: how Scotland will thrive in a digital world",
        "short_title": "A changing nation (2021)",
        "published": D(2021, 3, 10),
        "owner": "SG",
        "summary": (
            "The digital strategy the Scottish Government published with COSLA, in three parts, each "
            "with \u201cwe will\u201d commitments. Its 2024 progress report noted that many commitments are "
            "statements of ambition rather than projects."
        ),
        "url": "https://www.gov.scot/publications/a-changing-nation-how-scotland-will-thrive-in-a-digital-world/",
        "ambitions": [
            (
                1,
                "People and Place",
                "Nobody left behind: connectivity, skills and confidence for everyone, everywhere.",
                [
                    (
                        "1.1",
                        "Make sure nobody is left behind: help people who are offline to get online, with a device, data and support.",
                        AMBITION,
                        "SG",
                        "Deputy Director, Digital Inclusion",
                        D(2026, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "1.2",
                        "Extend fast, reliable broadband and mobile coverage to every community.",
                        DELIVERABLE,
                        "SG",
                        "Director of Digital Connectivity",
                        D(2027, 3, 31),
                        S.AT_RISK,
                    ),
                    (
                        "1.3",
                        "Give everyone the chance to gain the digital skills they need for life and work.",
                        AMBITION,
                        None,
                        "",
                        D(2026, 3, 31),
                        S.NOT_STARTED,
                    ),
                    (
                        "1.4",
                        "Use digital technology to improve learning and teaching in schools.",
                        DELIVERABLE,
                        "ES",
                        "",
                        D(2026, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "1.5",
                        "Agree an ethical framework for how data and digital technology are used.",
                        DELIVERABLE,
                        None,
                        "",
                        D(2023, 3, 31),
                        S.NOT_STARTED,
                    ),
                ],
            ),
            (
                2,
                "A Strong Digital Economy",
                "Every business a digital business, and a thriving technology sector.",
                [
                    (
                        "2.1",
                        "Help every business become a digital business.",
                        AMBITION,
                        "SE",
                        "Director of Business Growth",
                        D(2026, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "2.2",
                        "Act on the 34 recommendations of the review of Scotland's technology ecosystem.",
                        DELIVERABLE,
                        "SG",
                        "Chief Entrepreneur",
                        D(2025, 3, 31),
                        S.AT_RISK,
                    ),
                ],
            ),
            (
                3,
                "Digital Government and Services",
                "Public services designed around people, secure, built on common foundations and data.",
                [
                    (
                        "3.1",
                        "Design public services around the people who use them, to the Digital Scotland Service Standard.",
                        DELIVERABLE,
                        "SG",
                        "Chief Designer",
                        D(2025, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "3.2",
                        "Build security in from the outset, so services and the public sector are resilient to cyber attack.",
                        DELIVERABLE,
                        "SG",
                        "Head of Cyber Resilience",
                        D(2025, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "3.3",
                        "Take a common approach to online identity, so people prove who they are once (ScotAccount).",
                        DELIVERABLE,
                        "SG",
                        "Director of Digital",
                        D(2025, 3, 31),
                        S.AT_RISK,
                    ),
                    (
                        "3.4",
                        "Agree common standards that every public body follows.",
                        AMBITION,
                        None,
                        "",
                        None,
                        S.NOT_STARTED,
                    ),
                    (
                        "3.5",
                        "Build common platforms, such as payments and cloud hosting, for the whole public sector to reuse.",
                        DELIVERABLE,
                        "SG",
                        "Director of Digital",
                        D(2026, 3, 31),
                        S.ON_TRACK,
                    ),
                    (
                        "3.6",
                        "Use data to design, run and improve public services.",
                        AMBITION,
                        "PHS",
                        "",
                        D(2026, 3, 31),
                        S.NOT_STARTED,
                    ),
                    (
                        "3.7",
                        "Buy technology in new ways, so public bodies can work with innovators (CivTech).",
                        DELIVERABLE,
                        "SG",
                        "Head of CivTech",
                        D(2025, 3, 31),
                        S.ON_TRACK,
                    ),
                ],
            ),
        ],
    },
]


def _yearly(first_year: int, values: list[str]) -> list[tuple[datetime.date, str, str]]:
    """One actual a year, at the end of each financial year from March `first_year`."""
    return [(D(first_year + i, 3, 31), value, "") for i, value in enumerate(values)]


def _quarterly(first: datetime.date, values: list[str]) -> list[tuple[datetime.date, str, str]]:
    """One actual a quarter, at each quarter's last day from `first` (itself a quarter's last day)."""
    actuals = []
    year, month = first.year, first.month
    for value in values:
        last_day = 30 if month in (6, 9) else 31
        actuals.append((D(year, month, last_day), value, ""))
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    return actuals


# (strategy slug, commitment reference, measure name, unit, baseline, baseline date, target, target
# date, direction, source, illustrative, [(date, value, source)])
MEASURES = [
    (
        "digital-strategy-2017",
        "3.1",
        "Premises able to get 30 Mb/s broadband",
        "%",
        "86",
        D(2017, 3, 31),
        "100",
        D(2021, 12, 31),
        Direction.UP,
        "Target from the strategy; the yearly figures are illustrative.",
        True,
        [
            (D(2018, 3, 31), "89", ""),
            (D(2019, 3, 31), "92", ""),
            (D(2020, 3, 31), "94", ""),
            (D(2021, 3, 31), "95", ""),
            (D(2022, 3, 31), "96", ""),
            (D(2023, 3, 31), "97", ""),
            (D(2024, 3, 31), "97.5", ""),
            (D(2025, 3, 31), "98", ""),
            (D(2026, 3, 31), "98", ""),
        ],
    ),
    (
        "digital-strategy-2017",
        "1.3",
        "People working in digital technology roles",
        "people",
        "90000",
        D(2017, 3, 31),
        "150000",
        D(2022, 3, 31),
        Direction.UP,
        "Target from the strategy; the yearly figures are illustrative.",
        True,
        [
            (D(2018, 3, 31), "94000", ""),
            (D(2019, 3, 31), "99000", ""),
            (D(2020, 3, 31), "102000", ""),
            (D(2021, 3, 31), "108000", ""),
            (D(2022, 3, 31), "113000", ""),
            *_yearly(2023, ["116000", "118500", "117000", "115500"]),
        ],
    ),
    (
        "a-changing-nation-2021",
        "3.5",
        "Public bodies using the shared cloud platform",
        "bodies",
        "0",
        D(2021, 3, 31),
        "30",
        D(2026, 3, 31),
        Direction.UP,
        "2024: the strategy's 2024 progress report (11 bodies). Other points and the target are illustrative.",
        True,
        [
            (D(2022, 3, 31), "3", "Illustrative"),
            (D(2023, 3, 31), "7", "Illustrative"),
            (D(2024, 3, 31), "11", "A changing nation: progress report, 2024"),
            (D(2025, 3, 31), "15", "Illustrative"),
            (D(2026, 3, 31), "18", "Illustrative"),
        ],
    ),
    (
        "a-changing-nation-2021",
        "3.5",
        "Registrations on local government myaccount",
        "registrations",
        "1500000",
        D(2021, 3, 31),
        "3000000",
        D(2026, 3, 31),
        Direction.UP,
        "2024: the strategy's 2024 progress report (2.4m registrations, 40 organisations). Other points are illustrative.",
        True,
        [
            (D(2022, 3, 31), "1800000", "Illustrative"),
            (D(2023, 3, 31), "2100000", "Illustrative"),
            (D(2024, 3, 31), "2400000", "A changing nation: progress report, 2024"),
            (D(2025, 3, 31), "2600000", "Illustrative"),
            (D(2026, 3, 31), "2800000", "Illustrative"),
        ],
    ),
    (
        "a-changing-nation-2021",
        "1.1",
        "Adults who do not use the internet",
        "%",
        "12",
        D(2021, 3, 31),
        "5",
        D(2026, 3, 31),
        Direction.DOWN,
        "Illustrative figures.",
        True,
        [
            (D(2022, 3, 31), "11", ""),
            (D(2023, 3, 31), "10", ""),
            (D(2024, 3, 31), "9", ""),
            (D(2025, 3, 31), "8.5", ""),
            (D(2026, 3, 31), "8.7", ""),
        ],
    ),
    (
        "a-changing-nation-2021",
        "3.1",
        "New services assessed against the Digital Scotland Service Standard",
        "%",
        "20",
        D(2021, 3, 31),
        "90",
        D(2025, 3, 31),
        Direction.UP,
        "Illustrative figures.",
        True,
        [
            (D(2022, 3, 31), "35", ""),
            (D(2023, 3, 31), "48", ""),
            (D(2024, 3, 31), "61", ""),
            (D(2025, 3, 31), "70", ""),
            (D(2026, 3, 31), "76", ""),
        ],
    ),
    (
        "a-changing-nation-2021",
        "3.3",
        "People with a ScotAccount",
        "people",
        "0",
        D(2021, 3, 31),
        "1000000",
        D(2026, 3, 31),
        Direction.UP,
        "Illustrative figures.",
        True,
        [
            (D(2022, 3, 31), "5000", ""),
            (D(2023, 3, 31), "40000", ""),
            (D(2024, 3, 31), "120000", ""),
            (D(2025, 3, 31), "260000", ""),
            *_quarterly(D(2025, 6, 30), ["300000", "345000", "390000", "430000", "480000", "525000"]),
        ],
    ),
    # Commitments the 2017 strategy made. Figures are illustrative unless their source says otherwise.
    (
        "digital-strategy-2017",
        "1.1",
        "People trained through the Digital Growth Fund",
        "people",
        "0",
        D(2017, 3, 31),
        "10000",
        D(2021, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        _yearly(2018, ["1800", "4100", "6200", "8000", "9300", "10400", "11200"]),
    ),
    (
        "digital-strategy-2017",
        "1.2",
        "Businesses helped by DigitalBoost in the year",
        "businesses",
        "2000",
        D(2018, 3, 31),
        "5000",
        D(2021, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        _yearly(2019, ["3100", "4200", "4600", "4400", "4400", "4300", "4300"]),
    ),
    (
        "digital-strategy-2017",
        "2.1",
        "Adults who can see their health records online",
        "%",
        "5",
        D(2017, 3, 31),
        "50",
        D(2021, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        _yearly(2018, ["6", "9", "14", "22", "27", "31", "34", "34"]),
    ),
    (
        "digital-strategy-2017",
        "2.3",
        "Applications to Social Security Scotland made online",
        "%",
        "40",
        D(2019, 3, 31),
        "80",
        D(2026, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        [
            *_yearly(2020, ["55", "61", "64", "66"]),
            *_quarterly(D(2024, 6, 30), ["66.5", "67", "67.8", "68.4", "69", "69.5", "70.2", "70.9", "71.5"]),
        ],
    ),
    (
        "digital-strategy-2017",
        "2.5",
        "Technology assurance reviews carried out in the year",
        "reviews",
        "30",
        D(2024, 3, 31),
        "40",
        D(2026, 3, 31),
        Direction.UP,
        "Digital Assurance Office statistics (blogs.gov.scot/digital): 30 reviews in 2023/24, 37 in 2024/25. "
        "The target is illustrative.",
        True,
        [(D(2025, 3, 31), "37", "Digital Assurance Office statistics, 2024/25")],
    ),
    (
        "digital-strategy-2017",
        "2.5",
        "Recommendations per assurance review",
        "recommendations",
        "9.4",
        D(2024, 3, 31),
        "7",
        D(2026, 3, 31),
        Direction.DOWN,
        "Digital Assurance Office statistics (blogs.gov.scot/digital): 281 recommendations from 30 reviews in "
        "2023/24, 288 from 37 in 2024/25. Fewer per review is read as projects arriving better prepared; "
        "the target is illustrative.",
        True,
        [(D(2025, 3, 31), "7.8", "Digital Assurance Office statistics, 2024/25")],
    ),
    # Commitments of A changing nation (2021).
    (
        "a-changing-nation-2021",
        "1.2",
        "Premises able to get gigabit-capable broadband",
        "%",
        "50",
        D(2021, 3, 31),
        "85",
        D(2027, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        [
            *_yearly(2022, ["56", "61", "65"]),
            *_quarterly(D(2024, 12, 31), ["66", "68", "69", "71", "72", "74", "75"]),
        ],
    ),
    (
        "a-changing-nation-2021",
        "1.3",
        "Adults with the essential digital skills for life and work",
        "%",
        "80",
        D(2021, 3, 31),
        "90",
        D(2026, 3, 31),
        Direction.UP,
        "Illustrative, in the shape of the Scottish Household Survey's internet and digital skills questions.",
        True,
        _yearly(2022, ["81", "82", "82", "82", "82"]),
    ),
    (
        "a-changing-nation-2021",
        "2.1",
        "Businesses using cloud computing services",
        "%",
        "40",
        D(2021, 3, 31),
        "70",
        D(2026, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        _yearly(2022, ["44", "47", "49", "48", "46"]),
    ),
    (
        "a-changing-nation-2021",
        "2.2",
        "Recommendations of the technology ecosystem review carried out",
        "recommendations",
        "0",
        D(2021, 3, 31),
        "34",
        D(2025, 3, 31),
        Direction.UP,
        "The review made 34 recommendations; the progress figures are illustrative.",
        True,
        _yearly(2022, ["8", "17", "23", "26", "26"]),
    ),
    (
        "a-changing-nation-2021",
        "3.2",
        "Public bodies meeting the cyber resilience framework's baseline",
        "%",
        "45",
        D(2021, 3, 31),
        "90",
        D(2025, 3, 31),
        Direction.UP,
        "Illustrative, in the shape of the Scottish Government's public sector cyber resilience survey.",
        True,
        _yearly(2022, ["52", "60", "67", "72", "78"]),
    ),
    (
        "a-changing-nation-2021",
        "3.2",
        "Cyber incidents that disrupted a public service",
        "incidents",
        "40",
        D(2021, 3, 31),
        "20",
        D(2025, 3, 31),
        Direction.DOWN,
        "Illustrative.",
        True,
        _yearly(2022, ["36", "33", "35", "38", "41"]),
    ),
    (
        "a-changing-nation-2021",
        "3.6",
        "Public services that publish their performance data",
        "%",
        "10",
        D(2021, 3, 31),
        "60",
        D(2026, 3, 31),
        Direction.UP,
        "Illustrative.",
        True,
        _yearly(2022, ["14", "19", "22", "22", "22"]),
    ),
    (
        "a-changing-nation-2021",
        "3.7",
        "CivTech challenges run since 2016",
        "challenges",
        "48",
        D(2021, 3, 31),
        "100",
        D(2026, 3, 31),
        Direction.UP,
        "CivTech: 48 challenges in its first five years and 60 by February 2022. Later figures and the target "
        "are illustrative.",
        True,
        [
            (D(2022, 2, 28), "60", "CivTech, February 2022"),
            *_yearly(2023, ["68", "77", "85", "92"]),
        ],
    ),
]


def commitment_by_reference(strategy_slug: str, reference: str) -> Commitment | None:
    return Commitment.objects.filter(ambition__strategy__slug=strategy_slug, reference=reference).first()


def load(*, scale: str, stdout) -> None:
    bodies = {o.short_name: o for o in Organisation.objects.all()}
    created = 0
    for spec in STRATEGIES:
        strategy, _ = Strategy.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "short_title": spec["short_title"],
                "published": spec["published"],
                "owner": bodies.get(spec.get("owner", "SG")),
                "summary": spec["summary"],
                "url": spec["url"],
            },
        )
        for number, title, summary, commitments in spec["ambitions"]:
            ambition, _ = Ambition.objects.get_or_create(
                strategy=strategy, number=number, defaults={"title": title, "summary": summary}
            )
            for reference, text, kind, owner, person, target, status in commitments:
                # Only R100's missed 2021 target is a published fact; other statuses are invented.
                published = spec["slug"] == "digital-strategy-2017" and reference == "3.1"
                _, made = Commitment.objects.get_or_create(
                    ambition=ambition,
                    reference=reference,
                    defaults={
                        "text": text,
                        "kind": kind,
                        "owner": bodies.get(owner) if owner else None,
                        "accountable_person": person,
                        "target_date": target,
                        "status": status,
                        "last_updated": None if status == S.NOT_STARTED else D(2025, 9, 30),
                        "illustrative": not published,
                    },
                )
                created += made
    for (
        slug,
        reference,
        name,
        unit,
        baseline,
        baseline_date,
        target,
        target_date,
        direction,
        source,
        illustrative,
        actuals,
    ) in MEASURES:
        commitment = commitment_by_reference(slug, reference)
        if commitment is None:
            continue
        measure, _ = OutcomeMeasure.objects.get_or_create(
            commitment=commitment,
            name=name,
            defaults={
                "unit": unit,
                "baseline": Decimal(baseline),
                "baseline_date": baseline_date,
                "target": Decimal(target),
                "target_date": target_date,
                "direction": direction,
                "source": source,
                "illustrative": illustrative,
            },
        )
        for day, value, actual_source in actuals:
            OutcomeActual.objects.get_or_create(
                measure=measure, date=day, defaults={"value": Decimal(value), "source": actual_source}
            )
    trends = Counter(measure_trends(as_of=demo_today()).values())
    stdout.write(
        f"  strategy: {Strategy.objects.count()} strategies, {Commitment.objects.count()} commitments "
        f"({created} new), {OutcomeMeasure.objects.count()} outcome measures "
        f"({trends['toward']} moving toward target, {trends['flat']} flat, {trends['away']} going the wrong way)"
    )
