"""The demo's portfolios: which programmes each kind of body runs, so that nothing looks out of place
for the body it belongs to (no laboratory system at the ambulance service, no £11m programme at Audit
Scotland). Every template names the kinds of body it fits; a body's own specialities come first.

Titles and summaries come in several wordings, and `{place}` is the body's own name for itself, so
that two councils doing similar work read as two councils' programmes, not one template repeated;
the programmes demo then checks the whole register with the overlap finder and rewords (or drops)
any programme that would be flagged as duplicating another body's, so that the finder shows only
the overlaps the collaboration demo plants (its labelled set).
"""

from dataclasses import dataclass, field

C17 = "digital-strategy-2017"
C21 = "a-changing-nation-2021"


@dataclass
class Template:
    key: str
    titles: list[str]
    summaries: list[str]
    tags: list[str]
    commitments: list[tuple[str, str]] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    users: str = ""
    scale: float = 1.0  # whole-life cost as a multiple of the body's annual digital spend

    @property
    def title(self) -> str:
        return self.titles[0]


T = Template

COUNCIL = [
    T(
        "social-care",
        [
            "Adult social work case recording replacement",
            "{place} social work information system",
            "Replacing the social care client record",
            "Children's services case management",
        ],
        [
            "Replace the system social workers record assessments, care plans and reviews in, before its contract ends.",
            "A new client record for children's and adult social work, with shared care records for health partners.",
        ],
        ["case management", "health and care", "legacy replacement"],
        [(C17, "2.1")],
        [],
        "social workers and the people they support",
        1.2,
    ),
    T(
        "repairs",
        [
            "Tenant self-service for housing repairs",
            "{place} council homes: report and book repairs",
            "Housing management system re-procurement",
        ],
        [
            "Tenants report a repair, choose an appointment and follow it to completion without phoning.",
            "Re-procure the housing management system that runs rents, lettings and repairs for council homes.",
        ],
        ["citizen-facing", "housing"],
        [(C21, "3.1")],
        ["myaccount"],
        "council tenants",
        0.6,
    ),
    T(
        "revenues",
        [
            "Council tax and benefits online",
            "{place} revenues and benefits self-service",
            "Revenues system upgrade",
        ],
        [
            "Residents see their council tax account, set up direct debits and apply for reductions online.",
            "Upgrade the revenues and benefits system and move its paper forms online.",
        ],
        ["citizen-facing", "payments", "benefits"],
        [(C21, "3.1")],
        ["myaccount", "scotpayments"],
        "council tax payers",
        0.5,
    ),
    T(
        "waste",
        [
            "Bulky uplift bookings online",
            "Garden waste permits and payments",
            "{place} refuse collection route optimisation",
        ],
        [
            "Book and pay for a bulky item collection online, with reminders by text.",
            "In-cab tablets and route planning for refuse crews, with missed collections reported online.",
        ],
        ["citizen-facing", "local services"],
        [],
        ["scotpayments"],
        "householders",
        0.2,
    ),
    T(
        "schools",
        [
            "School management information system migration",
            "Parent portal for {place} schools",
            "Early learning and childcare applications online",
            "School meals cashless catering",
        ],
        [
            "Move pupil records, attendance and reporting to the new schools information system.",
            "Parents apply for funded early learning places and see their child's school information in one place.",
        ],
        ["education", "data"],
        [(C21, "1.4")],
        [],
        "pupils, parents and teachers",
        0.6,
    ),
    T(
        "planning",
        [
            "Planning and building warrant applications online",
            "{place} development management system",
            "Building standards verification system",
        ],
        [
            "Agents submit planning applications and building warrants with their drawings, and track decisions.",
            "Replace the development management back office and publish decisions with their documents.",
        ],
        ["citizen-facing", "case management"],
        [],
        [],
        "applicants, agents and neighbours",
        0.4,
    ),
    T(
        "inclusion",
        [
            "Digital inclusion: devices and data for residents",
            "{place} connected communities",
            "Library Wi-Fi and digital skills",
        ],
        [
            "Lend devices and data to residents who are offline, with help from library staff to get started.",
            "Free Wi-Fi and drop-in digital skills sessions in libraries and community centres.",
        ],
        ["inclusion"],
        [(C21, "1.1")],
        [],
        "residents who are offline",
        0.15,
    ),
    T(
        "contact",
        [
            "Customer service platform replacement",
            "{place} contact centre telephony",
            "Single view of the customer",
        ],
        [
            "Replace the CRM behind the council's contact centre and web forms.",
            "Cloud telephony for the contact centre, with call-backs instead of queues.",
        ],
        ["citizen-facing", "contact centre"],
        [],
        [],
        "callers and contact centre advisers",
        0.5,
    ),
    T(
        "erp",
        [
            "Finance, HR and payroll replacement (ERP)",
            "{place} business systems transformation",
            "Payroll system upgrade",
        ],
        [
            "One system for the ledger, purchasing, HR and payroll, replacing three ageing ones.",
            "Move payroll and HR onto a supported version before the current one goes out of support.",
        ],
        ["corporate systems", "legacy replacement"],
        [],
        [],
        "managers and staff",
        0.8,
    ),
    T(
        "telecare",
        [
            "Analogue to digital telecare switchover",
            "{place} technology-enabled care",
            "Community alarms: digital switchover",
        ],
        [
            "Move community alarm users to digital alarms before the analogue telephone network is switched off.",
            "Digital alarm units and a new alarm receiving centre platform for people living at home.",
        ],
        ["health and care", "citizen-facing"],
        [(C17, "2.1")],
        [],
        "older and disabled people living at home",
        0.3,
    ),
    T(
        "infrastructure",
        ["Data centre exit", "Microsoft 365 adoption", "{place} schools' network and devices"],
        [
            "Move the council's servers out of its own data centre into cloud hosting.",
            "Replace the schools' network, Wi-Fi and pupils' devices.",
        ],
        ["cloud"],
        [(C21, "3.5")],
        ["cloud-platform"],
        "staff",
        0.5,
    ),
]

