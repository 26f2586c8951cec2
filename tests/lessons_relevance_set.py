"""A labelled set for measuring how well Panorama picks lessons for a programme: lessons (with some
that share words but not meaning, as distractors), programmes, and for each programme the lessons a
person who knows the field judged relevant. Used by tests/test_lessons_relevance.py (with an asserted
floor) and by bench/bench_lessons.py (the same set among 100,000 other lessons)."""

# key: (title, text, themes, phase)
LESSONS = {
    # Replacing records and case-management systems
    "records-fixed-price": (
        "Fixed-price contracts for replacing many records systems transfer little real risk",
        "A single fixed-price contract to replace over a hundred legacy records and case systems failed when "
        "the supplier's product could not meet the requirements. The contract was ended and settled.",
        ("commercial", "comprehensive-planning"),
        "beta",
    ),
    "records-requirements": (
        "Agree the requirements of a case management replacement before procuring it",
        "Requirements for the replacement case management system kept changing after the contract was let, "
        "so the supplier's design never settled.",
        ("planning", "commercial"),
        "discovery",
    ),
    "records-off-the-shelf": (
        "Test an off-the-shelf records product against real cases early",
        "The product chosen to replace the records systems was assumed to fit; testing with real case data "
        "came too late to change course.",
        ("technology", "users"),
        "alpha",
    ),
    "records-migration": (
        "Plan the migration of case records from legacy systems as a project in its own right",
        "Moving millions of case records out of the legacy systems took twice as long as planned.",
        ("data", "planning"),
        "beta",
    ),
    "records-users": (
        "Involve the case workers who will use a new case management system",
        "Case workers saw the replacement system only at acceptance testing and found it slower than the "
        "old screens.",
        ("users", "users-at-the-heart"),
        "alpha",
    ),
    # Paying grants and subsidies
    "grants-regulation": (
        "Understand the regulations behind a payments system before designing it",
        "Rules for farm subsidy payments were interpreted late, and the payments system was rebuilt twice.",
        ("planning", "comprehensive-planning"),
        "discovery",
    ),
    "grants-penalties": (
        "Late subsidy payments can bring financial penalties",
        "Delays to the grant payments system put the body at risk of penalties from the funder.",
        ("governance",),
        "live",
    ),
    "grants-mapping": (
        "Land mapping data needs checking before it drives payments",
        "Errors in the land parcel maps meant farmers' grant payments were wrong and had to be recalculated.",
        ("data",),
        "beta",
    ),
    "grants-budget": (
        "Re-estimate the cost of a payments programme when its scope changes",
        "The cost of the grant payments programme rose by three quarters while its scope was reduced.",
        ("governance", "active-governance"),
        "beta",
    ),
    "grants-users": (
        "Test online claim forms with farmers and agents",
        "Farmers and their agents struggled with the online grant claim forms at launch.",
        ("users",),
        "beta",
    ),
    # Contact centres and telephony
    "calls-golive": (
        "Avoid a big-bang go-live for a national contact centre system",
        "The new telephony and call handling system went live everywhere at once, and call waiting times rose "
        "sharply for weeks.",
        ("comprehensive-planning", "technology"),
        "live",
    ),
    "calls-delay-cost": (
        "Count what each month of delay costs",
        "Every month the contact centre replacement slipped cost about half a million pounds in running two "
        "telephony systems.",
        ("governance", "planning"),
        "beta",
    ),
    "calls-staff": (
        "Train call handlers on the new system before it goes live",
        "Call handlers learned the new call handling screens on the day of go-live.",
        ("resourcing", "users"),
        "beta",
    ),
    "calls-testing": (
        "Load-test telephony at peak winter demand",
        "The contact centre platform was tested at average call volumes, not at the winter peak.",
        ("technology",),
        "beta",
    ),
    # Staffing a new agency
    "staff-vacancies": (
        "High vacancy rates in digital teams delay delivery",
        "With nearly a third of digital posts vacant, the benefits programme relied on contractors.",
        ("resourcing", "clear-leadership"),
        "alpha",
    ),
    "staff-pay": (
        "Public-sector pay limits recruitment of developers and architects",
        "Pay scales could not compete for developers, architects and cyber security staff.",
        ("resourcing",),
        "alpha",
    ),
    "staff-knowledge": (
        "Move knowledge from contractors to permanent staff",
        "When contractors left the benefits programme, knowledge of its systems left with them.",
        ("resourcing",),
        "live",
    ),
    "staff-leadership": (
        "Keep a stable senior responsible owner",
        "The benefits programme had four senior responsible owners in three years, and decisions stalled.",
        ("leadership", "clear-leadership"),
        "beta",
    ),
    "staff-forecast": (
        "Forecast benefits technology costs from the whole service, not the first release",
        "The technology forecast for the benefits programme grew by a third as later benefits were added.",
        ("planning",),
        "beta",
    ),
    # Cut-overs
    "cutover-contingency": (
        "Leave time between cut-over and the old system closing",
        "The new disclosure system cut over days before the old one was switched off, leaving no fallback.",
        ("comprehensive-planning", "planning"),
        "beta",
    ),
    "cutover-optimism": (
        "Set optimism bias to match the risk",
        "Optimism bias for the disclosure system was set too low, so its contingency was used up early.",
        ("planning", "governance"),
        "discovery",
    ),
    "cutover-rehearsal": (
        "Rehearse the cut-over with real data",
        "A full cut-over rehearsal with production data found defects that would have stopped processing.",
        ("technology", "data"),
        "beta",
    ),
    "cutover-comms": (
        "Tell applicants and employers before a cut-over",
        "Employers were not told the disclosure service would pause during cut-over and called in large numbers.",
        ("users",),
        "beta",
    ),
    # Distractors: share words with the programmes, not their substance
    "distractor-cases": (
        "Case studies help councils share what works",
        "A national library of case studies let councils find digital solutions others had built.",
        ("oversight-and-assurance",),
        "live",
    ),
    "distractor-calls": (
        "Calls for evidence need plain English",
        "A call for evidence written in jargon got few responses from the public.",
        ("users",),
        "discovery",
    ),
    "distractor-records": (
        "Keep meeting records of programme boards",
        "Without records of board decisions, auditors could not see why scope changed.",
        ("governance",),
        "live",
    ),
    "distractor-broadband": (
        "Split broadband procurement into regional lots",
        "Procuring broadband roll-out in regional lots let more suppliers bid.",
        ("commercial",),
        "alpha",
    ),
}

