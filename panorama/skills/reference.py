"""The UK Government Digital and Data Profession Capability Framework (formerly DDaT): its role
families and a selection of their roles, as Panorama's reference taxonomy. Analysts add more in the
web UI; `panorama load_roles` (and the demo) load these idempotently. Descriptions are our own words.
"""

# (slug, name, description, [(role slug, role name, description), ...])
FAMILIES: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "architecture",
        "Architecture",
        "Designs how systems, data and technology fit together to meet the organisation's needs.",
        [
            ("business-architect", "Business architect", "Maps capabilities, processes and change."),
            ("data-architect", "Data architect", "Designs data models, flows and stores."),
            ("enterprise-architect", "Enterprise architect", "Sets the technology direction across a body."),
            ("network-architect", "Network architect", "Designs networks and their connections."),
            ("security-architect", "Security architect", "Designs systems to be secure from the outset."),
            ("solution-architect", "Solution architect", "Designs the technical solution for a service."),
            ("technical-architect", "Technical architect", "Owns the technical design of a system."),
        ],
    ),
    (
        "chief-digital-and-data",
        "Chief digital and data",
        "Leads digital, data and technology for an organisation.",
        [
            ("chief-data-officer", "Chief data officer", "Leads the use and governance of data."),
            ("chief-digital-officer", "Chief digital officer", "Leads digital transformation."),
            ("chief-technology-officer", "Chief technology officer", "Leads technology strategy."),
            (
                "chief-information-security-officer",
                "Chief information security officer",
                "Leads cyber security.",
            ),
        ],
    ),
    (
        "data",
        "Data",
        "Collects, manages, analyses and uses data well, safely and ethically.",
        [
            ("analytics-engineer", "Analytics engineer", "Builds clean, tested data models for analysis."),
            ("data-analyst", "Data analyst", "Turns data into insight for decisions."),
            ("data-engineer", "Data engineer", "Builds and runs data pipelines and platforms."),
            ("data-ethicist", "Data ethicist", "Advises on the ethical use of data and AI."),
            ("data-governance-manager", "Data governance manager", "Keeps data well managed and lawful."),
            ("data-scientist", "Data scientist", "Builds statistical and machine-learning models."),
            ("ml-engineer", "Machine learning engineer", "Puts machine-learning models into service."),
            ("performance-analyst", "Performance analyst", "Measures how well services work for users."),
        ],
    ),
    (
        "it-operations",
        "IT operations",
        "Runs and supports the technology that services depend on.",
        [
            ("infrastructure-engineer", "Infrastructure engineer", "Builds and runs hosting and cloud."),
            ("it-service-manager", "IT service manager", "Manages IT services to agreed levels."),
            ("service-desk-manager", "Service desk manager", "Runs the service desk."),
            ("cyber-security-analyst", "Cyber security analyst", "Monitors and responds to threats."),
            ("cloud-engineer", "Cloud engineer", "Builds and runs services on cloud platforms."),
        ],
    ),
    (
        "product-and-delivery",
        "Product and delivery",
        "Decides what to build and makes sure it is delivered.",
        [
            ("business-analyst", "Business analyst", "Analyses needs, processes and change."),
            ("delivery-manager", "Delivery manager", "Helps teams deliver, removing blockers."),
            ("digital-portfolio-manager", "Digital portfolio manager", "Manages a portfolio of change."),
            ("product-manager", "Product manager", "Decides what a product does for its users."),
            (
                "programme-delivery-manager",
                "Programme delivery manager",
                "Leads the delivery of programmes of work.",
            ),
            (
                "commercial-specialist",
                "Digital commercial specialist",
                "Buys and manages digital contracts and suppliers.",
            ),
        ],
    ),
    (
        "quality-assurance-testing",
        "Quality assurance testing",
        "Makes sure services work, are accessible and meet their requirements.",
        [
            ("test-engineer", "Test engineer", "Automates and runs tests."),
            ("qat-analyst", "Quality assurance testing analyst", "Plans and analyses testing."),
            ("accessibility-tester", "Accessibility tester", "Tests services with and for disabled users."),
        ],
    ),
    (
        "software-development",
        "Software development",
        "Builds, runs and improves software.",
        [
            ("developer", "Developer", "Writes and maintains software."),
            ("frontend-developer", "Frontend developer", "Builds accessible user interfaces."),
            ("devops-engineer", "DevOps engineer", "Automates building, deploying and running software."),
        ],
    ),
    (
        "user-centred-design",
        "User-centred design",
        "Designs services around the people who use them.",
        [
            ("content-designer", "Content designer", "Writes content users understand first time."),
            ("interaction-designer", "Interaction designer", "Designs how users move through a service."),
            ("service-designer", "Service designer", "Designs whole services, end to end."),
            ("user-researcher", "User researcher", "Learns what users need."),
            ("technical-writer", "Technical writer", "Writes documentation for technical audiences."),
            ("accessibility-specialist", "Accessibility specialist", "Makes services usable by everyone."),
        ],
    ),
]
