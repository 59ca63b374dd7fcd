//! Realistic demo data for `expat-desk demo`: a small expat centre on a normal day.

use entity::user;
use sea_orm::{EntityTrait, PaginatorTrait};

use super::newcomers::NewNewcomerInput;
use super::partners::NewPartnerInput;
use super::requests::NewRequestInput;
use super::users::{NewUserInput, principal_of};
use super::{ServiceError, Services};

/// A demo account to print for the person trying the product.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

const PASSWORD: &str = "demo-password";

const LOGINS: [DemoLogin; 4] = [
    DemoLogin {
        role: "admin",
        email: "admin@expat-centre.example",
        password: PASSWORD,
    },
    DemoLogin {
        role: "caseworker",
        email: "jana.novakova@expat-centre.example",
        password: PASSWORD,
    },
    DemoLogin {
        role: "caseworker",
        email: "petr.dvorak@expat-centre.example",
        password: PASSWORD,
    },
    DemoLogin {
        role: "partner",
        email: "intake@bydleni-ostrava.example",
        password: PASSWORD,
    },
];

struct DemoPartner {
    slug: &'static str,
    name: &'static str,
    email: &'static str,
    categories: &'static [&'static str],
    languages: &'static [&'static str],
}

const PARTNERS: [DemoPartner; 5] = [
    DemoPartner {
        slug: "bydleni-ostrava",
        name: "Bydlení Ostrava (housing agency)",
        email: "intake@bydleni-ostrava.example",
        categories: &["housing"],
        languages: &["cs", "en"],
    },
    DemoPartner {
        slug: "mv-oamp-ostrava",
        name: "Ministry of the Interior – OAMP Ostrava",
        email: "oamp.ostrava@mv.example",
        categories: &["residence_permit", "work_permit", "family"],
        languages: &["cs", "en"],
    },
    DemoPartner {
        slug: "up-ostrava",
        name: "Labour Office Ostrava",
        email: "zamestnani@up-ostrava.example",
        categories: &["job", "work_permit"],
        languages: &["cs"],
    },
    DemoPartner {
        slug: "charita-ostrava",
        name: "Charita Ostrava – integration centre",
        email: "integrace@charita-ostrava.example",
        categories: &["language_course", "family", "other", "education"],
        languages: &["cs", "uk", "en"],
    },
    DemoPartner {
        slug: "vzp-ostrava",
        name: "VZP health insurance – Ostrava branch",
        email: "cizinci@vzp-ostrava.example",
        categories: &["health_insurance"],
        languages: &["cs", "en"],
    },
];

struct DemoCase {
    name: &'static str,
    email: &'static str,
    language: &'static str,
    nationality: &'static str,
    category: &'static str,
    title: &'static str,
    description: &'static str,
}

const CASES: [DemoCase; 8] = [
    DemoCase {
        name: "Olena Kovalenko",
        email: "olena.kovalenko@example.org",
        language: "uk",
        nationality: "Ukrainian",
        category: "housing",
        title: "Flat for a family of three near Poruba",
        description: "Arrived with her husband and daughter (7). Temporary accommodation ends on the 31st; needs a two-room flat, budget up to 18,000 CZK.",
    },
    DemoCase {
        name: "Rahul Mehta",
        email: "rahul.mehta@example.org",
        language: "en",
        nationality: "Indian",
        category: "residence_permit",
        title: "Employee card renewal",
        description: "Software engineer at a Vítkovice company; employee card expires in 10 weeks. Needs help with the renewal documents and an appointment.",
    },
    DemoCase {
        name: "María González",
        email: "maria.gonzalez@example.org",
        language: "en",
        nationality: "Spanish",
        category: "registration",
        title: "Registering EU citizen residence",
        description: "EU citizen staying longer than three months; wants to register temporary residence and get a birth number.",
    },
    DemoCase {
        name: "Andriy Shevchenko",
        email: "andriy.s@example.org",
        language: "uk",
        nationality: "Ukrainian",
        category: "job",
        title: "Recognition of engineering diploma",
        description: "Mechanical engineer; wants to work in his field and needs his diploma recognised (nostrification).",
    },
    DemoCase {
        name: "Nguyen Thi Lan",
        email: "lan.nguyen@example.org",
        language: "en",
        nationality: "Vietnamese",
        category: "education",
        title: "School place for a 10-year-old",
        description: "Family moved to Ostrava-Jih; looking for a primary school with Czech support classes.",
    },
    DemoCase {
        name: "Tomasz Kowalski",
        email: "tomasz.kowalski@example.org",
        language: "en",
        nationality: "Polish",
        category: "business",
        title: "Starting a sole trader business",
        description: "Wants to register a trade licence (živnost) for carpentry and understand social and health insurance payments.",
    },
    DemoCase {
        name: "Amina Haddad",
        email: "amina.haddad@example.org",
        language: "en",
        nationality: "Moroccan",
        category: "health_insurance",
        title: "Health insurance for a newborn",
        description: "Baby born in Ostrava last week; needs to register the child with a health insurer.",
    },
    DemoCase {
        name: "Olena Kovalenko",
        email: "olena.kovalenko@example.org",
        language: "uk",
        nationality: "Ukrainian",
        category: "language_course",
        title: "Czech course for adults, evenings",
        description: "Beginner level, evenings only because of work.",
    },
];