IJB = [
    T(
        "ijb-data",
        [
            "{place} partnership performance reporting",
            "Strategic commissioning dashboards for {place}",
            "Care at home demand and capacity data",
        ],
        [
            "Bring the council's and the health board's data together so the board can see demand and delays.",
            "One set of figures on delayed discharge, care at home and care homes for the joint board.",
        ],
        ["health and care", "data"],
        [(C21, "3.6")],
        [],
        "integration joint board members and managers",
        1.5,
    ),
]

HEALTH_BOARD = [
    T(
        "epr",
        [
            "Electronic patient record",
            "{place} clinical portal upgrade",
            "Paperless wards: electronic observations",
        ],
        [
            "One electronic record for hospital patients, replacing paper case notes and several departmental systems.",
            "Nurses record observations on handheld devices; early warning scores alert the medical team.",
        ],
        ["health and care", "records", "legacy replacement"],
        [(C17, "2.1"), (C21, "3.6")],
        [],
        "clinicians and patients",
        2.0,
    ),
    T(
        "lab",
        ["Laboratory information system", "Pathology system replacement", "{place} labs: new LIMS"],
        [
            "Replace the laboratory system that handles blood sciences, microbiology and pathology requests and results.",
            "Join the national laboratory information system and retire the board's own.",
        ],
        ["health and care", "legacy replacement"],
        [(C17, "2.1")],
        [],
        "laboratory staff",
        0.8,
    ),
    T(
        "theatres",
        ["Theatre scheduling", "Operating theatre booking and utilisation", "{place} surgical scheduling"],
        [
            "Plan theatre lists, staff and equipment together so fewer sessions are cancelled or under-used.",
            "Electronic booking for operating theatres, with utilisation reported weekly.",
        ],
        ["health and care"],
        [(C17, "2.1")],
        [],
        "surgical teams",
        0.4,
    ),
    T(
        "hepma",
        ["Hospital electronic prescribing and medicines administration (HEPMA)", "HEPMA roll-out at {place}"],
        [
            "Prescribe and record medicines electronically on every ward, replacing paper drug charts.",
            "Roll out electronic prescribing ward by ward, starting with medicine for the elderly.",
        ],
        ["health and care", "records"],
        [(C17, "2.1")],
        [],
        "doctors, nurses and pharmacists",
        1.0,
    ),
    T(
        "patients",
        [
            "Patient portal",
            "{place} digital appointment letters",
            "Online booking for outpatient appointments",
        ],
        [
            "Patients see appointment letters and change appointments online instead of by phone.",
            "Send outpatient letters digitally, with paper kept for those who want it.",
        ],
        ["health and care", "citizen-facing"],
        [(C17, "2.1"), (C21, "3.1")],
        ["notifications"],
        "patients",
        0.5,
    ),
    T(
        "remote",
        ["Remote health monitoring at home", "{place} virtual wards", "Blood pressure monitoring at home"],
        [
            "People with long-term conditions send readings from home, and clinicians act on them sooner.",
            "Patients who would otherwise be in hospital are looked after at home with remote monitoring.",
        ],
        ["health and care", "citizen-facing"],
        [(C17, "2.1"), (C21, "1.1")],
        [],
        "people with long-term conditions",
        0.4,
    ),
    T(
        "community",
        [
            "Community nursing records",
            "Mental health electronic record",
            "{place} community health information system",
        ],
        [
            "District nurses and health visitors record visits on mobile devices, replacing paper notes.",
            "One record for community mental health teams, shared with the hospital.",
        ],
        ["health and care", "records", "data"],
        [(C17, "2.1"), (C21, "3.6")],
        [],
        "community nurses and health visitors",
        0.6,
    ),
    T(
        "rostering",
        ["eRostering for nurses and midwives", "{place} safe staffing rostering"],
        [
            "Electronic rosters and real-time staffing so wards can show they are safely staffed.",
            "Replace spreadsheets and paper rotas with one rostering system for nursing and midwifery.",
        ],
        ["health and care", "corporate systems"],
        [],
        [],
        "ward managers and nurses",
        0.4,
    ),
]

