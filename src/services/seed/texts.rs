//! The words seeded data is made of: partner organisations of Ostrava, the centre's
//! caseworkers, newcomers' names by nationality, and what requests, comments and notes say.

use crate::workflow::Category;

/// A partner organisation as seeded (slug `partner-NN` by position).
pub(super) struct PartnerText {
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub website: &'static str,
    pub description: &'static str,
    pub categories: &'static [&'static str],
    pub languages: &'static [&'static str],
}

pub(super) const PARTNERS: [PartnerText; 20] = [
    PartnerText {
        name: "Charita Ostrava – integrační centrum",
        email: "integrace@charita-ostrava.example",
        phone: "+420 596 610 111",
        website: "https://charita-ostrava.example",
        description: "Social counselling, Czech courses and help for families.",
        categories: &["language_course", "family", "other", "education"],
        languages: &["cs", "uk", "en"],
    },
    PartnerText {
        name: "Centrum pro integraci cizinců – pobočka Ostrava",
        email: "ostrava@cicpraha.example",
        phone: "+420 597 317 400",
        website: "https://cicpraha.example/ostrava",
        description: "Legal and social counselling for foreigners, Czech courses.",
        categories: &[
            "residence_permit",
            "work_permit",
            "language_course",
            "family",
        ],
        languages: &["cs", "en", "uk"],
    },
    PartnerText {
        name: "MV ČR – OAMP, pracoviště Ostrava",
        email: "oamp.ostrava@mvcr.example",
        phone: "+420 974 721 111",
        website: "https://mvcr.example/oamp",
        description: "Ministry of the Interior, residence permits of third-country nationals.",
        categories: &["residence_permit", "work_permit", "family"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "Úřad práce ČR – kontaktní pracoviště Ostrava",
        email: "zamestnani.ostrava@uradprace.example",
        phone: "+420 950 141 111",
        website: "https://uradprace.example/ostrava",
        description: "Job offers, work permits, unemployment registration.",
        categories: &["job", "work_permit"],
        languages: &["cs"],
    },
    PartnerText {
        name: "Magistrát města Ostravy – odbor sociálních věcí",
        email: "socialni@ostrava.example",
        phone: "+420 599 443 111",
        website: "https://ostrava.example/socialni",
        description: "Social housing, benefits and family support of the city.",
        categories: &["housing", "family", "registration"],
        languages: &["cs"],
    },
    PartnerText {
        name: "Bydlení Ostrava – realitní poradna",
        email: "poradna@bydleni-ostrava.example",
        phone: "+420 595 700 222",
        website: "https://bydleni-ostrava.example",
        description: "Rental flats, contracts and deposits explained.",
        categories: &["housing"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "VZP ČR – pobočka Ostrava",
        email: "cizinci.ostrava@vzp.example",
        phone: "+420 952 222 222",
        website: "https://vzp.example/ostrava",
        description: "Public health insurance, registration of employees and children.",
        categories: &["health_insurance"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "Fakultní nemocnice Ostrava – mezinárodní oddělení",
        email: "international@fno.example",
        phone: "+420 597 371 111",
        website: "https://fno.example/international",
        description: "Registration with doctors, paediatricians and interpreters in hospital.",
        categories: &["health_insurance", "family"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "VŠB – Technická univerzita Ostrava, International Office",
        email: "international@vsb.example",
        phone: "+420 597 321 111",
        website: "https://vsb.example/international",
        description: "Studies, recognition of diplomas and researchers' stays.",
        categories: &["education", "job"],
        languages: &["en", "cs"],
    },
    PartnerText {
        name: "Ostravská univerzita – Centrum jazykového vzdělávání",
        email: "cjv@osu.example",
        phone: "+420 553 461 111",
        website: "https://osu.example/cjv",
        description: "Czech for foreigners at every level, exam preparation.",
        categories: &["language_course", "education"],
        languages: &["cs", "en", "uk"],
    },
    PartnerText {
        name: "Slezská diakonie – poradna Ostrava",
        email: "poradna.ostrava@slezskadiakonie.example",
        phone: "+420 558 764 111",
        website: "https://slezskadiakonie.example",
        description: "Debt and social counselling, crisis accommodation.",
        categories: &["housing", "other", "family"],
        languages: &["cs", "uk"],
    },
    PartnerText {
        name: "Organizace pro pomoc uprchlíkům – Ostrava",
        email: "ostrava@opu.example",
        phone: "+420 730 158 779",
        website: "https://opu.example",
        description: "Free legal aid on residence, asylum and family reunification.",
        categories: &["residence_permit", "family", "work_permit"],
        languages: &["cs", "en", "uk"],
    },
    PartnerText {
        name: "Živnostenský úřad města Ostravy",
        email: "zivnostensky@ostrava.example",
        phone: "+420 599 442 111",
        website: "https://ostrava.example/zivnosti",
        description: "Trade licences and the single contact point for entrepreneurs.",
        categories: &["business"],
        languages: &["cs"],
    },
    PartnerText {
        name: "Krajská hospodářská komora Moravskoslezského kraje",
        email: "info@khkmsk.example",
        phone: "+420 597 471 111",
        website: "https://khkmsk.example",
        description: "Starting a business, employers' networks, export advice.",
        categories: &["business", "job"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "Finanční úřad pro Moravskoslezský kraj",
        email: "podatelna.ostrava@financnisprava.example",
        phone: "+420 596 651 111",
        website: "https://financnisprava.example",
        description: "Tax registration and returns of self-employed people.",
        categories: &["business", "registration"],
        languages: &["cs"],
    },
    PartnerText {
        name: "ČSSZ – Okresní správa sociálního zabezpečení Ostrava",
        email: "ossz.ostrava@cssz.example",
        phone: "+420 596 187 111",
        website: "https://cssz.example/ostrava",
        description: "Social security registration, sickness and pension insurance.",
        categories: &["registration", "business", "health_insurance"],
        languages: &["cs"],
    },
    PartnerText {
        name: "Diakonie ČCE – středisko v Ostravě",
        email: "ostrava@diakonie.example",
        phone: "+420 596 623 111",
        website: "https://diakonie.example/ostrava",
        description: "Family support, children's clubs and volunteer mentors.",
        categories: &["family", "education", "other"],
        languages: &["cs", "uk"],
    },
    PartnerText {
        name: "Jazyková škola Poruba",
        email: "kurzy@jazykovka-poruba.example",
        phone: "+420 596 911 222",
        website: "https://jazykovka-poruba.example",
        description: "Evening Czech courses and intensive summer courses.",
        categories: &["language_course"],
        languages: &["cs", "en"],
    },
    PartnerText {
        name: "Statutární město Ostrava – odbor školství",
        email: "skolstvi@ostrava.example",
        phone: "+420 599 443 300",
        website: "https://ostrava.example/skolstvi",
        description: "School and kindergarten places, Czech support classes.",
        categories: &["education", "family"],
        languages: &["cs"],
    },
    PartnerText {
        name: "Personální agentura MSK Jobs",
        email: "nabor@mskjobs.example",
        phone: "+420 777 120 340",
        website: "https://mskjobs.example",
        description: "Job placement in industry, logistics and IT.",
        categories: &["job", "work_permit", "housing"],
        languages: &["cs", "en", "uk"],
    },
];

/// The centre's caseworkers as seeded: name, e-mail, interface language.
pub(super) const CASEWORKERS: [(&str, &str, &str); 10] = [
    (
        "Kateřina Svobodová",
        "katerina.svobodova@expat-centre.example",
        "cs",
    ),
    ("Tomáš Černý", "tomas.cerny@expat-centre.example", "cs"),
    (
        "Lucie Procházková",
        "lucie.prochazkova@expat-centre.example",
        "cs",
    ),
    ("Martin Kučera", "martin.kucera@expat-centre.example", "en"),
    (
        "Veronika Veselá",
        "veronika.vesela@expat-centre.example",
        "cs",
    ),
    ("Jakub Horák", "jakub.horak@expat-centre.example", "cs"),
    (
        "Tereza Němcová",
        "tereza.nemcova@expat-centre.example",
        "en",
    ),
    ("Ondřej Marek", "ondrej.marek@expat-centre.example", "cs"),
    (
        "Barbora Pokorná",
        "barbora.pokorna@expat-centre.example",
        "cs",
    ),
    (
        "Lukáš Pospíšil",
        "lukas.pospisil@expat-centre.example",
        "cs",
    ),
];

/// How a nationality's names are written.
#[derive(Clone, Copy)]
pub(super) enum NameOrder {
    /// Given name, then family name.
    GivenFirst,
    /// Family name first (Vietnamese, Korean), with an optional middle name by gender.
    FamilyFirst {
        female_middle: &'static str,
        male_middle: &'static str,
    },
}

/// Names and preferred languages of newcomers of one nationality.
pub(super) struct Nationality {
    pub name: &'static str,
    pub weight: u32,
    /// Weights of `en`, `cs`, `uk` as the preferred language.
    pub languages: [u32; 3],
    pub order: NameOrder,
    pub female: &'static [&'static str],
    pub male: &'static [&'static str],
    /// (male, female) forms of a family name.
    pub families: &'static [(&'static str, &'static str)],
    /// Spanish-speaking newcomers carry two family names.
    pub two_families: bool,
    pub phone_prefix: &'static str,
}

const fn same(name: &'static str) -> (&'static str, &'static str) {
    (name, name)
}

pub(super) const NATIONALITIES: [Nationality; 12] = [
    Nationality {
        name: "Ukrainian",
        weight: 40,
        languages: [10, 20, 70],
        order: NameOrder::GivenFirst,
        female: &[
            "Olena",
            "Oksana",
            "Iryna",
            "Nataliia",
            "Tetiana",
            "Yuliia",
            "Kateryna",
            "Mariia",
            "Anastasiia",
            "Svitlana",
            "Halyna",
            "Viktoriia",
            "Liudmyla",
            "Daryna",
            "Sofiia",
        ],
        male: &[
            "Andrii",
            "Oleksandr",
            "Serhii",
            "Dmytro",
            "Mykola",
            "Volodymyr",
            "Ivan",
            "Yurii",
            "Vasyl",
            "Taras",
            "Bohdan",
            "Oleh",
            "Maksym",
            "Artem",
            "Ihor",
        ],
        families: &[
            same("Kovalenko"),
            same("Shevchenko"),
            same("Bondarenko"),
            same("Tkachenko"),
            same("Kravchenko"),
            same("Melnyk"),
            same("Boiko"),
            same("Oliinyk"),
            same("Lysenko"),
            same("Savchenko"),
            same("Petrenko"),
            same("Marchenko"),
            same("Moroz"),
            same("Rudenko"),
            same("Pavlenko"),
            same("Kozak"),
            same("Ponomarenko"),
            ("Kovalskyi", "Kovalska"),
            ("Zhuravskyi", "Zhuravska"),
            same("Symonenko"),
        ],
        two_families: false,
        phone_prefix: "+380",
    },
    Nationality {
        name: "Slovak",
        weight: 9,
        languages: [10, 90, 0],
        order: NameOrder::GivenFirst,
        female: &[
            "Martina",
            "Zuzana",
            "Katarína",
            "Lenka",
            "Monika",
            "Ľudmila",
            "Jana",
        ],
        male: &[
            "Ľubomír",
            "Ján",
            "Peter",
            "Jozef",
            "Marek",
            "Ľuboš",
            "Štefan",
        ],
        families: &[
            ("Horváth", "Horváthová"),
            ("Kováč", "Kováčová"),
            ("Baláž", "Balážová"),
            ("Tóth", "Tóthová"),
            ("Varga", "Vargová"),
            ("Lukáč", "Lukáčová"),
            ("Molnár", "Molnárová"),
            ("Šimko", "Šimková"),
        ],
        two_families: false,
        phone_prefix: "+421",
    },
    Nationality {
        name: "Vietnamese",
        weight: 8,
        languages: [60, 40, 0],
        order: NameOrder::FamilyFirst {
            female_middle: "Thị",
            male_middle: "Văn",
        },
        female: &[
            "Lan", "Hương", "Thu", "Mai", "Linh", "Ngọc", "Hạnh", "Trang",
        ],
        male: &["Hùng", "Dũng", "Tuấn", "Nam", "Long", "Quang", "Sơn", "Đức"],
        families: &[
            same("Nguyễn"),
            same("Trần"),
            same("Lê"),
            same("Phạm"),
            same("Hoàng"),
            same("Vũ"),
            same("Đặng"),
            same("Bùi"),
            same("Đỗ"),
            same("Ngô"),
        ],
        two_families: false,
        phone_prefix: "+84",
    },
    Nationality {
        name: "Indian",
        weight: 8,
        languages: [95, 5, 0],
        order: NameOrder::GivenFirst,
        female: &[
            "Priya", "Ananya", "Deepika", "Kavya", "Sneha", "Pooja", "Lakshmi", "Meera",
        ],
        male: &[
            "Rahul", "Arjun", "Vikram", "Sanjay", "Rohit", "Aditya", "Karthik", "Amit",
        ],
        families: &[
            same("Sharma"),
            same("Patel"),
            same("Reddy"),
            same("Iyer"),
            same("Nair"),
            same("Gupta"),
            same("Mehta"),
            same("Singh"),
            same("Kumar"),
            same("Menon"),
            same("Rao"),
            same("Chatterjee"),
        ],
        two_families: false,
        phone_prefix: "+91",
    },
    Nationality {
        name: "Polish",
        weight: 7,
        languages: [50, 50, 0],
        order: NameOrder::GivenFirst,
        female: &[
            "Agnieszka",
            "Małgorzata",
            "Katarzyna",
            "Joanna",
            "Magdalena",
            "Zofia",
        ],
        male: &[
            "Łukasz",
            "Paweł",
            "Krzysztof",
            "Tomasz",
            "Piotr",
            "Michał",
            "Grzegorz",
        ],
        families: &[
            ("Kowalski", "Kowalska"),
            ("Wiśniewski", "Wiśniewska"),
            same("Wójcik"),
            ("Kamiński", "Kamińska"),
            ("Lewandowski", "Lewandowska"),
            ("Zieliński", "Zielińska"),
            ("Szymański", "Szymańska"),
            ("Dąbrowski", "Dąbrowska"),
            ("Kozłowski", "Kozłowska"),
            same("Mazur"),
        ],
        two_families: false,
        phone_prefix: "+48",
    },
    Nationality {
        name: "Spanish",
        weight: 4,
        languages: [90, 10, 0],
        order: NameOrder::GivenFirst,
        female: &[
            "María José",
            "Lucía",
            "Carmen",
            "Paula",
            "Elena",
            "Inés",
            "Begoña",
        ],
        male: &[
            "José Luis",
            "Javier",
            "Álvaro",
            "Sergio",
            "Pablo",
            "Andrés",
            "Íñigo",
        ],
        families: &[
            same("García"),
            same("Fernández"),
            same("González"),
            same("Rodríguez"),
            same("López"),
            same("Martínez"),
            same("Sánchez"),
            same("Pérez"),
            same("Gómez"),
            same("Jiménez"),
            same("Muñoz"),
            same("Álvarez"),
            same("Ibáñez"),
            same("Núñez"),
        ],
        two_families: true,
        phone_prefix: "+34",
    },
    Nationality {
        name: "Turkish",
        weight: 4,
        languages: [90, 10, 0],
        order: NameOrder::GivenFirst,
        female: &["Ayşe", "Elif", "Zeynep", "Gülşen", "Özlem", "Büşra"],
        male: &["Mehmet", "Mustafa", "Emre", "Çağan", "Oğuz", "Burak"],
        families: &[
            same("Yılmaz"),
            same("Kaya"),
            same("Demir"),
            same("Şahin"),
            same("Çelik"),
            same("Öztürk"),
            same("Aydın"),
            same("Doğan"),
        ],
        two_families: false,
        phone_prefix: "+90",
    },
    Nationality {
        name: "Filipino",
        weight: 4,
        languages: [100, 0, 0],
        order: NameOrder::GivenFirst,
        female: &[
            "Maria Cristina",
            "Jocelyn",
            "Mary Grace",
            "Rowena",
            "Angelica",
        ],
        male: &["Jose Mari", "Mark Anthony", "Rodel", "Jerome", "Ramil"],
        families: &[
            same("Santos"),
            same("Reyes"),
            same("Dela Cruz"),
            same("Bautista"),
            same("Mendoza"),
            same("Villanueva"),
            same("Castillo"),
        ],
        two_families: false,
        phone_prefix: "+63",
    },
    Nationality {
        name: "Korean",
        weight: 4,
        languages: [100, 0, 0],
        order: NameOrder::FamilyFirst {
            female_middle: "",
            male_middle: "",
        },
        female: &["Seo-yeon", "Ji-woo", "Su-bin", "Ha-eun", "Min-seo"],
        male: &["Min-jun", "Hyun-woo", "Do-yoon", "Ji-hoon", "Seung-min"],
        families: &[
            same("Kim"),
            same("Lee"),
            same("Park"),
            same("Choi"),
            same("Jung"),
            same("Kang"),
        ],
        two_families: false,
        phone_prefix: "+82",
    },
    Nationality {
        name: "Mongolian",
        weight: 3,
        languages: [70, 30, 0],
        order: NameOrder::GivenFirst,
        female: &["Bolormaa", "Oyuunchimeg", "Sarangerel", "Enkhjargal"],
        male: &["Batbayar", "Ganbold", "Tömörbaatar", "Erdenebat"],
        families: &[
            same("Ganzorig"),
            same("Enkhbold"),
            same("Dorj"),
            same("Bat-Erdene"),
            same("Sükhbaatar"),
        ],
        two_families: false,
        phone_prefix: "+976",
    },
    Nationality {
        name: "Brazilian",
        weight: 3,
        languages: [100, 0, 0],
        order: NameOrder::GivenFirst,
        female: &["Luísa", "Gabriela", "Ana Clara", "Letícia", "Beatriz"],
        male: &["João Pedro", "Thiago", "Mateus", "Luís", "Caio"],
        families: &[
            same("Silva"),
            same("Souza"),
            same("Oliveira"),
            same("Conceição"),
            same("Araújo"),
            same("Magalhães"),
        ],
        two_families: false,
        phone_prefix: "+55",
    },
    Nationality {
        name: "Moldovan",
        weight: 3,
        languages: [20, 40, 40],
        order: NameOrder::GivenFirst,
        female: &["Ana", "Cristina", "Mihaela", "Ecaterina", "Doina"],
        male: &["Ion", "Vasile", "Andrei", "Mihai", "Ștefan"],
        families: &[
            same("Rusu"),
            same("Ciobanu"),
            same("Țurcanu"),
            same("Munteanu"),
            same("Lungu"),
            same("Cebotari"),
        ],
        two_families: false,
        phone_prefix: "+373",
    },
];

/// Where newcomers' e-mail lives (reserved example domains: nothing is ever delivered).
pub(super) const MAIL_DOMAINS: [&str; 3] = ["example.org", "example.com", "example.net"];

pub(super) const DISTRICTS: [&str; 14] = [
    "Poruba",
    "Zábřeh",
    "Hrabůvka",
    "Mariánské Hory",
    "Vítkovice",
    "Přívoz",
    "Moravská Ostrava",
    "Slezská Ostrava",
    "Dubina",
    "Bělský Les",
    "Výškovice",
    "Svinov",
    "Michálkovice",
    "Radvanice",
];

pub(super) const WORKPLACES: [&str; 8] = [
    "an automotive supplier in Nošovice",
    "the steelworks in Vítkovice",
    "an IT company in Moravská Ostrava",
    "a logistics warehouse near Mošnov airport",
    "the university hospital in Poruba",
    "a customer-service centre in Zábřeh",
    "a construction company in Přívoz",
    "a research institute at VŠB",
];

/// A request's title and description; `{d}` becomes a district, `{w}` a workplace.
pub(super) type Story = (&'static str, &'static str);

/// What requests of `category` are typically about.
pub(super) fn stories(category: Category) -> &'static [Story] {
    match category {
        Category::ResidencePermit => &[
            (
                "Employee card renewal",
                "Works for {w}; the employee card expires in ten weeks. Needs help with the renewal documents and an appointment at OAMP.",
            ),
            (
                "Long-term residence permit for family reunification",
                "Spouse already lives in Ostrava-{d}; needs the list of documents and translations for the application.",
            ),
            (
                "Change of employer on an employee card",
                "Was offered a better job at {w} and wants to know how to report the change of employer in time.",
            ),
            (
                "Permanent residence after five years",
                "Has lived in Ostrava for five years; asks about the Czech exam and the documents for permanent residence.",
            ),
            (
                "Temporary protection extension",
                "Holder of temporary protection living in {d}; needs to register for the extension and update the address.",
            ),
            (
                "Blue Card application",
                "Highly qualified specialist hired by {w}; the employer asked for help with the EU Blue Card application.",
            ),
        ],
        Category::WorkPermit => &[
            (
                "Work permit for a second job",
                "Has an employee card for {w} and was offered weekend work elsewhere; needs to know whether a permit is required.",
            ),
            (
                "Free access to the labour market",
                "Family member of an EU citizen; wants confirmation of free access to the labour market for a new employer.",
            ),
            (
                "Seasonal work permit",
                "Agricultural seasonal work near Ostrava from spring; needs help with the permit and accommodation confirmation.",
            ),
            (
                "Job change during the first six months",
                "Unhappy at {w}; asks whether the employer can be changed during the first six months of the employee card.",
            ),
        ],
        Category::Registration => &[
            (
                "Registering EU citizen residence",
                "EU citizen staying longer than three months; wants to register temporary residence and get a birth number.",
            ),
            (
                "Change of address after moving to {d}",
                "Moved to a flat in Ostrava-{d}; needs to report the new address within the deadline.",
            ),
            (
                "Birth number for a child born in Ostrava",
                "Baby born at the hospital in Poruba; parents need the birth certificate and a birth number.",
            ),
            (
                "Czech driving licence exchange",
                "Holds a foreign driving licence; asks whether and where it can be exchanged in Ostrava.",
            ),
            (
                "Bank account and SIM card without a birth number",
                "Just arrived; banks in {d} ask for documents the newcomer does not have yet.",
            ),
        ],
        Category::Housing => &[
            (
                "Flat for a family of three near {d}",
                "Temporary accommodation ends at the end of the month; needs a two-room flat, budget up to 18,000 CZK.",
            ),
            (
                "Deposit not returned by the landlord",
                "Moved out of a flat in {d} two months ago; the landlord keeps the deposit of 30,000 CZK without explanation.",
            ),
            (
                "Understanding a rental contract",
                "Received a contract in Czech for a flat in {d}; wants someone to explain the notice period and service charges.",
            ),
            (
                "Room in a shared flat close to work",
                "Starts at {w} next month; looking for a room in a shared flat with a short commute.",
            ),
            (
                "Housing allowance application",
                "Rent takes more than a third of the family income; asks about the housing allowance and how to apply.",
            ),
            (
                "Mould in a rented flat",
                "The flat in {d} has mould in the children's room and the landlord does not respond.",
            ),
        ],
        Category::Job => &[
            (
                "Recognition of an engineering diploma",
                "Mechanical engineer; wants to work in the field and needs the diploma recognised (nostrification).",
            ),
            (
                "CV and interview practice in Czech",
                "Looking for work in logistics; wants help with a Czech CV and preparing for interviews.",
            ),
            (
                "Unpaid wages from an agency",
                "Worked for an agency placing people at {w}; the last two wages were not paid.",
            ),
            (
                "Work as a nurse in Ostrava",
                "Qualified nurse; asks about the recognition of qualifications and the Czech exam for health workers.",
            ),
            (
                "Job for a spouse with limited Czech",
                "Spouse speaks English and Ukrainian; looking for part-time work in {d}.",
            ),
        ],
        Category::HealthInsurance => &[
            (
                "Health insurance for a newborn",
                "Baby born in Ostrava last week; needs to register the child with a health insurer.",
            ),
            (
                "Commercial insurance does not cover treatment",
                "The commercial insurer refuses to pay for a hospital stay; needs advice on the policy.",
            ),
            (
                "Registering with a general practitioner in {d}",
                "Several practices in {d} refused new patients; looking for a GP who accepts foreigners.",
            ),
            (
                "Switch to public health insurance",
                "Started a job at {w}; wants to know when the public insurance starts and what happens to the commercial one.",
            ),
            (
                "Dentist for a child",
                "Child has toothache; the family needs a paediatric dentist who takes new patients.",
            ),
        ],
        Category::Education => &[
            (
                "School place for a 10-year-old",
                "Family moved to Ostrava-{d}; looking for a primary school with Czech support classes.",
            ),
            (
                "Kindergarten place from September",
                "Both parents work at {w}; need a kindergarten place for a four-year-old in {d}.",
            ),
            (
                "Recognition of a secondary school certificate",
                "Wants to study at university in Ostrava; needs the school-leaving certificate recognised.",
            ),
            (
                "After-school Czech tutoring",
                "Child struggles with Czech at school in {d}; parents look for tutoring or a volunteer mentor.",
            ),
        ],
        Category::LanguageCourse => &[
            (
                "Czech course for adults, evenings",
                "Beginner level, evenings only because of work at {w}.",
            ),
            (
                "Czech A2 exam for permanent residence",
                "Needs to pass the A2 exam for permanent residence; asks about preparation courses and exam dates.",
            ),
            (
                "Intensive Czech course in summer",
                "Has a few weeks off in summer; looking for an intensive course in Ostrava.",
            ),
            (
                "Czech for a teenager before school starts",
                "Fifteen-year-old starts secondary school in September; needs a course over the summer.",
            ),
        ],
        Category::Business => &[
            (
                "Starting a sole trader business",
                "Wants to register a trade licence (živnost) and understand social and health insurance payments.",
            ),
            (
                "VAT registration questions",
                "Freelance IT consultant for {w}; turnover is approaching the VAT threshold.",
            ),
            (
                "Opening a small café in {d}",
                "Plans to open a café; needs to know about the licence, hygiene rules and the premises.",
            ),
            (
                "Annual tax return of a self-employed person",
                "First year as self-employed; needs help with the tax return and the insurance overviews.",
            ),
        ],
        Category::Family => &[
            (
                "Family reunification with children",
                "Children live with grandparents abroad; parent in Ostrava wants to bring them over.",
            ),
            (
                "Parental allowance application",
                "Baby born in Ostrava; mother asks about maternity benefit and parental allowance.",
            ),
            (
                "Marriage with a Czech citizen",
                "Planning a wedding at the registry office in {d}; needs the list of documents and translations.",
            ),
            (
                "Child benefit and school meals support",
                "Single parent with two children in {d}; asks about child benefit and help with school meals.",
            ),
        ],
        Category::Other => &[
            (
                "Help with a fine from the transport company",
                "Received a fine on a tram in {d}; did not understand the ticket rules and wants to appeal.",
            ),
            (
                "Lost passport",
                "Passport was stolen in {d}; needs a police report and contact with the embassy.",
            ),
            (
                "Volunteering opportunities",
                "Would like to volunteer in {d} on weekends; asks which organisations welcome foreigners.",
            ),
            (
                "Translation of a court letter",
                "Received an official letter from the district court and does not understand what it asks for.",
            ),
        ],
    }
}

/// A sentence that may close a description.
pub(super) const DESCRIPTION_TAILS: [&str; 8] = [
    "Prefers contact by e-mail.",
    "Speaks some English; an interpreter would help.",
    "Available on weekday afternoons.",
    "A Czech-speaking colleague can help with phone calls.",
    "Has copies of all documents with them.",
    "Urgent: the deadline is in two weeks.",
    "Was referred to the centre by the employer.",
    "Came to the centre in person with a friend.",
];

/// What a caseworker writes when a transition needs a comment, by transition name (and
/// for outcomes, by the request's category).
pub(super) fn comments(transition: &str, category: Category) -> &'static [&'static str] {
    match transition {
        "resolve" => outcomes(category),
        "request_info" | "request_documents" => &[
            "Please bring a copy of your passport and the rental contract.",
            "Please send us the confirmation of employment signed by your employer.",
            "We need the birth certificate with an official Czech translation.",
            "Please bring proof of accommodation (the owner's consent with a certified signature).",
            "Please send a scan of your health insurance card and the insurance contract.",
            "We need your diploma and its recognition decision, if you have one.",
        ],
        "request_supplement" => &[
            "The ministry asks for a new criminal record extract, not older than 90 days.",
            "The ministry needs an updated proof of accommodation.",
            "The ministry asks for the employer's confirmation of salary for the last three months.",
            "Passport photos do not meet the requirements; two new ones are needed.",
        ],
        "book_appointment" => &[
            "Appointment at OAMP Ostrava, Nádražní street; bring your passport, two photos and all originals.",
            "Appointment booked at the ministry's Ostrava office; the time is in the invitation we sent you by e-mail.",
            "Biometrics appointment at OAMP Ostrava; please arrive 15 minutes early.",
        ],
        "record_decision" => &[
            "The permit was granted for two years.",
            "The employee card was extended.",
            "The application was granted; the card can be collected at OAMP.",
            "The application was refused; appeal options were explained.",
        ],
        "decline" => &[
            "We have no capacity until next month.",
            "This is outside what our organisation does.",
            "We cannot provide an interpreter for this language.",
        ],
        "cancel" => &[
            "The newcomer withdrew the request.",
            "The newcomer moved to another city.",
            "Duplicate of another request.",
            "No answer from the newcomer for two months.",
        ],
        _ => &["See the note in the file."],
    }
}

/// How requests of `category` typically end.
fn outcomes(category: Category) -> &'static [&'static str] {
    match category {
        Category::ResidencePermit | Category::WorkPermit => &[
            "The application was filed; the newcomer follows up with the ministry directly.",
            "Advice given on the documents; the newcomer will apply on their own.",
        ],
        Category::Registration => &[
            "The address change was registered; the new confirmation was handed over.",
            "The residence was registered and the birth number assigned.",
            "Explained the procedure; the newcomer went to the office with our checklist.",
        ],
        Category::Housing => &[
            "The flat contract was signed; the family moves in next week.",
            "The partner helped to recover the deposit.",
            "The landlord agreed to repair the flat by the end of the month.",
            "The housing allowance was granted.",
        ],
        Category::Job => &[
            "The diploma was recognised; the newcomer applied for three positions.",
            "The newcomer signed an employment contract.",
            "The agency paid the outstanding wages after the partner's letter.",
        ],
        Category::HealthInsurance => &[
            "The child was registered with the health insurer.",
            "Registered with a general practitioner in Poruba.",
            "The insurer confirmed the public insurance from the first day of employment.",
        ],
        Category::Education => &[
            "The school confirmed a place from the next term.",
            "A kindergarten place was offered from September.",
            "A volunteer mentor meets the child twice a week.",
        ],
        Category::LanguageCourse => &[
            "The newcomer got a place in the evening Czech course starting in October.",
            "Registered for the A2 exam; the preparation course starts next month.",
        ],
        Category::Business => &[
            "The trade licence was issued.",
            "Registered with the tax office and the social security administration.",
            "The tax return was filed on time.",
        ],
        Category::Family => &[
            "The parental allowance was granted.",
            "The documents for the wedding were complete; the date is booked.",
            "The children's visas were issued.",
        ],
        Category::Other => &[
            "Advice given; the newcomer will handle the rest on their own.",
            "The transport company cancelled the fine.",
            "The embassy issued an emergency travel document.",
        ],
    }
}