impl Services {
    /// Fills an empty database with demo partners, accounts, newcomers and requests.
    /// Does nothing (and returns no log-ins) when any account exists already.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn fill_demo_data(&self) -> Result<Vec<DemoLogin>, ServiceError> {
        if user::Entity::find().count(self.db()).await? > 0 {
            return Ok(Vec::new());
        }
        self.create_user_from_cli(user_input(&LOGINS[0], "Alena Horáková", None))
            .await?;
        let admin = self
            .active_user_by_email(LOGINS[0].email)
            .await?
            .map(|u| principal_of(&u))
            .ok_or_else(|| super::InternalError::Inconsistent("demo admin missing".into()))?;
        for partner in &PARTNERS {
            self.create_partner(&admin, partner_input(partner)).await?;
        }
        self.create_user_from_cli(user_input(&LOGINS[1], "Jana Nováková", None))
            .await?;
        self.create_user_from_cli(user_input(&LOGINS[2], "Petr Dvořák", None))
            .await?;
        self.create_user_from_cli(user_input(&LOGINS[3], "Eva Malá", Some("bydleni-ostrava")))
            .await?;
        let caseworker = self
            .active_user_by_email(LOGINS[1].email)
            .await?
            .map(|u| principal_of(&u))
            .ok_or_else(|| super::InternalError::Inconsistent("demo caseworker missing".into()))?;
        let mut newcomer_ids: Vec<(&str, i64)> = Vec::new();
        for case in &CASES {
            let known = newcomer_ids
                .iter()
                .find(|(email, _)| *email == case.email)
                .map(|(_, id)| *id);
            let newcomer_id = match known {
                Some(id) => id,
                None => {
                    let created = self
                        .create_newcomer(&caseworker, newcomer_input(case))
                        .await?;
                    newcomer_ids.push((case.email, created.id));
                    created.id
                }
            };
            let request = NewRequestInput {
                newcomer_id: Some(newcomer_id),
                category: Some(case.category.into()),
                title: Some(case.title.into()),
                description: Some(case.description.into()),
            };
            self.create_request(&caseworker, request).await?;
        }
        tracing::info!("demo data created");
        Ok(LOGINS.to_vec())
    }
}

fn user_input(login: &DemoLogin, name: &str, partner: Option<&str>) -> NewUserInput {
    NewUserInput {
        email: login.email.into(),
        name: name.into(),
        role: login.role.into(),
        partner: partner.map(str::to_owned),
        password: login.password.into(),
    }
}

fn partner_input(partner: &DemoPartner) -> NewPartnerInput {
    NewPartnerInput {
        slug: Some(partner.slug.into()),
        name: Some(partner.name.into()),
        email: Some(partner.email.into()),
        categories: Some(partner.categories.iter().map(|c| (*c).to_owned()).collect()),
        languages: Some(partner.languages.iter().map(|l| (*l).to_owned()).collect()),
        ..Default::default()
    }
}

fn newcomer_input(case: &DemoCase) -> NewNewcomerInput {
    NewNewcomerInput {
        full_name: Some(case.name.into()),
        email: Some(case.email.into()),
        nationality: Some(case.nationality.into()),
        preferred_language: Some(case.language.into()),
        consent: Some(true),
        sharing_consent: Some(true),
        ..Default::default()
    }
}