# The special boards each do something different, so each has its own portfolio.
SPECIAL = {
    "NHS24": [
        T(
            "nhs24-telephony",
            ["111 telephony platform replacement"],
            ["Replace the telephony behind the 111 service before its contract ends."],
            ["health and care", "contact centre"],
            [(C17, "2.1")],
            [],
            "people calling 111",
            0.8,
        ),
        T(
            "nhs24-inform",
            ["NHS inform content platform"],
            ["Move NHS inform's health information and symptom checkers to a new content platform."],
            ["health and care", "citizen-facing"],
            [(C21, "3.1")],
            [],
            "people looking for health information",
            0.3,
        ),
        T(
            "nhs24-triage",
            ["Online triage for urgent care"],
            ["Let people describe their symptoms online and be directed to the right service."],
            ["health and care", "citizen-facing"],
            [(C17, "2.1")],
            [],
            "people needing urgent care",
            0.4,
        ),
    ],
    "SAS": [
        T(
            "sas-cad",
            ["Computer-aided dispatch replacement"],
            ["Replace the system control rooms use to take 999 calls and dispatch ambulances."],
            ["health and care", "legacy replacement"],
            [(C17, "2.1")],
            [],
            "ambulance control room staff",
            1.0,
        ),
        T(
            "sas-epr",
            ["Electronic patient report forms for crews"],
            [
                "Crews record the care they give on tablets, and the record reaches the hospital before the patient."
            ],
            ["health and care", "records"],
            [(C17, "2.1")],
            [],
            "paramedics and technicians",
            0.6,
        ),
        T(
            "sas-pts",
            ["Patient transport booking online"],
            ["People book scheduled patient transport for hospital appointments online."],
            ["health and care", "citizen-facing"],
            [],
            [],
            "patients who need transport",
            0.3,
        ),
    ],
    "NES": [
        T(
            "nes-turas",
            ["Turas learning platform"],
            ["Develop the Turas platform that health and care staff learn and record appraisals on."],
            ["health and care", "education"],
            [(C21, "1.3")],
            [],
            "health and care staff",
            0.5,
        ),
        T(
            "nes-recruit",
            ["Trainee doctor recruitment system"],
            ["Replace the system that recruits and places trainee doctors across Scotland."],
            ["health and care", "corporate systems"],
            [],
            [],
            "trainee doctors",
            0.4,
        ),
        T(
            "nes-workforce",
            ["Health and care workforce data platform"],
            ["One source of workforce figures for NHS Scotland's boards."],
            ["data"],
            [(C21, "3.6")],
            [],
            "workforce planners",
            0.3,
        ),
    ],
    "NSS": [
        T(
            "nss-lims",
            ["National laboratory information management system"],
            ["A single laboratory system for every NHS Scotland board, procured and run nationally."],
            ["health and care", "legacy replacement"],
            [(C17, "2.1")],
            [],
            "laboratory staff across Scotland",
            1.2,
        ),
        T(
            "nss-m365",
            ["NHS Scotland Microsoft 365 service"],
            ["Run Microsoft 365 for every NHS board and manage the national agreement."],
            ["cloud", "corporate systems"],
            [(C21, "3.5")],
            [],
            "NHS staff",
            0.6,
        ),
        T(
            "nss-gpit",
            ["Primary care IT re-provisioning (GP IT)"],
            ["Replace the clinical systems used by every GP practice in Scotland."],
            ["health and care", "legacy replacement"],
            [(C17, "2.1")],
            [],
            "GP practices",
            1.0,
        ),
    ],
    "PHS": [
        T(
            "phs-surveillance",
            ["Public health surveillance system"],
            ["Replace the system that tracks notifiable diseases and outbreaks."],
            ["health and care", "data"],
            [(C21, "3.6")],
            [],
            "health protection teams",
            0.6,
        ),
        T(
            "phs-open-data",
            ["Open data and statistical dashboards"],
            ["Publish official statistics as open data with interactive dashboards."],
            ["data"],
            [(C21, "3.6")],
            [],
            "analysts and the public",
            0.3,
        ),
    ],
    "HIS": [
        T(
            "his-inspections",
            ["Inspection reporting system"],
            ["Record hospital inspections and publish their reports from one system."],
            ["case management"],
            [],
            [],
            "inspectors",
            0.5,
        ),
        T(
            "his-smc",
            ["Medicines submissions portal"],
            ["Companies submit new medicines for appraisal online, replacing email and paper."],
            ["health and care", "citizen-facing"],
            [],
            [],
            "pharmaceutical companies",
            0.3,
        ),
    ],
    "TSH": [
        T(
            "tsh-record",
            ["Patient record system at the State Hospital"],
            ["A secure electronic record for the high-security hospital's patients."],
            ["health and care", "records"],
            [],
            [],
            "clinical staff",
            1.0,
        ),
    ],
    "NWTC": [
        T(
            "nwtc-elective",
            ["Elective surgery scheduling across the national treatment centre"],
            ["Schedule referrals from every board for hip, knee and cataract surgery."],
            ["health and care"],
            [],
            [],
            "referring boards and patients",
            0.6,
        ),
        T(
            "nwtc-heart",
            ["Heart and lung clinical records"],
            ["Electronic records for the national heart and lung services."],
            ["health and care", "records"],
            [],
            [],
            "cardiothoracic teams",
            0.5,
        ),
    ],
    "PS": [
        T(
            "ps-desc",
            ["Digital Evidence Sharing Capability (DESC)"],
            ["Share digital evidence between police, prosecutors and courts instead of discs and paper."],
            ["justice", "data"],
            [(C17, "2.2"), (C21, "3.6")],
            ["cloud-platform"],
            "police, prosecutors and courts",
            0.8,
        ),
        T(
            "ps-bwv",
            ["Body-worn video roll-out"],
            ["Body-worn cameras for every front-line officer, with footage managed digitally."],
            ["justice"],
            [(C17, "2.2")],
            [],
            "police officers",
            0.4,
        ),
        T(
            "ps-cos",
            ["Core operational systems"],
            ["Replace the legacy crime, custody and case systems inherited from the eight forces."],
            ["justice", "case management", "legacy replacement"],
            [(C17, "2.2")],
            [],
            "officers and staff",
            1.2,
        ),
        T(
            "ps-mobile",
            ["Mobile working for officers"],
            ["Officers look up records and file reports on handheld devices on patrol."],
            ["justice"],
            [],
            [],
            "police officers",
            0.3,
        ),
    ],
    "SFRS": [
        T(
            "sfrs-mobilising",
            ["Command and control mobilising system"],
            ["Replace the system the operations control rooms use to send fire engines."],
            ["justice", "legacy replacement"],
            [],
            [],
            "control room staff",
            1.0,
        ),
        T(
            "sfrs-safety",
            ["Home fire safety visit bookings"],
            ["People book a free home fire safety visit online, and crews record them on tablets."],
            ["citizen-facing"],
            [(C21, "3.1")],
            [],
            "households",
            0.3,
        ),
        T(
            "sfrs-rostering",
            ["Firefighter availability and rostering system"],
            ["One system for the availability of on-call and wholetime firefighters."],
            ["corporate systems"],
            [],
            [],
            "firefighters and watch managers",
            0.4,
        ),
    ],
    "SPA": [
        T(
            "spa-forensic",
            ["Forensic services case management"],
            ["Track forensic submissions from crime scenes through the laboratories to court."],
            ["justice", "case management"],
            [(C17, "2.2")],
            [],
            "forensic scientists",
            0.6,
        ),
    ],
    "SCTS": [
        T(
            "scts-icms",
            ["Integrated case management for courts"],
            ["One case system for the High Court, sheriff courts and justice of the peace courts."],
            ["justice", "case management", "legacy replacement"],
            [(C17, "2.2")],
            [],
            "court staff and judiciary",
            1.2,
        ),
        T(
            "scts-tribunals",
            ["Tribunals online applications"],
            ["Appellants apply to the devolved tribunals online and follow their case."],
            ["justice", "citizen-facing"],
            [(C21, "3.1")],
            ["scotaccount"],
            "appellants",
            0.4,
        ),
    ],
    "COPFS": [
        T(
            "copfs-vis",
            ["Victim information and advice service online"],
            ["Victims and witnesses get updates about their case online, by text or by email."],
            ["justice", "citizen-facing"],
            [(C17, "2.2")],
            ["notifications"],
            "victims and witnesses",
            0.4,
        ),
        T(
            "copfs-cms",
            ["Prosecution case management modernisation"],
            ["Modernise the prosecution case system and connect it to the courts'."],
            ["justice", "case management"],
            [(C17, "2.2")],
            [],
            "prosecutors",
            1.0,
        ),
    ],
    "SPS": [
        T(
            "sps-prisoner",
            ["Prisoner records system replacement"],
            ["Replace the prisoner records system that tracks sentences, movements and property."],
            ["justice", "records", "legacy replacement"],
            [(C17, "2.2")],
            [],
            "prison officers",
            1.0,
        ),
        T(
            "sps-incell",
            ["In-cell technology"],
            ["Secure devices in cells for learning, family contact and requests."],
            ["justice"],
            [],
            [],
            "people in custody",
            0.5,
        ),
    ],
    "SLAB": [
        T(
            "slab-apps",
            ["Legal aid online applications and accounts"],
            ["Solicitors apply for legal aid and submit accounts online."],
            ["justice", "payments"],
            [],
            [],
            "solicitors",
            0.8,
        )
    ],
    "SCRA": [
        T(
            "scra-cms",
            ["Children's reporter case management"],
            ["Replace the case system reporters use to decide whether to refer a child to a hearing."],
            ["justice", "case management"],
            [],
            [],
            "children's reporters",
            0.8,
        )
    ],
    "RoS": [
        T(
            "ros-register",
            ["Digital land register"],
            ["Complete the move of the Land Register to digital applications and a digital-first register."],
            ["citizen-facing", "records"],
            [(C21, "3.1")],
            [],
            "solicitors and property owners",
            1.0,
        ),
        T(
            "ros-scotlis",
            ["ScotLIS land and property information"],
            ["One place to find information about land and property in Scotland."],
            ["data"],
            [(C21, "3.6")],
            [],
            "solicitors, surveyors and the public",
            0.5,
        ),
    ],
    "NRS": [
        T(
            "nrs-census",
            ["Census 2022 outputs"],
            ["Publish the results of Scotland's 2022 census as tables, maps and open data."],
            ["data"],
            [(C21, "3.6")],
            [],
            "analysts and the public",
            0.8,
        ),
        T(
            "nrs-people",
            ["ScotlandsPeople website replacement"],
            ["Rebuild the family history website and its search of births, marriages and deaths."],
            ["records", "citizen-facing"],
            [],
            ["scotpayments"],
            "family historians",
            0.4,
        ),
    ],
    "RS": [
        T(
            "rs-sets",
            ["Scottish Electronic Tax System upgrade"],
            ["Move the devolved taxes' returns and payments onto a supported platform."],
            ["payments", "legacy replacement"],
            [],
            [],
            "taxpayers and agents",
            1.0,
        )
    ],
    "SEPA": [
        T(
            "sepa-permits",
            ["Integrated authorisation system"],
            [
                "One system for environmental licences and permits under the integrated authorisation framework."
            ],
            ["case management"],
            [],
            [],
            "operators and regulated businesses",
            0.8,
        ),
        T(
            "sepa-floods",
            ["Flood warning service"],
            ["Flood forecasts and warnings sent by text, email and app to people at risk."],
            ["citizen-facing", "data"],
            [],
            ["notifications"],
            "people living in flood risk areas",
            0.4,
        ),
    ],
    "TS": [
        T(
            "ts-ticketing",
            ["Smart ticketing and payments"],
            ["Smart tickets and tap-and-go fares across bus, rail, ferry and subway."],
            ["payments", "citizen-facing"],
            [],
            ["scotpayments"],
            "passengers",
            1.0,
        ),
        T(
            "ts-roads",
            ["Trunk road asset management"],
            ["One record of the condition of trunk roads, bridges and structures to plan maintenance."],
            ["data"],
            [],
            [],
            "road engineers",
            0.5,
        ),
    ],
    "SAAS": [
        T(
            "saas-funding",
            ["Student funding applications system replacement"],
            ["Replace the system students apply to for tuition fees, loans and bursaries."],
            ["citizen-facing", "payments", "legacy replacement"],
            [(C21, "3.1")],
            ["scotaccount"],
            "students",
            1.0,
        )
    ],
    "AiB": [
        T(
            "aib-apps",
            ["Bankruptcy and debt relief applications online"],
            ["Money advisers apply for bankruptcy and the debt arrangement scheme online."],
            ["case management"],
            [],
            [],
            "money advisers",
            0.8,
        )
    ],
    "SPPA": [
        T(
            "sppa-pensions",
            ["Pensions administration system replacement"],
            ["Replace the system that pays teachers', NHS, police and fire pensions."],
            ["payments", "legacy replacement"],
            [],
            [],
            "scheme members and employers",
            1.2,
        )
    ],
    "SQA": [
        T(
            "sqa-results",
            ["Results and certification platform"],
            ["Candidates receive exam results and certificates digitally."],
            ["education", "citizen-facing"],
            [(C21, "1.4")],
            [],
            "candidates and schools",
            0.8,
        )
    ],
    "SDS": [
        T(
            "sds-mwow",
            ["My World of Work"],
            ["The careers website where young people explore jobs, skills and learning."],
            ["education", "citizen-facing"],
            [(C21, "1.3")],
            [],
            "young people and career advisers",
            0.5,
        )
    ],
    "SW": [
        T(
            "sw-metering",
            ["Smart water metering for business customers"],
            ["Meters that report usage automatically, so leaks are found sooner."],
            ["data"],
            [],
            [],
            "business customers",
            0.6,
        ),
        T(
            "sw-works",
            ["Asset and works management"],
            ["One system for planned and reactive work on pipes, pumps and treatment works."],
            ["legacy replacement"],
            [],
            [],
            "field engineers",
            0.8,
        ),
    ],
    "DML": [
        T(
            "dml-booking",
            ["Ferry ticketing and reservations replacement"],
            ["Replace the booking system for CalMac's ferry services, for passengers and vehicles."],
            ["citizen-facing", "payments", "legacy replacement"],
            [],
            ["scotpayments"],
            "ferry passengers and islanders",
            1.0,
        )
    ],
    "HIAL": [
        T(
            "hial-atm",
            ["Air traffic management modernisation"],
            ["Remote towers and a combined surveillance centre for the islands' airports."],
            ["legacy replacement"],
            [],
            [],
            "air traffic controllers",
            1.5,
        )
    ],
    "SRT": [
        T(
            "srt-info",
            ["Passenger information systems"],
            ["Real-time train information at stations, on trains and in the app."],
            ["citizen-facing", "data"],
            [],
            [],
            "rail passengers",
            0.6,
        )
    ],
    "SPCB": [
        T(
            "spcb-business",
            ["Parliamentary business system"],
            ["Replace the system that publishes motions, questions and the Official Report."],
            ["records", "legacy replacement"],
            [],
            [],
            "MSPs, staff and the public",
            0.8,
        )
    ],
    "AS": [
        T(
            "as-audit",
            ["Audit management and data analytics"],
            ["Audit teams plan and record audits in one tool and analyse audited bodies' ledgers."],
            ["data"],
            [],
            [],
            "auditors",
            0.5,
        )
    ],
    "SPSO": [
        T(
            "spso-cases",
            ["Complaints case handling system"],
            ["Record complaints about public services and their investigation in one system."],
            ["case management"],
            [],
            [],
            "complaints reviewers",
            1.2,
        )
    ],
    "CI": [
        T(
            "ci-regulation",
            ["Registration and inspection system replacement"],
            ["Care services register, notify and are inspected through one system."],
            ["case management", "health and care", "legacy replacement"],
            [],
            [],
            "care providers and inspectors",
            0.8,
        )
    ],
    "SSSC": [
        T(
            "sssc-register",
            ["Register of the social service workforce online"],
            ["Workers apply to register and renew online; employers check registration."],
            ["citizen-facing", "health and care"],
            [],
            ["scotpayments"],
            "social service workers",
            0.8,
        )
    ],
    "IS": [
        T(
            "is-benchmarking",
            ["Local government benchmarking framework tools"],
            ["Councils compare cost and performance with their family group."],
            ["data", "local services"],
            [(C21, "3.6")],
            [],
            "council officers and elected members",
            0.6,
        )
    ],
    "SPT": [
        T(
            "spt-subway",
            ["Subway smartcard and gates"],
            ["Smartcards and new gates for the Glasgow Subway."],
            ["payments", "citizen-facing"],
            [],
            [],
            "subway passengers",
            1.0,
        )
    ],
    "HES": [
        T(
            "hes-collections",
            ["Archives and collections online"],
            ["Put the national record of the historic environment online with its images."],
            ["records", "citizen-facing"],
            [],
            [],
            "researchers and the public",
            0.6,
        )
    ],
    "VS": [
        T(
            "vs-website",
            ["Visitor website replatform"],
            ["Move visitscotland.com and its listings to a new content platform."],
            ["citizen-facing"],
            [],
            [],
            "visitors",
            0.6,
        )
    ],
    "NS": [
        T(
            "ns-licences",
            ["Wildlife licensing online"],
            ["Apply for species and wildlife licences online."],
            ["case management", "citizen-facing"],
            [],
            [],
            "land managers and ecologists",
            0.6,
        )
    ],
    "FLS": [
        T(
            "fls-inventory",
            ["Forest inventory and planning"],
            ["Map and plan the national forests and land from one inventory."],
            ["data"],
            [],
            [],
            "foresters",
            0.6,
        )
    ],
    "SF": [
        T(
            "sf-felling",
            ["Felling permission applications online"],
            ["Apply for felling permission and grants for woodland online."],
            ["citizen-facing"],
            [],
            [],
            "woodland owners and agents",
            0.6,
        )
    ],
    "CC": [
        T(
            "cc-register",
            ["Crofting register online"],
            ["Apply to register a croft and search the register online."],
            ["records", "citizen-facing"],
            [],
            [],
            "crofters and solicitors",
            0.8,
        )
    ],
    "OSCR": [
        T(
            "oscr-register",
            ["Charity annual returns online"],
            ["Charities send annual returns online and the public searches the register."],
            ["citizen-facing", "records"],
            [],
            [],
            "charity trustees",
            1.0,
        )
    ],
}

