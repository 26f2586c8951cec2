"""The demo's portfolios: which programmes each kind of body runs, so that nothing looks out of place
for the body it belongs to (no laboratory system at the ambulance service, no £11m programme at Audit
Scotland). Every template names the kinds of body it fits; a body's own specialities come first.

Titles and summaries come in several wordings, and `{place}` is the body's own name for itself, so
that two councils doing similar work read as two councils' programmes, not one template repeated;
the demo register's step (collaboration/demo_register.py) then checks the whole register with the
overlap finder and rewords (or drops) any programme that would be flagged as duplicating another
body's, so that the finder shows only the overlaps the collaboration demo plants (its labelled set).
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


def V(key, pairs, tags, commitments=(), platforms=(), users="", scale=1.0) -> Template:
    """A template from (title, summary) pairs: each pair one way a body might word the same work."""
    return Template(
        key,
        [t for t, _ in pairs],
        [s for _, s in pairs],
        list(tags),
        list(commitments),
        list(platforms),
        users,
        scale,
    )


COUNCIL = [
    V(
        "social-care",
        [
            (
                "Adult social work case recording replacement",
                "Replace the system social workers record assessments, care plans and reviews in, before its contract ends.",
            ),
            (
                "{place} children's services information system",
                "A new record for child protection, looked-after children and family support, shared with education and health.",
            ),
            (
                "Care and support records re-procurement",
                "Re-tender the client database behind care at home, day services and self-directed support.",
            ),
            (
                "Social work mobile recording",
                "Workers write up visits on tablets in people's homes instead of back at the office.",
            ),
        ],
        ["case management", "health and care", "legacy replacement"],
        [(C17, "2.1")],
        users="social workers and the people they support",
        scale=1.2,
    ),
    V(
        "repairs",
        [
            (
                "Tenant self-service for housing repairs",
                "Tenants report a repair, choose an appointment and follow it to completion without phoning.",
            ),
            (
                "{place} housing management system re-procurement",
                "Re-procure the system that runs rents, lettings and arrears for council homes.",
            ),
            (
                "Choice-based lettings online",
                "Applicants bid for available council and housing association homes through one common register.",
            ),
            (
                "Damp and mould sensors in council homes",
                "Sensors flag humidity early so that surveyors visit before mould takes hold.",
            ),
        ],
        ["housing"],
        [(C21, "3.1")],
        ["myaccount"],
        "council tenants",
        0.6,
    ),
    V(
        "revenues",
        [
            (
                "Council tax and benefits online",
                "Residents see their council tax account, set up direct debits and apply for reductions online.",
            ),
            (
                "{place} revenues system upgrade",
                "Upgrade the revenues software and move its paper forms to e-forms.",
            ),
            (
                "Scottish Welfare Fund crisis grant applications",
                "People in crisis apply for a crisis grant or community care grant by phone or web, decided the same day.",
            ),
            (
                "Non-domestic rates billing replacement",
                "Replace the billing engine for business rates, reliefs and appeals.",
            ),
        ],
        ["payments", "benefits"],
        [(C21, "3.1")],
        ["scotpayments"],
        "council tax payers",
        0.5,
    ),
    V(
        "waste",
        [
            (
                "Bulky uplift bookings online",
                "Book and pay for a bulky item collection online, with reminders by text.",
            ),
            (
                "Garden waste permits",
                "An annual garden-waste permit bought online, with a sticker posted out.",
            ),
            (
                "{place} refuse route optimisation",
                "In-cab tablets and planned rounds for refuse crews, so fewer lorry miles are driven.",
            ),
            (
                "Household recycling centre booking",
                "Book a slot at the household recycling centre for a van or trailer.",
            ),
        ],
        ["local services"],
        [],
        ["scotpayments"],
        "householders",
        0.2,
    ),
    V(
        "schools",
        [
            (
                "Schools management information system migration",
                "Move pupil records, attendance and reporting to the new schools MIS.",
            ),
            (
                "Parent portal for {place} schools",
                "Parents pay for trips, see reports and tell the school about absences in one place.",
            ),
            (
                "Early learning and childcare placements online",
                "Families apply for funded nursery hours and choose a setting.",
            ),
            (
                "Cashless catering in secondary schools",
                "Pupils pay for lunch with a card or fingerprint, topped up by parents.",
            ),
            (
                "Pupil devices one-to-one",
                "A laptop or tablet for every pupil from P6 to S6, managed centrally.",
            ),
        ],
        ["education"],
        [(C21, "1.4")],
        users="pupils, parents and teachers",
        scale=0.6,
    ),
    V(
        "planning",
        [
            (
                "Planning and building warrant applications online",
                "Agents submit planning applications and building warrants with drawings, and track decisions.",
            ),
            (
                "{place} development management back office",
                "Replace the back office used by planners, and publish decisions with their documents.",
            ),
            (
                "Local development plan consultation hub",
                "Map-based consultation where communities comment on proposed sites.",
            ),
            (
                "Building standards remote inspections",
                "Surveyors inspect building work by video call where a site visit is not needed.",
            ),
        ],
        ["case management"],
        [],
        users="applicants, agents and neighbours",
        scale=0.4,
    ),
    V(
        "inclusion",
        [
            (
                "Digital inclusion: devices and data for residents",
                "Lend devices and mobile data to residents who are offline, with help from library staff.",
            ),
            ("{place} connected communities", "Free Wi-Fi in town centres and community halls."),
            ("Library digital skills drop-ins", "Weekly sessions where volunteers help people get online."),
        ],
        ["inclusion"],
        [(C21, "1.1")],
        users="residents who are offline",
        scale=0.15,
    ),
    V(
        "contact",
        [
            (
                "Customer service platform replacement",
                "Replace the CRM behind the council's contact centre and web forms.",
            ),
            ("{place} contact centre telephony", "Cloud telephony with call-backs instead of queues."),
            ("Webchat and chatbot for council enquiries", "Answer common questions by webchat out of hours."),
            (
                "Single view of the resident",
                "Link a resident's records across services so they tell us once.",
            ),
        ],
        ["contact centre"],
        [],
        users="callers and contact centre advisers",
        scale=0.5,
    ),
    V(
        "erp",
        [
            (
                "Finance, HR and payroll replacement (ERP)",
                "One system for the ledger, purchasing, HR and payroll, replacing three ageing ones.",
            ),
            (
                "{place} business systems transformation",
                "Modernise back-office processes for invoices, expenses and recruitment.",
            ),
            (
                "Payroll system upgrade",
                "Move payroll onto a supported version before the current one goes out of support.",
            ),
            (
                "Procure-to-pay automation",
                "Purchase orders, goods receipts and invoices matched automatically.",
            ),
        ],
        ["corporate systems", "legacy replacement"],
        users="managers and staff",
        scale=0.8,
    ),
    V(
        "telecare",
        [
            (
                "Analogue to digital telecare switchover",
                "Move community alarm users to digital alarms before the analogue telephone network is switched off.",
            ),
            (
                "{place} technology-enabled care",
                "Sensors and video calls that help people stay safely at home.",
            ),
            (
                "Alarm receiving centre platform",
                "A new platform for the centre that answers community alarm calls.",
            ),
        ],
        ["health and care"],
        [(C17, "2.1")],
        users="older and disabled people living at home",
        scale=0.3,
    ),
    V(
        "infrastructure",
        [
            ("Data centre exit", "Move the council's servers out of its own data centre into cloud hosting."),
            (
                "Microsoft 365 adoption",
                "Email, documents and Teams for every employee, replacing the old file shares.",
            ),
            (
                "{place} corporate network refresh",
                "Replace switches, Wi-Fi and the wide-area links between offices.",
            ),
            (
                "Public Wi-Fi and CCTV network",
                "Fibre and wireless links for town-centre CCTV and public Wi-Fi.",
            ),
        ],
        ["cloud"],
        [(C21, "3.5")],
        ["cloud-platform"],
        "staff",
        0.5,
    ),
    V(
        "roads",
        [
            (
                "Roads asset management system",
                "One record of roads, bridges, lighting and defects to plan repairs.",
            ),
            (
                "Report a pothole online",
                "Residents report potholes and faulty streetlights with a map and photo.",
            ),
            (
                "{place} parking and enforcement system",
                "Replace the penalty charge notice processing system.",
            ),
            ("Winter gritting route tracking", "Show gritters' progress live during snow and ice."),
        ],
        ["local services"],
        [],
        users="drivers and residents",
        scale=0.3,
    ),
    V(
        "libraries",
        [
            (
                "Library management system replacement",
                "Replace the catalogue and loans system shared by the council's libraries.",
            ),
            ("{place} e-books and e-audio", "Borrow e-books, e-audio and e-magazines with a library card."),
            (
                "Registration of births, deaths and marriages appointments",
                "Book a registration appointment online.",
            ),
        ],
        ["local services"],
        users="library users",
        scale=0.15,
    ),
]

IJB = [
    V(
        "ijb-data",
        [
            (
                "{place} partnership performance reporting",
                "Bring the council's and the health board's figures together so the board sees demand and delays.",
            ),
            (
                "Strategic commissioning intelligence for {place}",
                "Population needs analysis to decide which services to commission.",
            ),
            (
                "Delayed discharge tracker",
                "A daily list of people ready to leave hospital and what they are waiting for.",
            ),
            (
                "Care home oversight dashboard",
                "Staffing, occupancy and inspection grades for every care home in the area.",
            ),
        ],
        ["health and care", "data"],
        [(C21, "3.6")],
        users="integration joint board members and managers",
        scale=1.5,
    ),
]

HEALTH_BOARD = [
    V(
        "epr",
        [
            (
                "Electronic patient record",
                "One electronic record for hospital patients, replacing paper case notes and departmental systems.",
            ),
            (
                "{place} clinical portal upgrade",
                "Upgrade the portal clinicians use to see results, letters and history.",
            ),
            (
                "Paperless wards: electronic observations",
                "Nurses record observations on handheld devices; early warning scores alert the medical team.",
            ),
            (
                "Patient administration system replacement",
                "Replace the system behind referrals, waiting lists and admissions.",
            ),
        ],
        ["health and care", "records", "legacy replacement"],
        [(C17, "2.1"), (C21, "3.6")],
        users="clinicians and patients",
        scale=2.0,
    ),
    V(
        "lab",
        [
            (
                "Laboratory information system",
                "Replace the system for blood sciences, microbiology and pathology requests and results.",
            ),
            (
                "Joining the national LIMS",
                "Move the board's labs to the national laboratory system and retire its own.",
            ),
            (
                "{place} digital pathology",
                "Scan slides so pathologists can report from screens and share cases.",
            ),
        ],
        ["health and care", "legacy replacement"],
        [(C17, "2.1")],
        users="laboratory staff",
        scale=0.8,
    ),
    V(
        "theatres",
        [
            (
                "Theatre scheduling",
                "Plan theatre lists, staff and equipment together so fewer sessions are cancelled.",
            ),
            (
                "{place} surgical pre-assessment online",
                "Patients answer pre-operative questions online before their operation.",
            ),
            ("Endoscopy reporting system", "Replace the system used to report endoscopy procedures."),
        ],
        ["health and care"],
        [(C17, "2.1")],
        users="surgical teams",
        scale=0.4,
    ),
    V(
        "hepma",
        [
            (
                "Hospital electronic prescribing and medicines administration (HEPMA)",
                "Prescribe and record medicines electronically on every ward, replacing paper drug charts.",
            ),
            (
                "HEPMA roll-out at {place}",
                "Roll out electronic prescribing ward by ward, starting with medicine for the elderly.",
            ),
            ("Pharmacy stock control", "Track medicines stock from pharmacy to ward."),
        ],
        ["health and care", "records"],
        [(C17, "2.1")],
        users="doctors, nurses and pharmacists",
        scale=1.0,
    ),
    V(
        "patients",
        [
            (
                "Patient portal",
                "Patients see appointment letters and change appointments online instead of by phone.",
            ),
            (
                "{place} digital letters",
                "Send outpatient letters digitally, with paper kept for those who want it.",
            ),
            (
                "Near Me video consultations",
                "Video appointments for outpatients who live far from the hospital.",
            ),
            (
                "Patient-initiated follow-up",
                "Patients book their own review when they need it instead of on a fixed date.",
            ),
        ],
        ["health and care", "citizen-facing"],
        [(C17, "2.1"), (C21, "3.1")],
        ["notifications"],
        "patients",
        0.5,
    ),
    V(
        "remote",
        [
            (
                "Remote health monitoring at home",
                "People with long-term conditions send readings from home, and clinicians act on them sooner.",
            ),
            ("{place} hospital at home", "Acute care for older people delivered in their own homes."),
            (
                "Blood pressure monitoring by text",
                "Patients text their readings and the practice adjusts medication.",
            ),
        ],
        ["health and care"],
        [(C17, "2.1"), (C21, "1.1")],
        users="people with long-term conditions",
        scale=0.4,
    ),
    V(
        "community",
        [
            (
                "Community nursing records",
                "District nurses and health visitors record visits on mobile devices.",
            ),
            (
                "Mental health electronic record",
                "One record for community mental health teams, shared with the hospital.",
            ),
            (
                "{place} child health system",
                "Replace the system for immunisations and child development reviews.",
            ),
        ],
        ["health and care", "records"],
        [(C17, "2.1"), (C21, "3.6")],
        users="community nurses and health visitors",
        scale=0.6,
    ),
    V(
        "rostering",
        [
            (
                "eRostering for nurses and midwives",
                "Electronic rosters and real-time staffing so wards can show they are safely staffed.",
            ),
            ("{place} staff bank booking", "Book bank shifts through an app instead of phone calls."),
            ("Junior doctor rota management", "Build compliant rotas for doctors in training."),
        ],
        ["health and care", "corporate systems"],
        users="ward managers and nurses",
        scale=0.4,
    ),
    V(
        "imaging",
        [
            (
                "Radiology reporting outsourcing link",
                "Send scans securely for reporting when the board's radiologists are stretched.",
            ),
            ("{place} imaging equipment network", "Connect new scanners to the national imaging archive."),
        ],
        ["health and care"],
        users="radiographers and radiologists",
        scale=0.5,
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
            ["NHS Scotland workforce statistics service"],
            ["Staffing, vacancy and turnover statistics for every NHS board, published quarterly."],
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
    V(
        "corp-erp",
        [
            (
                "Finance and HR system replacement",
                "Replace the ledger, purchasing and HR records before they go out of support.",
            ),
            (
                "{place} corporate systems upgrade",
                "Upgrade the back-office suite and retire its bespoke add-ons.",
            ),
            ("Payroll bureau transfer", "Move payroll to a shared bureau run by another public body."),
            (
                "Expenses and purchase cards",
                "Staff claim expenses and reconcile purchase cards on their phones.",
            ),
            ("Budget monitoring tool", "Budget holders forecast their spend monthly in one place."),
        ],
        ["corporate systems", "legacy replacement"],
        users="staff",
        scale=0.5,
    ),
    V(
        "corp-records",
        [
            (
                "Electronic records management replacement",
                "Replace the document store with retention rules applied automatically.",
            ),
            ("{place} file shares clear-out", "Sort, keep or delete twenty years of files on shared drives."),
            ("Records digitisation", "Scan paper archives and index them."),
            (
                "Freedom of information request tracking",
                "Log and answer information requests within the deadline.",
            ),
        ],
        ["records"],
        [(C21, "3.6")],
        users="staff",
        scale=0.3,
    ),
    V(
        "corp-cloud",
        [
            (
                "Move to the shared cloud platform",
                "Move hosted applications out of the server room onto the shared platform.",
            ),
            ("{place} server room exit", "Decommission on-premises servers by the end of the lease."),
            ("Laptops and hybrid working kit", "Replace desktops with laptops and meeting-room video kit."),
            ("Telephony move to Teams", "Retire desk phones and the old exchange."),
        ],
        ["cloud"],
        [(C21, "3.5")],
        ["cloud-platform"],
        "staff",
        0.4,
    ),
    V(
        "corp-web",
        [
            ("Website redesign", "Rebuild the website around what its users come to do."),
            ("{place} content migration", "Rewrite guidance in plain English while moving to a new CMS."),
            ("Accessibility fixes for public pages", "Meet WCAG 2.2 AA across forms, PDFs and videos."),
            ("Intranet replacement", "A new intranet on SharePoint for news, policies and staff directory."),
        ],
        ["citizen-facing"],
        [(C21, "3.1")],
        users="the public",
        scale=0.2,
    ),
    V(
        "corp-data",
        [
            ("Data and analytics platform", "Bring the body's data together for reporting and analysis."),
            (
                "{place} management information dashboards",
                "Replace spreadsheets with dashboards for the leadership team.",
            ),
            (
                "Data warehouse replacement",
                "Rebuild the overnight extracts that feed statistics and reports.",
            ),
            ("Open data publication", "Publish datasets under the open government licence."),
        ],
        ["data"],
        [(C21, "3.6")],
        users="analysts and managers",
        scale=0.4,
    ),
    V(
        "corp-casework",
        [
            ("Casework system replacement", "Replace the system staff handle applications and cases in."),
            (
                "{place} case handling modernisation",
                "Move from spreadsheets and email to a low-code workflow tool.",
            ),
            (
                "Complaints handling process automation",
                "Track complaints against the model complaints handling procedure.",
            ),
            ("Customer enquiries portal", "Members of the public submit and follow their enquiries online."),
        ],
        ["case management", "legacy replacement"],
        [(C21, "3.1")],
        users="caseworkers",
        scale=0.7,
    ),
    V(
        "corp-cyber",
        [
            ("Cyber resilience improvement", "Meet the public sector cyber resilience framework."),
            ("{place} security operations", "Round-the-clock monitoring of threats with a managed provider."),
            ("Multi-factor sign-in for all staff", "Phishing-resistant sign-in on every account."),
            ("Backup and recovery rebuild", "Immutable backups tested by regular restores."),
        ],
        ["cyber security"],
        [(C21, "3.2")],
        users="staff",
        scale=0.2,
    ),
]
GRANTS = V(
    "grants",
    [
        (
            "Grants management system",
            "Applicants apply for funding online; staff assess, award and pay in one system.",
        ),
        (
            "{place} funding applications online",
            "Replace paper and email applications with an online portal.",
        ),
        ("Awards and payments system replacement", "Pay awards in instalments against agreed milestones."),
        (
            "Grant monitoring and outcomes reporting",
            "Funded organisations report progress and outcomes online.",
        ),
    ],
    ["payments", "citizen-facing"],
    [(C21, "3.5")],
    ["scotpayments"],
    "grant applicants",
    0.6,
)
FUNDERS = {"SFC", "CS", "SE", "HIE", "SOSE", "SPORT", "BNG", "ILFS", "SNIB", "SG"}

UNIVERSITY = [
    V(
        "uni-records",
        [
            (
                "Student records system replacement",
                "Replace the student record from application to graduation.",
            ),
            (
                "{place} student journey programme",
                "Rethink enrolment, advice and support around the student.",
            ),
            ("Online matriculation", "New students matriculate and upload documents before arrival."),
            ("Degree results and transcripts online", "Graduates download verified transcripts."),
        ],
        ["education", "records"],
        [(C21, "1.4")],
        users="students and staff",
        scale=0.8,
    ),
    V(
        "uni-vle",
        [
            (
                "Virtual learning environment migration",
                "Move every course to the new virtual learning environment.",
            ),
            ("{place} lecture capture", "Record lectures automatically in teaching rooms."),
            ("Online assessment and marking", "Submit, mark and return coursework and exams online."),
        ],
        ["education"],
        [(C21, "1.4")],
        users="students and lecturers",
        scale=0.4,
    ),
    V(
        "uni-research",
        [
            (
                "Research information system",
                "Record research grants, outputs and impact for funders and the REF.",
            ),
            ("{place} research data repository", "Keep and share research datasets as funders require."),
            ("Research grants costing tool", "Cost and approve grant applications before submission."),
        ],
        ["data", "education"],
        users="researchers",
        scale=0.4,
    ),
    V(
        "uni-hpc",
        [
            ("Research computing refresh", "Replace the research computing cluster and storage."),
            (
                "{place} trusted research environment",
                "A secure environment for researchers to analyse sensitive data.",
            ),
        ],
        ["cloud"],
        users="researchers",
        scale=0.5,
    ),
    V(
        "uni-estates",
        [
            ("Timetabling and room booking", "Build timetables and book rooms in one system."),
            ("{place} smart campus sensors", "Occupancy sensors to plan teaching space from real use."),
            ("Library services platform", "Replace the library catalogue and discovery system."),
        ],
        ["education"],
        users="students and timetablers",
        scale=0.2,
    ),
]
COLLEGE = [
    V(
        "col-enrolment",
        [
            (
                "Curriculum planning and enrolment",
                "Curriculum managers plan courses from demand, and learners enrol online.",
            ),
            ("{place} online applications", "Course applications and interviews booked online."),
            ("Student funding and bursary claims", "Learners claim bursaries and childcare funds online."),
        ],
        ["education"],
        [(C21, "1.4")],
        users="learners",
        scale=0.6,
    ),
    V(
        "col-devices",
        [
            (
                "Learner devices and Wi-Fi",
                "Laptops for learners who need them, and Wi-Fi across every campus.",
            ),
            (
                "{place} classroom technology refresh",
                "Interactive screens and workshop equipment in classrooms.",
            ),
            ("Campus network upgrade", "Replace switches and firewalls across the campuses."),
        ],
        ["inclusion"],
        [(C21, "1.1")],
        users="learners",
        scale=0.4,
    ),
    V(
        "col-vle",
        [
            ("Moving courses to a new VLE", "Move courses to a new virtual learning environment."),
            ("{place} blended learning", "Blended delivery for part-time and remote learners."),
            (
                "E-portfolios for vocational qualifications",
                "Learners evidence workplace skills in an e-portfolio.",
            ),
        ],
        ["education"],
        [(C21, "1.4")],
        users="learners and lecturers",
        scale=0.3,
    ),
    V(
        "col-mis",
        [
            (
                "Student records and funding returns",
                "Produce the funding council's returns from the student record.",
            ),
            ("{place} learner analytics", "Spot learners at risk of withdrawing early."),
        ],
        ["education", "data"],
        users="college managers",
        scale=0.4,
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
