"""Real, public lessons: Audit Scotland's "Principles for a digital future" (May 2017) and the
programmes it and later audit reports examined, written in Panorama's own words, with their sources.
Figures are those in the published reports (see docs: shared reference, domain §5)."""

import datetime

AUDIT_PRINCIPLES = "Principles for a digital future: lessons learned from public sector ICT projects (Audit Scotland, May 2017)"
ENABLING = "Enabling digital government (Audit Scotland, June 2019)"

# (key, title, what happened, why, what to do, themes, phase, severity, date, body short name,
#  programme name, source, source title)
REAL_LESSONS = [
    (
        "principle-planning",
        "Plan comprehensively: let users define the need, and deliver in manageable stages",
        "Across the Scottish public sector's ICT projects reviewed by Audit Scotland, the ones that went wrong "
        "had often been planned as a single large delivery, with costs and timescales estimated optimistically "
        "and procurement considered late. About £4 billion was spent on ICT by the Scottish public sector in "
        "the five years to 2017.",
        "A big-bang go-live leaves no room to learn; optimism bias hides risk until it is expensive; "
        "procurement that starts late constrains the design.",
        "- Start from what users need, not from a solution.\n- Break delivery into manageable stages, each "
        "with its own go/no-go decision; avoid a big-bang go-live.\n- Estimate with realistic optimism bias.\n"
        "- Consider how you will procure from the start.",
        ("comprehensive-planning", "planning"),
        "discovery",
        "high",
        datetime.date(2017, 5, 11),
        "AS",
        "",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "principle-governance",
        "Govern actively: control, a clear method and risk management throughout",
        "Audit Scotland found that weak programme governance was a common thread in troubled public sector ICT "
        "projects: boards that did not control scope, cost or risk, and no agreed delivery method.",
        "Governance set up at the start and then left to run does not notice when a project drifts.",
        "Keep active control of scope, cost, time and risk for the whole life of the project, with a clear "
        "delivery methodology and risks that are managed, not only recorded.",
        ("active-governance", "governance"),
        "",
        "high",
        datetime.date(2017, 5, 11),
        "AS",
        "",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "principle-users",
        "Put users at the heart of the project, and keep them engaged throughout",
        "Projects that engaged users only at the start, or only at acceptance testing, delivered systems that "
        "did not fit how people worked.",
        "Requirements written without users, and never tested with them, are guesses.",
        "Involve the people who will use and run the service from the start and at every stage.",
        ("users-at-the-heart", "users"),
        "",
        "medium",
        datetime.date(2017, 5, 11),
        "AS",
        "",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "principle-leadership",
        "Keep leadership clear and stable, and plan for succession",
        "Frequent changes of senior responsible owner and unclear accountability slowed decisions on troubled "
        "ICT projects.",
        "Each new leader must relearn the project; decisions wait in the meantime.",
        "Name one accountable leader with the skills and time for the role, keep them in post, and plan "
        "succession so that a change of leader does not stall the project.",
        ("clear-leadership", "leadership"),
        "",
        "medium",
        datetime.date(2017, 5, 11),
        "AS",
        "",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "principle-assurance",
        "Use a central framework of oversight and independent assurance",
        "Audit Scotland recommended a central framework of oversight with independent assurance at key points, "
        "and noted that skills cut across all five of its principles.",
        "Without independent review, optimism and sunk cost keep failing projects going.",
        "Put projects through independent assurance at key stages, with the power to stop them, and make sure "
        "the skills to deliver are in place.",
        ("oversight-and-assurance", "governance", "resourcing"),
        "",
        "medium",
        datetime.date(2017, 5, 11),
        "AS",
        "",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "cap-cost",
        "CAP Futures: a rural payments system whose budget grew by 74% while its scope was reduced",
        "The Scottish Government's CAP Futures programme was to replace the IT system that manages farmers' "
        "claims for Common Agricultural Policy payments. Its estimated cost of £102 million became a budget of "
        "£178 million (up 74%), and its scope was reduced.",
        "The complexity of the new payment rules, and of replacing the claims management system at the same "
        "time, was underestimated at the start.",
        "Estimate the cost of replacing a case or claims management system from a realistic understanding of "
        "the rules it must apply, re-estimate when the scope changes, and report both openly.",
        ("comprehensive-planning", "planning", "governance"),
        "beta",
        "high",
        datetime.date(2017, 5, 11),
        "SG",
        "CAP Futures",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "cap-penalties",
        "CAP Futures: late payments to farmers put the body at risk of EU penalties",
        "Delays to the new rural payments system meant farmers' payments were late, and the Scottish "
        "Government faced a risk of EU financial penalties estimated at £40 million to £125 million.",
        "The system replacement had to meet fixed regulatory deadlines with no slack and no fallback.",
        "When a replacement system must meet external deadlines, plan a fallback (such as interim payments) "
        "and test that it works before the deadline, not after.",
        ("comprehensive-planning", "planning", "users"),
        "live",
        "high",
        datetime.date(2017, 5, 11),
        "SG",
        "CAP Futures",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "i6-fixed-price",
        "i6: a fixed-price contract to replace over 130 police systems with one did not transfer the risk",
        "Police Scotland and the Scottish Police Authority let a £46.1 million fixed-price contract in 2013 "
        "for i6, a single national system to replace more than 130 legacy records and case systems. The "
        "contract was terminated in 2016, with a settlement of £24.65 million.",
        "A fixed price does not make the supplier's product fit: when it did not meet the requirements, the "
        "cost of the failure came back to the public body.",
        "Before contracting to replace many case management and records systems with one, test that the "
        "product can meet the core requirements; treat a fixed price as a price, not as a transfer of risk; "
        "deliver in stages rather than all at once.",
        ("commercial", "comprehensive-planning", "technology"),
        "beta",
        "high",
        datetime.date(2017, 5, 11),
        "SPA",
        "i6",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "i6-requirements",
        "i6: agree what the replacement system must do with the people who will use it",
        "The i6 programme was to replace more than 130 police records and case systems with one. Differences "
        "between what officers and staff needed and what the supplier's system did emerged late, during "
        "testing.",
        "Requirements for replacing many local systems were not settled, and users were engaged late.",
        "Involve the officers and staff who will use a replacement case management system from the start, and "
        "settle the core requirements before the contract is let.",
        ("users-at-the-heart", "users", "planning"),
        "alpha",
        "high",
        datetime.date(2017, 5, 11),
        "PS",
        "i6",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "nhs24-cost",
        "NHS 24 Future Programme: two years late and 73% over its first estimate",
        "NHS 24's Future Programme, to replace its telephony and the systems its staff use to handle each "
        "patient's call, was planned to go live in 2013 and went live in October 2015. Its cost rose from "
        "£75.8 million to £131.2 million (up 73%).",
        "Delay had a running cost: about £500,000 a month.",
        "Count what each month of delay costs, so that decisions about scope and go-live weigh it; replace "
        "core case-handling systems in stages rather than all at once.",
        ("comprehensive-planning", "governance"),
        "beta",
        "high",
        datetime.date(2017, 5, 11),
        "NHS24",
        "NHS 24 Future Programme",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "nhs24-golive",
        "NHS 24 Future Programme: avoid a big-bang go-live of a national system",
        "When NHS 24 replaced the core systems behind its national telephone service, the change affected "
        "every caller and every member of staff at once.",
        "A single national go-live leaves no chance to learn on a small scale first.",
        "Roll out a replacement case management or contact system in stages, with a tested way back, and "
        "train staff on the new system before it goes live.",
        ("comprehensive-planning", "users", "technology"),
        "live",
        "medium",
        datetime.date(2017, 5, 11),
        "NHS24",
        "NHS 24 Future Programme",
        "audit-report",
        AUDIT_PRINCIPLES,
    ),
    (
        "sss-vacancies",
        "Social Security programme: a 30% vacancy rate slows delivery",
        "In 2019 the Social Security programme had a vacancy rate of around 30%, relying on contractors and "
        "interim staff to deliver new benefits.",
        "Digital skills were scarce and public-sector pay limited recruitment.",
        "Plan the workforce with the programme: recruit early and flexibly, and move knowledge from "
        "contractors to permanent staff.",
        ("resourcing", "clear-leadership"),
        "alpha",
        "high",
        datetime.date(2019, 5, 1),
        "SSS",
        "Social Security programme",
        "audit-report",
        "Social security: implementing the devolved powers (Audit Scotland, 2019)",
    ),
    (
        "sss-forecast",
        "Social Security programme: the technology forecast grew from £212m to £277.4m",
        "The programme's technology forecast rose from £212 million (2020) to £277.4 million (2023) as the "
        "full set of devolved benefits was built.",
        "Early forecasts covered the first benefits better than the whole service.",
        "Forecast technology costs for the whole service, including running costs, and re-forecast openly as "
        "scope becomes clear.",
        ("planning", "governance"),
        "beta",
        "medium",
        datetime.date(2023, 6, 1),
        "SSS",
        "Social Security programme",
        "audit-report",
        "Audit Scotland reports on the Social Security programme (2020, 2023)",
    ),
    (
        "r100-target",
        "Reaching 100%: a national commitment with a date needs a delivery plan that can meet it",
        "The £600 million R100 programme was to bring 30 Mb/s broadband to every premise in Scotland by the "
        "end of 2021. That date was missed, and work continues to 2027.",
        "The commitment's date was set before the procurement and delivery plan that would meet it.",
        "Set public commitments from a delivery plan, not before one, and report progress against the "
        "original date as well as any new one.",
        ("comprehensive-planning", "commercial"),
        "live",
        "medium",
        datetime.date(2022, 1, 1),
        "SG",
        "Reaching 100% (R100)",
        "audit-report",
        "Audit Scotland and Scottish Government reporting on R100",
    ),
    (
        "pass-cutover",
        "PASS: cutting over five days before the old system closed left no margin",
        "Disclosure Scotland's £78.5 million PASS programme replaced its disclosure system; the cut-over in "
        "September 2019 happened five days before the old system closed.",
        "Optimism bias had been set too low, so contingency was used up before cut-over.",
        "Set optimism bias to match the risk, and keep enough time between cut-over and switching off the old "
        "system to fall back if the new one fails.",
        ("planning", "comprehensive-planning", "governance"),
        "beta",
        "high",
        datetime.date(2020, 3, 1),
        "DS",
        "PASS (disclosure system)",
        "audit-report",
        "Audit Scotland reporting on Disclosure Scotland's PASS programme",
    ),
    (
        "ict-contracts-2012",
        "Managing ICT contracts: three bodies, terminated contracts and late delivery",
        "Audit Scotland's 2012 review of ICT contracts found that Registers of Scotland's contract rose from "
        "£66 million to £112 million before it was terminated; the Crown Office and Procurator Fiscal Service "
        "spent £2.3 million before terminating its contract; and Disclosure Scotland's delivery was 18 months "
        "late.",
        "Contracts were not actively managed against what they were meant to deliver.",
        "Manage major ICT contracts actively: track cost and delivery against the business case, and act "
        "early when they diverge.",
        ("commercial", "active-governance"),
        "live",
        "high",
        datetime.date(2012, 8, 1),
        "RoS",
        "ICT contracts (2012)",
        "audit-report",
        "Managing ICT contracts: an audit of three public bodies (Audit Scotland, August 2012)",
    ),
    (
        "enabling-lessons",
        "Lessons from major project reviews were not shared for lack of central staff",
        "In 2019 the Auditor General found that too few central staff meant lessons from reviews of major IT "
        "projects were neither drawn out nor shared across the public sector.",
        "Reviews were filed, not used; there was no one to push their lessons to new programmes.",
        "Have every major project review read for its lessons, and send them to the programmes starting out, "
        "not only to a library.",
        ("oversight-and-assurance", "resourcing"),
        "",
        "medium",
        datetime.date(2019, 6, 20),
        "AS",
        "",
        "audit-report",
        ENABLING,
    ),
    (
        "nasa-library",
        "A lessons library that waits to be searched is rarely used",
        "NASA's lessons learned information system was found by its inspector general to be rarely used by "
        "the project managers it was built for.",
        "Finding lessons was left to busy people who did not know what to look for.",
        "Push the lessons that fit to the people starting or struggling with a programme, at the moment they "
        "need them.",
        ("oversight-and-assurance",),
        "",
        "low",
        datetime.date(2012, 3, 1),
        "",
        "NASA Lessons Learned Information System",
        "case-study",
        "NASA Office of Inspector General audit of the lessons learned process",
    ),
]