# Work any body of its kind may have; body-specific portfolios above come first.
CORPORATE = [
    T(
        "corp-erp",
        [
            "Finance and HR system replacement",
            "Corporate systems upgrade",
            "{place} finance ledger replacement",
        ],
        [
            "Replace the finance ledger, purchasing and HR records before the current versions go out of support.",
            "One corporate system for budgets, purchase orders and people records.",
        ],
        ["corporate systems", "legacy replacement"],
        [],
        [],
        "staff",
        0.5,
    ),
    T(
        "corp-records",
        [
            "Electronic records management replacement",
            "{place} records move to Microsoft 365",
            "Records digitisation",
        ],
        [
            "Move files and records from the old document store to Microsoft 365 with retention rules.",
            "Scan paper records and manage them electronically.",
        ],
        ["records"],
        [(C21, "3.6")],
        [],
        "staff",
        0.3,
    ),
    T(
        "corp-cloud",
        ["Move to the shared cloud platform", "{place} data centre exit", "Network and devices refresh"],
        [
            "Move hosted services out of the body's own server room into cloud hosting.",
            "New laptops, Wi-Fi and network for every office.",
        ],
        ["cloud"],
        [(C21, "3.5")],
        ["cloud-platform"],
        "staff",
        0.4,
    ),
    T(
        "corp-web",
        ["Website redesign", "{place} new website", "Content platform migration"],
        [
            "Rebuild the website around what its users come to do, on a supported content platform.",
            "Move the website to a new content management system and rewrite its guidance.",
        ],
        ["citizen-facing"],
        [(C21, "3.1")],
        [],
        "the public",
        0.2,
    ),
    T(
        "corp-data",
        [
            "Data and analytics platform",
            "{place} management information dashboards",
            "Data warehouse replacement",
        ],
        [
            "Bring the body's data together for reporting and analysis.",
            "Replace spreadsheets with dashboards for the management team.",
        ],
        ["data"],
        [(C21, "3.6")],
        [],
        "analysts and managers",
        0.4,
    ),
    T(
        "corp-casework",
        ["Casework system replacement", "{place} case management modernisation"],
        [
            "Replace the system staff handle applications and cases in.",
            "Move casework from spreadsheets and email to a case management system.",
        ],
        ["case management", "legacy replacement"],
        [(C21, "3.1")],
        [],
        "caseworkers",
        0.7,
    ),
    T(
        "corp-cyber",
        ["Cyber resilience improvement", "{place} security monitoring"],
        [
            "Meet the public sector cyber resilience framework and monitor threats around the clock.",
            "Security monitoring, multi-factor sign-in and tested back-ups.",
        ],
        ["cyber security"],
        [(C21, "3.2")],
        [],
        "staff",
        0.2,
    ),
]
GRANTS = T(
    "grants",
    [
        "Grants management system",
        "{place} funding applications online",
        "Awards and payments system replacement",
    ],
    [
        "Applicants apply for funding online; staff assess, award and pay in one system.",
        "Replace the grants system and its paper forms.",
    ],
    ["payments", "citizen-facing"],
    [(C21, "3.5")],
    ["scotpayments"],
    "grant applicants",
    0.6,
)
FUNDERS = {"SFC", "CS", "SE", "HIE", "SOSE", "SPORT", "BNG", "ILFS", "SNIB", "SG"}