# programme key: (title, summary, phase, relevant lesson keys)
PROGRAMMES = {
    "case-management": (
        "Replace the case management system",
        "Replace our legacy case records systems with a single case management system for case workers.",
        "discovery",
        {
            "records-fixed-price",
            "records-requirements",
            "records-off-the-shelf",
            "records-migration",
            "records-users",
        },
    ),
    "grant-payments": (
        "Farm grant payments platform",
        "A new platform for farmers to claim grants and subsidy payments, with land mapping.",
        "alpha",
        {"grants-regulation", "grants-penalties", "grants-mapping", "grants-budget", "grants-users"},
    ),
    "contact-centre": (
        "National contact centre telephony replacement",
        "Replace the telephony and call handling system for our national contact centre and call handlers.",
        "beta",
        {"calls-golive", "calls-delay-cost", "calls-staff", "calls-testing"},
    ),
    "benefits-team": (
        "Build the digital team for new benefits",
        "Recruit developers, architects and contractors for the benefits programme and its technology.",
        "alpha",
        {"staff-vacancies", "staff-pay", "staff-knowledge", "staff-leadership", "staff-forecast"},
    ),
    "disclosure-cutover": (
        "Cut over to the new disclosure system",
        "Move applicants and employers from the old disclosure system to the new one at cut-over.",
        "beta",
        {"cutover-contingency", "cutover-optimism", "cutover-rehearsal", "cutover-comms"},
    ),
}


def precision_at_5(picked: list[str], relevant: set[str]) -> float:
    """Of the (at most) five lessons shown, the share labelled relevant, out of the most that could
    be (a programme with four relevant lessons scores 1.0 when all four are shown)."""
    top = picked[:5]
    return sum(1 for key in top if key in relevant) / min(5, len(relevant))
