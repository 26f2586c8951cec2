"""The Digital Scotland Service Standard's 14 criteria (from February 2021), assessed at discovery,
alpha, beta and live."""

CRITERIA: dict[int, str] = {
    1: "Understand users and their needs",
    2: "Solve a whole problem for users",
    3: "Design and deliver a joined-up experience",
    4: "Help users succeed first time",
    5: "Make sure everyone can use the service",
    6: "Have a multidisciplinary team",
    7: "Iterate and improve frequently",
    8: "Create a secure service which protects users' privacy",
    9: "Define what success looks like and publish performance data",
    10: "Choose the right tools and technology",
    11: "Make new source code open",
    12: "Use and contribute to shared practices, components and platforms",
    13: "Operate a reliable service",
    14: "Ensure sponsor acceptance",
}

# What the Digital Assurance Office has published about its reviews (blogs.gov.scot/digital,
# 2023–2025), shown beside the statistics Panorama computes from the reviews recorded in it.
PUBLISHED_STATISTICS = [
    ("2017-18 to 2023-24", "240 reviews and 2,029 recommendations in all."),
    (
        "2017-18 to 2023-24",
        "Governance and project control appeared in over half of reports and made up 11% of recommendations.",
    ),
    ("2017-18 to 2023-24", "Resourcing appeared in 42% of reports and made up 8% of recommendations."),
    ("2023-24", "30 reviews, 281 recommendations."),
    (
        "2024-25",
        "37 reviews, 288 recommendations; leading themes included ITT and evaluation criteria, "
        "organisation and planning, and governance.",
    ),
]


# The fixed list of themes (migration 0002 created them; `services.themes_ensure` puts back any
# missing, e.g. after a test flushes the database): (slug, name, kind, description).
THEMES = [
    (
        "comprehensive-planning",
        "Comprehensive planning",
        "principle",
        "Users define the need; manageable stages, no big-bang go-live; beware optimism bias; procure early.",
    ),
    (
        "active-governance",
        "Active governance",
        "principle",
        "Control, a clear methodology and risk management throughout.",
    ),
    ("users-at-the-heart", "Users at the heart", "principle", "Users engaged from the start and throughout."),
    (
        "clear-leadership",
        "Clear, stable leadership",
        "principle",
        "Clear, stable leadership with succession.",
    ),
    (
        "oversight-and-assurance",
        "Oversight and independent assurance",
        "principle",
        "A central framework of oversight and independent assurance.",
    ),
    ("governance", "Governance and project control", "assurance", ""),
    ("resourcing", "Resourcing and capability", "assurance", ""),
    ("commercial", "Commercial and procurement", "assurance", ""),
    ("planning", "Planning", "assurance", ""),
    ("users", "Users", "assurance", ""),
    ("leadership", "Leadership", "assurance", ""),
    ("technology", "Technology", "assurance", ""),
    ("data", "Data", "assurance", ""),
]


# What trouble each assurance theme is about, in the words programmes use when they describe it:
# a programme's trouble (its latest quarter's top risks and the reason for its confidence, or its
# summary after the sentence that says what it builds) is classified into these themes by meaning
# and by shared words, and lessons on that theme rank higher (`selectors.themes_for_trouble`).
# Data, kept with the themes: an editor may reword them; bench/tune_meaning.py measures the effect.
THEME_TROUBLES: dict[str, str] = {
    "commercial": "Commercial and procurement: suppliers, vendors, contractors, firms and providers, and the "
    "contracts with them; a company building it behind schedule or delivering badly, missed releases, "
    "outsourced work; tendering, bids, frameworks, buying, procurement, contract management.",
    "planning": "Planning: plans, estimates, timescales, costs and budgets, scope and requirements still "
    "changing or growing, rules and policy not settled, stages, optimism bias, dependencies, go-live "
    "and switch-over dates.",
    "governance": "Governance and project control: boards, decisions, approvals, escalation, sponsors, risk "
    "management, reporting, gateway reviews and recommendations not acted on, benefits and savings "
    "measured against a baseline, agreements between partner bodies.",
    "resourcing": "Resourcing and capability: staff, posts, vacancies, recruitment and hiring, pay, "
    "skills, contract and interim staff leaving, key people, knowledge leaving, team capacity.",
    "users": "Users: user research, user needs, usability, accessibility, digital inclusion, assisted "
    "digital, people who cannot get online, completion of forms.",
    "technology": "Technology: systems, software, integration, interfaces and connections between systems, "
    "legacy and mainframe, hosting, cloud, security, cyber attacks, infrastructure, outages, performance.",
    "data": "Data: data quality, data migration, data sharing, records, information governance, data "
    "protection, who can see personal data.",
    "leadership": "Leadership: the senior responsible owner, sponsors, changes of leaders, direction, "
    "accountability.",
}