UNIVERSITY = [
    T(
        "uni-records",
        ["Student records system replacement", "{place} student journey programme"],
        [
            "Replace the student record from application to graduation.",
            "Enrolment, timetables and results in one student system.",
        ],
        ["education", "records", "legacy replacement"],
        [(C21, "1.4")],
        [],
        "students and staff",
        0.8,
    ),
    T(
        "uni-vle",
        ["Virtual learning environment migration", "{place} digital learning platform"],
        [
            "Move every course to the new virtual learning environment.",
            "A new platform for online teaching, submissions and feedback.",
        ],
        ["education"],
        [(C21, "1.4")],
        [],
        "students and lecturers",
        0.4,
    ),
    T(
        "uni-research",
        ["Research information system", "{place} research grants and outputs"],
        [
            "Record research grants, outputs and impact for funders and the REF.",
            "Replace the research grants system and publish outputs openly.",
        ],
        ["data", "education"],
        [],
        [],
        "researchers",
        0.4,
    ),
    T(
        "uni-hpc",
        ["Research computing refresh", "{place} high-performance computing service"],
        [
            "Replace the research computing cluster and storage.",
            "A new high-performance computing service for researchers.",
        ],
        ["cloud"],
        [],
        [],
        "researchers",
        0.5,
    ),
    T(
        "uni-timetabling",
        ["Timetabling and room booking", "{place} estates and space management"],
        ["Build timetables and book rooms in one system.", "Plan teaching space from real use of rooms."],
        ["education"],
        [],
        [],
        "students and timetablers",
        0.2,
    ),
]
COLLEGE = [
    T(
        "col-enrolment",
        ["Curriculum planning and enrolment", "{place} online enrolment"],
        [
            "Learners apply and enrol online; curriculum managers plan courses from demand.",
            "Online enrolment and course applications, replacing paper forms.",
        ],
        ["education", "citizen-facing"],
        [(C21, "1.4")],
        [],
        "learners",
        0.6,
    ),
    T(
        "col-devices",
        ["Learner devices and Wi-Fi", "{place} campus network upgrade"],
        [
            "Laptops for learners who need them and Wi-Fi across every campus.",
            "Replace the campus network and classroom technology.",
        ],
        ["inclusion"],
        [(C21, "1.1")],
        [],
        "learners",
        0.4,
    ),
    T(
        "col-vle",
        ["Moving courses to a new VLE", "{place} blended learning platform"],
        [
            "Move courses to a new virtual learning environment.",
            "Blended learning for part-time and remote learners.",
        ],
        ["education"],
        [(C21, "1.4")],
        [],
        "learners and lecturers",
        0.3,
    ),
]
SHARED = {
    "COSLA": [
        T(
            "cosla-data",
            ["Local government data sharing agreements"],
            ["Common data sharing agreements for councils and their partners."],
            ["data", "local services"],
            [],
            [],
            "council information governance leads",
            0.8,
        )
    ],
    "DOSLG": [
        T(
            "doslg-telecare",
            ["National telecare digital transition support"],
            ["Help councils move alarm users to digital telecare before the analogue switch-off."],
            ["health and care", "local services"],
            [],
            [],
            "councils and partnerships",
            0.8,
        )
    ],
    "SXL": [
        T(
            "sxl-contracts",
            ["Procurement contract and supplier management"],
            ["Councils see national frameworks, suppliers and contract performance in one place."],
            ["corporate systems", "local services"],
            [],
            [],
            "council buyers",
            0.8,
        )
    ],
    "TCON": [
        T(
            "tcon-catering",
            ["School catering and cleaning scheduling"],
            ["Plan school catering, cleaning and winter gritting shifts in one system."],
            ["corporate systems"],
            [],
            [],
            "catering and cleaning staff",
            0.8,
        )
    ],
}