/// Notes staff add to the timeline.
pub(super) const NOTES: [&str; 12] = [
    "Called the newcomer; they will bring the documents on Monday.",
    "Partner confirmed by phone.",
    "Interpreter needed for the next meeting.",
    "The newcomer prefers contact by e-mail.",
    "Checked the insurance certificate – valid until the end of the year.",
    "Left a voicemail, will try again tomorrow.",
    "Copies of the documents are in the shared folder.",
    "The employer's HR contact is helping with the paperwork.",
    "Meeting at the centre agreed for Thursday afternoon.",
    "The newcomer asked for an update by e-mail.",
    "Discussed at the team meeting; no action needed yet.",
    "Sent the list of required documents in English.",
];

/// The e-mail local part of a name: lower-case ASCII, words joined by dots.
pub(super) fn ascii_local_part(text: &str) -> String {
    const FOLDS: [(&str, char); 15] = [
        ("áàâäãåąăạảấầẩẫậắằẳẵặ", 'a'),
        ("čćç", 'c'),
        ("ďđ", 'd'),
        ("éèêëěęẹẻẽếềểễệ", 'e'),
        ("ğ", 'g'),
        ("íìîïıịỉĩ", 'i'),
        ("ľĺł", 'l'),
        ("ňńñ", 'n'),
        ("óòôöõőọỏốồổỗộơớờởỡợ", 'o'),
        ("řŕ", 'r'),
        ("šśşș", 's'),
        ("ťţț", 't'),
        ("úùûüůűụủũưứừửữự", 'u'),
        ("ýỳỵỷỹ", 'y'),
        ("žźż", 'z'),
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = if c.is_ascii_alphanumeric() {
            Some(c)
        } else if c == ' ' || c == '-' {
            Some('.')
        } else {
            FOLDS
                .iter()
                .find(|(from, _)| from.contains(c))
                .map(|(_, to)| *to)
        };
        if let Some(folded) = folded
            && !(folded == '.' && (out.is_empty() || out.ends_with('.')))
        {
            out.push(folded);
        }
    }
    out.trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_plain_ascii_local_parts() {
        assert_eq!(ascii_local_part("Nguyễn Thị"), "nguyen.thi");
        assert_eq!(ascii_local_part("Łukasz"), "lukasz");
        assert_eq!(ascii_local_part("María José"), "maria.jose");
        assert_eq!(ascii_local_part("Bat-Erdene"), "bat.erdene");
        assert_eq!(ascii_local_part("Ţurcanu Ștefan"), "turcanu.stefan");
        assert_eq!(ascii_local_part("Öztürk"), "ozturk");
    }

    #[test]
    fn every_category_has_stories_and_titles_fit() {
        for category in Category::ALL {
            assert!(!stories(category).is_empty(), "{category}");
            for (title, _) in stories(category) {
                assert!(title.len() < 150, "{title}");
            }
        }
    }
}
