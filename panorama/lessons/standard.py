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