# Which portfolio each kind of body draws from (a body's own list in SPECIAL/SHARED comes first).
BY_KIND = {
    "council": COUNCIL,
    "integration joint board": IJB,
    "territorial health board": HEALTH_BOARD,
    "special health board": [],
    "police and fire": [],
    "university": UNIVERSITY,
    "college": COLLEGE,
    "representative body": [],
    "shared service": [],
    "regional transport partnership": CORPORATE,
    "advisory NDPB": [],
    "parliamentary body": [CORPORATE[3], CORPORATE[1]],
    "tribunal NDPB": [CORPORATE[5]],
}


def templates_for(*, short_name: str, kind: str) -> list[Template]:
    """The body's own programmes first, then those of its kind (the corporate ones by default)."""
    own = SPECIAL.get(short_name, []) + SHARED.get(short_name, [])
    general = BY_KIND.get(kind, CORPORATE)
    if short_name in FUNDERS:
        own = own + [GRANTS]
    if kind in ("special health board", "police and fire"):
        general = [CORPORATE[0], CORPORATE[2], CORPORATE[4]] if own else []
    return own + [t for t in general if t not in own]


def all_templates() -> list[Template]:
    seen: dict[str, Template] = {}
    for group in (
        [COUNCIL, IJB, HEALTH_BOARD, UNIVERSITY, COLLEGE, CORPORATE, [GRANTS]]
        + list(SPECIAL.values())
        + list(SHARED.values())
    ):
        for template in group:
            seen.setdefault(template.key, template)
    return list(seen.values())
