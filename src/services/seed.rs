//! `expat-desk seed`: fills the configured database with realistic data for load and scale
//! work — partners, caseworkers, newcomers, requests in every state of their workflow with
//! consistent timelines, outbox rows and timers.
//!
//! Everything is decided by one random generator seeded from [`SeedOptions::seed`], so the
//! same seed on an empty database gives the same references, titles and states. Histories
//! are played through the workflow engine itself, so states, due dates, partners, e-mails
//! and timers agree with what the application would have written.
//!
//! Speed: rows are built in memory a few thousand requests at a time and written with
//! multi-row `INSERT`s (sized to the backend's bound-parameter limit), one transaction per
//! chunk, through the database's single writer path. Ids of newcomers and requests are
//! reserved at the start of each chunk's transaction (SQLite: after the largest in use,
//! under the write lock; PostgreSQL: from the table's sequence), and reference numbers by
//! advancing `reference_counters` in the same transaction, so a real intake running at the
//! same time never collides with seeded data.

mod texts;
mod walks;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use entity::user::{self, Role as UserRole};
use entity::{newcomer, outbox_message, partner, reference_counter, request, request_event, timer};
use rand::distr::{Alphanumeric, SampleString};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::{Expr, IntoIden, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityName, EntityTrait,
    QueryFilter, Statement, Value,
};

use self::texts::{NameOrder, Nationality};
use self::walks::{Edge, WorkflowPlan};
use super::{InternalError, ServiceError, Services};
use crate::domain::{AccessCode, Reference};
use crate::i18n::Translations;
use crate::mail::render::MailKind;
use crate::workflow::{
    self, Actor, Category, DueChange, Language, PartnerChange, Recipient, RequestSnapshot,
    TransitionInput,
};

/// What [`Services::seed_database`] should create.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// How many requests (1 to [`MAX_REQUESTS`]); newcomers, events, mail and timers follow.
    pub requests: u64,
    /// The random seed: the same seed on an empty database gives the same data.
    pub seed: u64,
    /// Where to write the `reference,access_code` pairs of the first 1000 seeded requests
    /// (CSV with a header line), e.g. for the status-check benchmark.
    pub codes_file: Option<PathBuf>,
}

/// What [`Services::seed_database`] created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Partner organisations the requests are referred to (created or already there).
    pub partners: u64,
    /// Caseworker accounts requests are assigned to (created or already there).
    pub caseworkers: u64,
    /// Newcomers created.
    pub newcomers: u64,
    /// Requests created.
    pub requests: u64,
    /// Timeline entries created.
    pub events: u64,
    /// Outbox messages created (most already `sent`).
    pub outbox: u64,
    /// Pending timers created.
    pub timers: u64,
    /// Wall-clock time of the whole run.
    pub elapsed: Duration,
}

/// The most requests one run may create.
pub const MAX_REQUESTS: u64 = 10_000_000;
/// How many requests' rows are written per transaction.
const REQUESTS_PER_TRANSACTION: usize = 2_500;
/// Rows per `INSERT` statement at most (a power of two)…
const ROWS_PER_STATEMENT: usize = 1_024;
/// …and bound parameters per statement at most (SQLite allows 32 766, PostgreSQL 65 535).
const PARAMETERS_PER_STATEMENT: usize = 30_000;
/// How many (reference, code) pairs go to the codes file.
const CODES_IN_FILE: usize = 1_000;
/// On average a newcomer has about 1.3 requests.
const NEW_NEWCOMER_PROBABILITY: f64 = 1.0 / 1.3;
/// Returning newcomers are picked among the most recent ones.
const RECENT_NEWCOMERS: usize = 4_096;
/// Mail queued less than this long ago is still `pending`; older mail was `sent`.
const PENDING_MAIL_AGE: TimeDelta = TimeDelta::minutes(30);
/// Category weights, in [`Category::ALL`] order.
const CATEGORY_WEIGHTS: [u32; 11] = [14, 8, 10, 14, 12, 8, 7, 9, 5, 7, 6];

const DAY: i64 = 86_400;

impl Services {
    /// Fills the database with `options.requests` realistic requests and everything around
    /// them: about 20 partner organisations (`partner-01`…), 10 caseworkers (sharing one
    /// unknown random password), about one newcomer per 1.3 requests, timelines of about
    /// eight entries, outbox messages (mostly `sent`) and pending timers. Requests are
    /// spread over the last two years, across all categories and every state of their
    /// workflow, most of them still open. References continue after any existing ones.
    /// Partners and caseworkers that exist already (same slug, same e-mail) are reused, so
    /// seeding twice adds requests.
    ///
    /// `progress` is called after each committed chunk with (requests done, requests total).
    ///
    /// # Errors
    /// `Invalid` for a request count outside 1 to [`MAX_REQUESTS`] or a codes file that
    /// cannot be written (checked before anything is seeded); an internal error when the
    /// database fails (chunks committed before stay).
    pub async fn seed_database(
        &self,
        options: SeedOptions,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<SeedReport, ServiceError> {
        if !(1..=MAX_REQUESTS).contains(&options.requests) {
            return Err(crate::domain::FieldError::new(
                "requests",
                format!("seed between 1 and {MAX_REQUESTS} requests"),
            )
            .into());
        }
        let started = Instant::now();
        // Fail before seeding anything when the codes file cannot be written.
        let codes_file = match &options.codes_file {
            Some(path) => Some((
                path,
                std::fs::File::create(path).map_err(|e| file_error(path, &e))?,
            )),
            None => None,
        };
        // Whole seconds, like every generated instant.
        let now = DateTime::<Utc>::from_timestamp(self.now().timestamp(), 0).unwrap_or(self.now());
        let mut rng = StdRng::seed_from_u64(options.seed);
        let plans = Plans::new(self.workflows());
        let partners = self.seed_partners(now).await?;
        let staff = self.seed_caseworkers(now).await?;
        let world = World::new(self, &plans, partners, staff, now);
        let total = options.requests;
        let planned = plan_requests(&mut rng, &plans, total, now);
        let mut generator = Generator {
            rng,
            recent: Vec::new(),
            newcomer_ordinal: 0,
        };
        let mut report = SeedReport {
            partners: world.partners.len() as u64,
            caseworkers: world.staff.len() as u64,
            ..SeedReport::default()
        };
        let mut codes = Vec::new();
        let mut done = 0;
        for slice in planned.chunks(REQUESTS_PER_TRANSACTION) {
            let mut chunk = Chunk::default();
            for request in slice {
                generator.request(&world, request, &mut chunk)?;
            }
            let written = self.write_chunk(&world, chunk, &mut codes).await?;
            generator.settle(&written.newcomer_ids);
            report.newcomers += written.newcomers;
            report.requests += written.requests;
            report.events += written.events;
            report.outbox += written.outbox;
            report.timers += written.timers;
            done += slice.len() as u64;
            progress(done, total);
        }
        if let Some((path, file)) = codes_file {
            write_codes(path, file, &codes)?;
        }
        if self.db().get_database_backend() == DbBackend::Postgres {
            // Fresh statistics, so the planner sees the new table sizes at once.
            self.db()
                .execute_unprepared(
                    "ANALYZE newcomers, requests, request_events, outbox, timers, reference_counters",
                )
                .await?;
        }
        report.elapsed = started.elapsed();
        tracing::info!(
            requests = report.requests,
            newcomers = report.newcomers,
            events = report.events,
            outbox = report.outbox,
            timers = report.timers,
            elapsed_ms = report.elapsed.as_millis() as u64,
            "database seeded"
        );
        Ok(report)
    }

    /// Creates the seed's partner organisations unless their slugs exist, and reads them back.
    async fn seed_partners(&self, now: DateTime<Utc>) -> Result<Vec<SeededPartner>, ServiceError> {
        let created_at = now - TimeDelta::days(800);
        let slugs: Vec<String> = (1..=texts::PARTNERS.len())
            .map(|n| format!("partner-{n:02}"))
            .collect();
        let rows = texts::PARTNERS
            .iter()
            .zip(&slugs)
            .map(|(p, slug)| partner::ActiveModel {
                slug: Set(slug.clone()),
                name: Set(p.name.to_owned()),
                email: Set(p.email.to_owned()),
                phone: Set(Some(p.phone.to_owned())),
                website: Set(Some(p.website.to_owned())),
                description: Set(Some(p.description.to_owned())),
                categories: Set(serde_json::json!(p.categories)),
                languages: Set(serde_json::json!(p.languages)),
                active: Set(true),
                created_at: Set(created_at),
                updated_at: Set(created_at),
                ..Default::default()
            });
        partner::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([partner::Column::Slug])
            .exec(self.db())
            .await?;
        let stored = partner::Entity::find()
            .filter(partner::Column::Slug.is_in(slugs.iter().map(String::as_str)))
            .all(self.db())
            .await?;
        let mut seeded = Vec::new();
        for (text, slug) in texts::PARTNERS.iter().zip(&slugs) {
            if let Some(row) = stored.iter().find(|row| &row.slug == slug) {
                seeded.push(SeededPartner {
                    id: row.id,
                    slug: row.slug.clone(),
                    name: row.name.clone(),
                    email: row.email.clone(),
                    language: text
                        .languages
                        .first()
                        .and_then(|l| Language::parse(l))
                        .unwrap_or(Language::En),
                    categories: text.categories,
                });
            }
        }
        if seeded.is_empty() {
            return Err(
                InternalError::Inconsistent("no seed partners in the database".into()).into(),
            );
        }
        Ok(seeded)
    }

    /// Creates the seed's caseworkers unless their e-mails exist, and reads them back. They
    /// share one password hash (argon2 is deliberately slow) of a random password nobody
    /// knows.
    async fn seed_caseworkers(&self, now: DateTime<Utc>) -> Result<Vec<Staff>, ServiceError> {
        let password = Alphanumeric.sample_string(&mut rand::rng(), 32);
        let hash = super::passwords::hash(password).await?;
        let created_at = now - TimeDelta::days(790);
        let rows = texts::CASEWORKERS
            .iter()
            .map(|(name, email, language)| user::ActiveModel {
                email: Set((*email).to_owned()),
                name: Set((*name).to_owned()),
                role: Set(UserRole::Caseworker),
                partner_id: Set(None),
                password_hash: Set(hash.clone()),
                language: Set((*language).to_owned()),
                active: Set(true),
                created_at: Set(created_at),
                updated_at: Set(created_at),
                ..Default::default()
            });
        user::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([user::Column::Email])
            .exec(self.db())
            .await?;
        let stored = user::Entity::find()
            .filter(user::Column::Email.is_in(texts::CASEWORKERS.iter().map(|c| c.1)))
            .filter(user::Column::Role.eq(UserRole::Caseworker))
            .all(self.db())
            .await?;
        let staff: Vec<Staff> = texts::CASEWORKERS
            .iter()
            .filter_map(|(_, email, _)| stored.iter().find(|u| u.email == *email))
            .map(|u| Staff {
                id: u.id,
                name: u.name.clone(),
                email: u.email.clone(),
                language: Language::parse(&u.language).unwrap_or(Language::En),
            })
            .collect();
        if staff.is_empty() {
            return Err(InternalError::Inconsistent(
                "the seed caseworkers' e-mails belong to other kinds of account".into(),
            )
            .into());
        }
        Ok(staff)
    }

    /// Writes one chunk in one transaction: reserves ids and reference numbers, then inserts
    /// newcomers, requests, events, outbox messages and timers with multi-row statements.
    async fn write_chunk(
        &self,
        world: &World<'_>,
        chunk: Chunk<'_>,
        codes: &mut Vec<(String, String)>,
    ) -> Result<Written, ServiceError> {
        let (_write_permit, txn) = self.begin_write().await?;
        if txn.get_database_backend() == DbBackend::Sqlite {
            // A batch job: a larger page cache (128 MiB, this connection only) keeps the
            // growing indexes' inner pages at hand; about 15% faster at 300k requests.
            txn.execute_unprepared("PRAGMA cache_size = -131072")
                .await?;
        }
        let newcomer_ids =
            reserve_ids(&txn, newcomer::Entity.table_name(), chunk.newcomers.len()).await?;
        let request_ids =
            reserve_ids(&txn, request::Entity.table_name(), chunk.requests.len()).await?;
        let references = reserve_references(&txn, &world.prefix, &chunk.requests).await?;
        let newcomer_id = |at: NewcomerRef| match at {
            NewcomerRef::Chunk(index) => newcomer_ids.get(index).copied().unwrap_or_default(),
            NewcomerRef::Stored(id) => id,
        };

        let rows = chunk.newcomers.iter().zip(&newcomer_ids).map(|(n, id)| {
            vec![
                Value::from(*id),
                n.full_name.clone().into(),
                n.email.clone().into(),
                n.email.to_lowercase().into(),
                n.phone.clone().into(),
                Some(n.nationality.to_owned()).into(),
                n.language.code().into(),
                n.arrival_date.into(),
                n.created_at.into(),
                super::newcomers::CONSENT_TEXT_VERSION.into(),
                Option::<DateTime<Utc>>::None.into(),
                Some(n.created_by).into(),
                n.created_at.into(),
                n.created_at.into(),
            ]
        });
        use newcomer::Column as N;
        let newcomer_columns = [
            N::Id,
            N::FullName,
            N::Email,
            N::EmailLookup,
            N::Phone,
            N::Nationality,
            N::PreferredLanguage,
            N::ArrivalDate,
            N::ConsentGivenAt,
            N::ConsentVersion,
            N::AnonymisedAt,
            N::CreatedBy,
            N::CreatedAt,
            N::UpdatedAt,
        ];
        insert_rows(&txn, newcomer::Entity, &newcomer_columns, rows).await?;

        let rows = chunk.requests.iter().enumerate().map(|(i, r)| {
            vec![
                Value::from(request_ids.get(i).copied().unwrap_or_default()),
                references.get(i).cloned().unwrap_or_default().into(),
                newcomer_id(r.newcomer).into(),
                r.category.code().into(),
                r.title.clone().into(),
                r.description.clone().into(),
                r.workflow_key.into(),
                r.workflow_version.into(),
                r.state.into(),
                r.version.into(),
                r.assignee_id.into(),
                r.partner_id.into(),
                r.due_at.into(),
                r.state_entered_at.into(),
                r.resolution.clone().into(),
                world.keys_hash(&r.code).into(),
                r.created_at.into(),
                r.updated_at.into(),
            ]
        });
        use request::Column as R;
        let request_columns = [
            R::Id,
            R::Reference,
            R::NewcomerId,
            R::Category,
            R::Title,
            R::Description,
            R::WorkflowKey,
            R::WorkflowVersion,
            R::State,
            R::Version,
            R::AssigneeId,
            R::PartnerId,
            R::DueAt,
            R::StateEnteredAt,
            R::Resolution,
            R::AccessCodeHash,
            R::CreatedAt,
            R::UpdatedAt,
        ];
        insert_rows(&txn, request::Entity, &request_columns, rows).await?;

        let request_id = |index: usize| request_ids.get(index).copied().unwrap_or_default();
        let rows = chunk.events.iter().map(|e| {
            vec![
                Value::from(request_id(e.request)),
                e.kind.into(),
                e.transition.map(str::to_owned).into(),
                e.from_state.map(str::to_owned).into(),
                e.to_state.map(str::to_owned).into(),
                e.body.clone().into(),
                e.visibility.into(),
                e.actor_user_id.into(),
                e.actor_label.to_owned().into(),
                e.created_at.into(),
            ]
        });
        use request_event::Column as E;
        let event_columns = [
            E::RequestId,
            E::Kind,
            E::Transition,
            E::FromState,
            E::ToState,
            E::Body,
            E::Visibility,
            E::ActorUserId,
            E::ActorLabel,
            E::CreatedAt,
        ];
        insert_rows(&txn, request_event::Entity, &event_columns, rows).await?;

        let rows = chunk.outbox.iter().map(|m| {
            let reference = references
                .get(m.request)
                .map(String::as_str)
                .unwrap_or_default();
            let request = chunk.requests.get(m.request);
            let mail = world.mail(
                m,
                reference,
                request.map(|r| (r.title.as_str(), r.category)),
            );
            let thread_id = format!("{reference}@{}", world.mail_domain);
            let message_id = if m.secret {
                thread_id.clone()
            } else {
                format!("{reference}.{}@{}", m.suffix, world.mail_domain)
            };
            let sent_at = (!m.pending).then(|| m.created_at + TimeDelta::seconds(m.delivery_secs));
            vec![
                Value::from(request_id(m.request)),
                m.template.clone().into(),
                m.recipient.code().into(),
                m.email.clone().into(),
                m.language.code().into(),
                mail.subject.into(),
                mail.text.into(),
                mail.html.into(),
                message_id.into(),
                thread_id.into(),
                m.secret.into(),
                if m.pending { "pending" } else { "sent" }.into(),
                i32::from(!m.pending).into(),
                m.created_at.into(),
                Option::<DateTime<Utc>>::None.into(),
                Option::<String>::None.into(),
                m.created_at.into(),
                sent_at.into(),
            ]
        });
        use outbox_message::Column as O;
        let outbox_columns = [
            O::RequestId,
            O::Template,
            O::RecipientKind,
            O::RecipientEmail,
            O::Language,
            O::Subject,
            O::BodyText,
            O::BodyHtml,
            O::MessageId,
            O::ThreadId,
            O::ContainsSecret,
            O::Status,
            O::Attempts,
            O::NextAttemptAt,
            O::LockedUntil,
            O::LastError,
            O::CreatedAt,
            O::SentAt,
        ];
        insert_rows(&txn, outbox_message::Entity, &outbox_columns, rows).await?;

        let rows = chunk.timers.iter().map(|t| {
            vec![
                Value::from(request_id(t.request)),
                t.name.to_owned().into(),
                t.fire_number.into(),
                t.due_at.into(),
                "pending".into(),
                Option::<DateTime<Utc>>::None.into(),
                t.created_at.into(),
            ]
        });
        use timer::Column as T;
        let timer_columns = [
            T::RequestId,
            T::Name,
            T::FireNumber,
            T::DueAt,
            T::Status,
            T::FiredAt,
            T::CreatedAt,
        ];
        insert_rows(&txn, timer::Entity, &timer_columns, rows).await?;
        txn.commit().await?;

        for (reference, request) in references.iter().zip(&chunk.requests) {
            if codes.len() >= CODES_IN_FILE {
                break;
            }
            if let Some(code) = AccessCode::parse(&request.code) {
                codes.push((reference.clone(), code.display()));
            }
        }
        Ok(Written {
            newcomers: chunk.newcomers.len() as u64,
            requests: chunk.requests.len() as u64,
            events: chunk.events.len() as u64,
            outbox: chunk.outbox.len() as u64,
            timers: chunk.timers.len() as u64,
            newcomer_ids,
        })
    }
}

/// A partner organisation requests may be referred to.
struct SeededPartner {
    id: i64,
    slug: String,
    name: String,
    email: String,
    language: Language,
    categories: &'static [&'static str],
}

/// A caseworker requests are assigned to.
struct Staff {
    id: i64,
    name: String,
    email: String,
    language: Language,
}

/// The workflow plans, one per workflow version serving a category.
struct Plans<'w> {
    plans: Vec<WorkflowPlan<'w>>,
    /// Index into `plans`, in [`Category::ALL`] order.
    by_category: Vec<usize>,
}

impl<'w> Plans<'w> {
    fn new(set: &'w workflow::WorkflowSet) -> Self {
        let mut plans: Vec<WorkflowPlan<'w>> = Vec::new();
        let mut by_category = Vec::new();
        for category in Category::ALL {
            let workflow = set.for_category(category);
            let index = match plans.iter().position(|p| {
                p.workflow.key() == workflow.key() && p.workflow.version() == workflow.version()
            }) {
                Some(index) => index,
                None => {
                    plans.push(WorkflowPlan::new(workflow));
                    plans.len() - 1
                }
            };
            by_category.push(index);
        }
        Self { plans, by_category }
    }

    fn for_category(&self, category: usize) -> &WorkflowPlan<'w> {
        &self.plans[self.by_category[category]]
    }
}

/// A request's category, final state and intake time, decided before anything else so
/// that requests can be generated (and numbered) in the order they were taken in.
#[derive(Clone, Copy)]
struct Planned {
    created_at: i64,
    category: u8,
    state: u8,
}

fn plan_requests(
    rng: &mut StdRng,
    plans: &Plans<'_>,
    count: u64,
    now: DateTime<Utc>,
) -> Vec<Planned> {
    let total_weight: u32 = CATEGORY_WEIGHTS.iter().sum();
    let now = now.timestamp();
    let mut planned: Vec<Planned> = (0..count)
        .map(|_| {
            let mut roll = rng.random_range(0..total_weight);
            let category = CATEGORY_WEIGHTS
                .iter()
                .position(|&w| {
                    let hit = roll < w;
                    roll = roll.saturating_sub(w);
                    hit
                })
                .unwrap_or_default();
            let plan = plans.for_category(category);
            let state = plan.pick_state(rng);
            // Untouched requests are days old; requests sitting in a state with timers
            // (referred, waiting for the newcomer, resolved) weeks; the rest up to two years.
            let age = if state == plan.initial_state() {
                rng.random_range(0..5 * DAY)
            } else if plan.timer_window(state).is_some() {
                rng.random_range(DAY..120 * DAY)
            } else if plan.is_terminal(state) || rng.random_bool(0.4) {
                rng.random_range(3_600..730 * DAY)
            } else {
                // Work in progress is mostly recent.
                rng.random_range(3_600..90 * DAY)
            };
            Planned {
                created_at: now - age,
                category: u8::try_from(category).unwrap_or_default(),
                state: u8::try_from(state).unwrap_or_default(),
            }
        })
        .collect();
    // Stable: equal instants keep their generation order, so the result is deterministic.
    planned.sort_by_key(|p| p.created_at);
    planned
}

/// Read-only context of a run.
struct World<'a> {
    services: &'a Services,
    plans: &'a Plans<'a>,
    partners: Vec<SeededPartner>,
    /// Per category (in [`Category::ALL`] order), the partners serving it.
    partners_by_category: Vec<Vec<usize>>,
    staff: Vec<Staff>,
    now: DateTime<Utc>,
    prefix: String,
    base_url: String,
    mail_domain: String,
    mail_texts: HashMap<Language, HashMap<String, MailText>>,
    category_labels: HashMap<(usize, Language), String>,
    greetings: HashMap<Language, String>,
    code_labels: HashMap<Language, String>,
}

/// A mail kind's words in one language, with placeholders for the request's details.
struct MailText {
    subject: String,
    intro: String,
}

const TITLE_MARK: char = '\u{E000}';
const REFERENCE_MARK: char = '\u{E001}';
const CATEGORY_MARK: char = '\u{E002}';
const NAME_MARK: char = '\u{E003}';

impl<'a> World<'a> {
    fn new(
        services: &'a Services,
        plans: &'a Plans<'a>,
        partners: Vec<SeededPartner>,
        staff: Vec<Staff>,
        now: DateTime<Utc>,
    ) -> Self {
        let translations: &Translations = services.translations();
        let partners_by_category = Category::ALL
            .iter()
            .map(|category| {
                let serving: Vec<usize> = partners
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.categories.contains(&category.code()))
                    .map(|(i, _)| i)
                    .collect();
                if serving.is_empty() {
                    (0..partners.len()).collect()
                } else {
                    serving
                }
            })
            .collect();
        let mut templates: Vec<String> = vec![MailKind::RequestReceived.name().to_owned()];
        for plan in &plans.plans {
            templates.extend(
                plan.workflow
                    .mail_templates()
                    .into_iter()
                    .map(str::to_owned),
            );
        }
        let mut mail_texts = HashMap::new();
        let mut greetings = HashMap::new();
        let mut code_labels = HashMap::new();
        let mut category_labels = HashMap::new();
        for language in Language::ALL {
            let centre = translations.text(language, "centre-name", &[]);
            let args = [
                ("title", TITLE_MARK.to_string()),
                ("reference", REFERENCE_MARK.to_string()),
                ("category", CATEGORY_MARK.to_string()),
                ("name", NAME_MARK.to_string()),
                ("centre", centre),
            ];
            let in_language: &mut HashMap<String, MailText> =
                mail_texts.entry(language).or_default();
            for template in &templates {
                in_language.insert(
                    template.clone(),
                    MailText {
                        subject: translations.text(
                            language,
                            &format!("mail-{template}-subject"),
                            &args,
                        ),
                        intro: translations.text(
                            language,
                            &format!("mail-{template}-intro"),
                            &args,
                        ),
                    },
                );
            }
            greetings.insert(
                language,
                translations.text(language, "mail-greeting-named", &args),
            );
            code_labels.insert(
                language,
                translations.text(language, "mail-access-code-label", &[]),
            );
            for (index, category) in Category::ALL.iter().enumerate() {
                category_labels.insert(
                    (index, language),
                    translations.text(language, &format!("category-{}", category.code()), &[]),
                );
            }
        }
        Self {
            services,
            plans,
            partners,
            partners_by_category,
            staff,
            now,
            prefix: services.config().reference_prefix.clone(),
            base_url: services
                .config()
                .base_url
                .as_str()
                .trim_end_matches('/')
                .to_owned(),
            mail_domain: services.mail_domain(),
            mail_texts,
            category_labels,
            greetings,
            code_labels,
        }
    }

    fn keys_hash(&self, canonical_code: &str) -> String {
        self.services.keys().access_code_hash(canonical_code)
    }

    /// A short rendering of a seeded mail: the real subject, greeting and first paragraph.
    fn mail(
        &self,
        m: &OutboxDraft,
        reference: &str,
        request: Option<(&str, Category)>,
    ) -> RenderedMail {
        let (title, category) = request.unwrap_or(("", Category::Other));
        let category_label = self
            .category_labels
            .get(&(category.index(), m.language))
            .map(String::as_str)
            .unwrap_or(category.code());
        let fill = |text: &str| -> String {
            let mut out = String::with_capacity(text.len() + 64);
            for c in text.chars() {
                match c {
                    TITLE_MARK => out.push_str(title),
                    REFERENCE_MARK => out.push_str(reference),
                    CATEGORY_MARK => out.push_str(category_label),
                    NAME_MARK => out.push_str(&m.name),
                    other => out.push(other),
                }
            }
            out
        };
        let (subject, intro) = match self
            .mail_texts
            .get(&m.language)
            .and_then(|texts| texts.get(m.template.as_str()))
        {
            Some(words) => (fill(&words.subject), fill(&words.intro)),
            None => (m.template.replace('_', " "), String::new()),
        };
        let subject = format!("[{reference}] {subject}");
        if m.secret && !m.pending {
            return RenderedMail {
                subject,
                text: super::outbox::SCRUBBED.to_owned(),
                html: super::outbox::SCRUBBED.to_owned(),
            };
        }
        let greeting = self
            .greetings
            .get(&m.language)
            .map(|g| fill(g))
            .unwrap_or_default();
        let link = match m.recipient {
            Recipient::Newcomer => format!("{}/status?reference={reference}", self.base_url),
            Recipient::Partner | Recipient::Assignee => {
                format!("{}/requests/{reference}", self.base_url)
            }
        };
        let mut text = format!("{greeting}\n\n{intro}\n");
        let mut html = format!(
            "<p>{}</p><p>{}</p>",
            escape_html(&greeting),
            escape_html(&intro)
        );
        if let Some(comment) = &m.comment {
            text.push_str(&format!("\n{comment}\n"));
            html.push_str(&format!(
                "<blockquote>{}</blockquote>",
                escape_html(comment)
            ));
        }
        if let Some(code) = &m.code {
            let label = self
                .code_labels
                .get(&m.language)
                .map(String::as_str)
                .unwrap_or("Access code");
            text.push_str(&format!("\n{label}: {code}\n"));
            html.push_str(&format!(
                "<p>{}: <strong>{code}</strong></p>",
                escape_html(label)
            ));
        }
        text.push_str(&format!("\n{link}\n"));
        html.push_str(&format!("<p><a href=\"{link}\">{link}</a></p>"));
        RenderedMail {
            subject,
            text,
            html,
        }
    }
}

struct RenderedMail {
    subject: String,
    text: String,
    html: String,
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// Where a request's newcomer is: new in this chunk, or stored by an earlier one.
#[derive(Debug, Clone, Copy)]
enum NewcomerRef {
    Chunk(usize),
    Stored(i64),
}

/// A newcomer who may come back with another request.
#[derive(Clone)]
struct Contact {
    at: NewcomerRef,
    name: String,
    email: String,
    language: Language,
    /// Someone on the centre's staff recorded them.
    created_at: DateTime<Utc>,
}

struct NewcomerDraft {
    full_name: String,
    email: String,
    phone: Option<String>,
    nationality: &'static str,
    language: Language,
    arrival_date: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    created_by: i64,
}

struct RequestDraft<'w> {
    newcomer: NewcomerRef,
    category: Category,
    title: String,
    description: String,
    workflow_key: &'w str,
    workflow_version: i32,
    state: &'w str,
    version: i32,
    assignee_id: Option<i64>,
    partner_id: Option<i64>,
    due_at: Option<DateTime<Utc>>,
    state_entered_at: DateTime<Utc>,
    resolution: Option<String>,
    /// The access code, canonical form.
    code: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    /// Year of intake in Prague, for the reference.
    year: i32,
}

struct EventDraft<'w> {
    /// Index of the request in its chunk.
    request: usize,
    kind: &'static str,
    transition: Option<&'w str>,
    from_state: Option<&'w str>,
    to_state: Option<&'w str>,
    body: Option<String>,
    visibility: &'static str,
    actor_user_id: Option<i64>,
    actor_label: &'w str,
    created_at: DateTime<Utc>,
}

struct OutboxDraft {
    request: usize,
    template: String,
    recipient: Recipient,
    email: String,
    name: String,
    language: Language,
    comment: Option<String>,
    /// The access code as shown, for an intake mail not yet delivered.
    code: Option<String>,
    secret: bool,
    pending: bool,
    /// Random part of the Message-ID.
    suffix: String,
    delivery_secs: i64,
    created_at: DateTime<Utc>,
}

struct TimerDraft<'w> {
    request: usize,
    name: &'w str,
    fire_number: i32,
    due_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

/// The rows of one transaction's worth of requests, before ids and references exist.
#[derive(Default)]
struct Chunk<'w> {
    newcomers: Vec<NewcomerDraft>,
    requests: Vec<RequestDraft<'w>>,
    events: Vec<EventDraft<'w>>,
    outbox: Vec<OutboxDraft>,
    timers: Vec<TimerDraft<'w>>,
}

/// What one chunk wrote.
struct Written {
    newcomers: u64,
    requests: u64,
    events: u64,
    outbox: u64,
    timers: u64,
    newcomer_ids: Vec<i64>,
}

/// The mutable side of a run: the random generator and the newcomers seen lately.
struct Generator {
    rng: StdRng,
    recent: Vec<Contact>,
    newcomer_ordinal: u64,
}

const SYSTEM: &str = "System";

impl Generator {
    /// Once a chunk is stored, its newcomers are known by id.
    fn settle(&mut self, newcomer_ids: &[i64]) {
        for contact in &mut self.recent {
            if let NewcomerRef::Chunk(index) = contact.at {
                contact.at =
                    NewcomerRef::Stored(newcomer_ids.get(index).copied().unwrap_or_default());
            }
        }
    }

    /// Generates one request with its history into `chunk`.
    fn request<'w>(
        &mut self,
        world: &'w World<'_>,
        planned: &Planned,
        chunk: &mut Chunk<'w>,
    ) -> Result<(), ServiceError> {
        let category_index = usize::from(planned.category);
        let category = Category::ALL[category_index];
        let plan = world.plans.for_category(category_index);
        let workflow = plan.workflow;
        let target = usize::from(planned.state);
        let created_at =
            DateTime::<Utc>::from_timestamp(planned.created_at, 0).unwrap_or(world.now);
        let intake = self.pick(&world.staff)?;
        let assignee = if target == plan.initial_state() && self.rng.random_bool(0.3) {
            None
        } else if self.rng.random_bool(0.8) {
            Some(intake)
        } else {
            Some(self.pick(&world.staff)?)
        };
        let contact = self.newcomer(created_at, intake.id, chunk);
        let (title, description) = self.story(category);
        let code: String = (0..AccessCode::LEN)
            .filter_map(|_| {
                AccessCode::ALPHABET
                    .choose(&mut self.rng)
                    .map(|&b| char::from(b))
            })
            .collect();
        let path = plan.walk(target, &mut self.rng);
        let times = self.step_times(world, plan, target, created_at, &path);
        let request = chunk.requests.len();

        chunk.events.push(EventDraft {
            request,
            kind: "created",
            transition: None,
            from_state: None,
            to_state: Some(workflow.initial()),
            body: None,
            visibility: "public",
            actor_user_id: Some(intake.id),
            actor_label: &intake.name,
            created_at,
        });
        let intake_code = AccessCode::parse(&code).map(|c| c.display());
        self.queue_mail(
            world,
            chunk,
            MailTo {
                request,
                template: MailKind::RequestReceived.name().to_owned(),
                recipient: Recipient::Newcomer,
                comment: None,
                code: intake_code,
                at: created_at,
            },
            &contact,
            None,
            assignee,
        );

        let mut state: &'w str = workflow.initial();
        let mut partner: Option<usize> = None;
        let mut due_at = None;
        let mut state_entered_at = created_at;
        let mut resolution: Option<String> = None;
        let mut pending_timers: Vec<workflow::ScheduledTimer> = Vec::new();
        let mut timer_created: Vec<DateTime<Utc>> = Vec::new();
        let mut last_change = created_at;
        let mut ever_referred = false;
        for (edge, (at, by_system)) in path.iter().zip(&times) {
            let transition = &workflow.transitions()[edge.transition];
            let needs = transition.needs();
            let comment = needs
                .contains(&"comment")
                .then(|| {
                    self.pick(texts::comments(&transition.name, category))
                        .map(|c| (*c).to_owned())
                })
                .transpose()?;
            let offered = needs
                .contains(&"partner")
                .then(|| {
                    self.pick(&world.partners_by_category[category_index])
                        .copied()
                })
                .transpose()?;
            let input = TransitionInput {
                comment: comment.clone(),
                partner: offered
                    .and_then(|i| world.partners.get(i))
                    .map(|p| p.slug.clone()),
            };
            let snapshot = RequestSnapshot {
                state,
                has_partner: partner.is_some(),
                due_at,
                state_entered_at,
            };
            let actor = if *by_system {
                Actor::system()
            } else {
                Actor::caseworker()
            };
            let outcome =
                workflow::apply(workflow, &snapshot, &transition.name, &actor, &input, *at)
                    .map_err(|error| {
                        InternalError::Inconsistent(format!(
                            "seeding {} of workflow {}: {error}",
                            transition.name,
                            workflow.key()
                        ))
                    })?;
            let (actor_user_id, actor_label): (Option<i64>, &'w str) = match (by_system, assignee) {
                (true, _) => (None, SYSTEM),
                (false, Some(staff)) => (Some(staff.id), staff.name.as_str()),
                (false, None) => (Some(intake.id), intake.name.as_str()),
            };
            let next_state = workflow
                .state(&outcome.to)
                .map(|s| s.name.as_str())
                .unwrap_or(state);
            let visibility = outcome.event.visibility.code();
            let comment_goes_with_change = outcome.event.comment_public || visibility != "public";
            chunk.events.push(EventDraft {
                request,
                kind: "state_changed",
                transition: Some(transition.name.as_str()),
                from_state: Some(state),
                to_state: Some(next_state),
                body: if comment_goes_with_change {
                    comment.clone()
                } else {
                    None
                },
                visibility,
                actor_user_id,
                actor_label,
                created_at: *at,
            });
            if let (Some(text), false) = (&comment, comment_goes_with_change) {
                chunk.events.push(EventDraft {
                    request,
                    kind: "comment",
                    transition: Some(transition.name.as_str()),
                    from_state: None,
                    to_state: None,
                    body: Some(text.clone()),
                    visibility: "internal",
                    actor_user_id,
                    actor_label,
                    created_at: *at,
                });
            }
            let old_partner = partner;
            ever_referred |= offered.is_some();
            partner = match outcome.partner {
                PartnerChange::Keep => partner,
                PartnerChange::Set(_) => offered.or(partner),
                PartnerChange::Clear => None,
            };
            for mail in &outcome.mails {
                self.queue_mail(
                    world,
                    chunk,
                    MailTo {
                        request,
                        template: mail.template.clone(),
                        recipient: mail.to,
                        comment: outcome.event.comment.clone(),
                        code: None,
                        at: *at,
                    },
                    &contact,
                    partner.or(old_partner).and_then(|i| world.partners.get(i)),
                    assignee,
                );
            }
            due_at = match outcome.due_at {
                DueChange::Keep => due_at,
                DueChange::Set(at) => Some(at),
                DueChange::Clear => None,
            };
            if outcome.state_changed() {
                state_entered_at = *at;
            }
            if outcome.resolution.is_some() {
                resolution = outcome.resolution.clone();
            }
            if outcome.timers.cancel_pending {
                pending_timers.clear();
                timer_created.clear();
            }
            for scheduled in &outcome.timers.schedule {
                pending_timers.push(scheduled.clone());
                timer_created.push(*at);
            }
            state = next_state;
            last_change = *at;
        }

        let mut updated_at = last_change;
        let notes = [1, 2, 2, 2, 3, 3, 4, 4]
            .choose(&mut self.rng)
            .copied()
            .unwrap_or(1);
        let notes_until = if workflow
            .state(state)
            .is_some_and(|s| s.kind == workflow::StateKind::Terminal)
        {
            last_change
        } else {
            (last_change + TimeDelta::days(7)).min(world.now)
        };
        for _ in 0..notes {
            let at = random_between(&mut self.rng, created_at, notes_until);
            let author = assignee.unwrap_or(intake);
            let body = self.pick(&texts::NOTES)?;
            chunk.events.push(EventDraft {
                request,
                kind: "note",
                transition: None,
                from_state: None,
                to_state: None,
                body: Some((*body).to_owned()),
                visibility: if ever_referred && self.rng.random_bool(0.4) {
                    "partner"
                } else {
                    "internal"
                },
                actor_user_id: Some(author.id),
                actor_label: &author.name,
                created_at: at,
            });
            updated_at = updated_at.max(at);
        }
        for (scheduled, created) in pending_timers.iter().zip(&timer_created) {
            // Never leave timers already due: they would all fire when the server starts.
            if scheduled.due_at <= world.now {
                continue;
            }
            let name = workflow
                .timer(&scheduled.name)
                .map(|t| t.name.as_str())
                .unwrap_or_default();
            chunk.timers.push(TimerDraft {
                request,
                name,
                fire_number: i32::try_from(scheduled.fire_number).unwrap_or(1),
                due_at: scheduled.due_at,
                created_at: *created,
            });
        }
        chunk.requests.push(RequestDraft {
            newcomer: contact.at,
            category,
            title,
            description,
            workflow_key: workflow.key(),
            workflow_version: i32::try_from(workflow.version()).unwrap_or(i32::MAX),
            state,
            version: 1 + i32::try_from(path.len()).unwrap_or_default(),
            assignee_id: assignee.map(|s| s.id),
            partner_id: partner.and_then(|i| world.partners.get(i)).map(|p| p.id),
            due_at,
            state_entered_at,
            resolution,
            code,
            created_at,
            updated_at,
            year: created_at.with_timezone(&chrono_tz::Europe::Prague).year(),
        });
        Ok(())
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> Result<&'t T, ServiceError> {
        items
            .choose(&mut self.rng)
            .ok_or_else(|| InternalError::Inconsistent("seeding from an empty list".into()).into())
    }

    /// A returning newcomer (about one request in four) or a new one recorded at intake.
    fn newcomer(
        &mut self,
        request_at: DateTime<Utc>,
        recorded_by: i64,
        chunk: &mut Chunk<'_>,
    ) -> Contact {
        if !self.recent.is_empty() && !self.rng.random_bool(NEW_NEWCOMER_PROBABILITY) {
            let window = self.recent.len().min(RECENT_NEWCOMERS);
            let index = self.recent.len() - 1 - self.rng.random_range(0..window);
            if let Some(contact) = self.recent.get(index)
                && contact.created_at <= request_at
            {
                return contact.clone();
            }
        }
        self.newcomer_ordinal += 1;
        let nationality = pick_weighted(&mut self.rng, &texts::NATIONALITIES, |n| n.weight)
            .unwrap_or(&texts::NATIONALITIES[0]);
        let (full_name, local) = person_name(&mut self.rng, nationality);
        let domain = texts::MAIL_DOMAINS
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("example.org");
        let email = format!("{local}{}@{domain}", self.newcomer_ordinal);
        let language = {
            let weights = nationality.languages;
            let total: u32 = weights.iter().sum::<u32>().max(1);
            let roll = self.rng.random_range(0..total);
            if roll < weights[0] {
                Language::En
            } else if roll < weights[0] + weights[1] {
                Language::Cs
            } else {
                Language::Uk
            }
        };
        let phone = self.rng.random_bool(0.7).then(|| {
            let czech = self.rng.random_bool(0.6);
            let digits = self.rng.random_range(100_000_000u64..1_000_000_000);
            if czech {
                format!(
                    "+420 7{:02} {:03} {:03}",
                    digits % 100,
                    (digits / 100) % 1000,
                    (digits / 100_000) % 1000
                )
            } else {
                format!("{} {digits}", nationality.phone_prefix)
            }
        });
        let created_at = request_at - TimeDelta::seconds(self.rng.random_range(120..2_400));
        let arrival_date = self
            .rng
            .random_bool(0.6)
            .then(|| (created_at - TimeDelta::days(self.rng.random_range(3..540))).date_naive());
        let draft = NewcomerDraft {
            full_name: full_name.clone(),
            email: email.clone(),
            phone,
            nationality: nationality.name,
            language,
            arrival_date,
            created_at,
            created_by: recorded_by,
        };
        let contact = Contact {
            at: NewcomerRef::Chunk(chunk.newcomers.len()),
            name: full_name,
            email,
            language,
            created_at,
        };
        chunk.newcomers.push(draft);
        if self.recent.len() >= RECENT_NEWCOMERS * 2 {
            self.recent.drain(..RECENT_NEWCOMERS);
        }
        self.recent.push(contact.clone());
        contact
    }

    /// A title and description typical of `category`.
    fn story(&mut self, category: Category) -> (String, String) {
        let (title, description) = texts::stories(category)
            .choose(&mut self.rng)
            .copied()
            .unwrap_or(("Question for the centre", "The newcomer asked for advice."));
        let district = texts::DISTRICTS
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("Poruba");
        let workplace = texts::WORKPLACES
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("a local company");
        let fill = |text: &str| text.replace("{d}", district).replace("{w}", workplace);
        let mut description = fill(description);
        if self.rng.random_bool(0.5)
            && let Some(tail) = texts::DESCRIPTION_TAILS.choose(&mut self.rng)
        {
            description.push(' ');
            description.push_str(tail);
        }
        (fill(title), description)
    }

    /// When each step of `path` happens, and whether a timer (the system) applies it.
    /// Requests that end in a state with timers entered it recently, so their timers are
    /// still ahead; an automatic step happens exactly when its timer would have fired.
    fn step_times(
        &mut self,
        world: &World<'_>,
        plan: &WorkflowPlan<'_>,
        target: usize,
        created_at: DateTime<Utc>,
        path: &[Edge],
    ) -> Vec<(DateTime<Utc>, bool)> {
        if path.is_empty() {
            return Vec::new();
        }
        let now = world.now;
        let earliest = created_at + TimeDelta::minutes(1);
        let last = match plan.timer_window(target) {
            Some(window) => {
                let from = (now - window).max(earliest);
                random_between(&mut self.rng, from, now - TimeDelta::minutes(1))
            }
            None => {
                // Cases take hours to weeks, and recent ones are not over yet.
                let room = (now - TimeDelta::minutes(1) - created_at).num_seconds();
                let longest = room.min(45 * DAY);
                let span = if longest > 7_200 {
                    self.rng.random_range(7_200..=longest)
                } else {
                    self.rng.random_range(60..=longest.max(60))
                };
                (created_at + TimeDelta::seconds(span)).max(earliest)
            }
        };
        let mut times: Vec<DateTime<Utc>> = (1..path.len())
            .map(|_| random_between(&mut self.rng, earliest, last))
            .collect();
        times.sort();
        times.push(last);
        let mut steps: Vec<(DateTime<Utc>, bool)> = times.into_iter().map(|t| (t, false)).collect();
        for (index, edge) in path.iter().enumerate() {
            let Some(delay) = edge.by_timer else {
                continue;
            };
            let entered = if index == 0 {
                created_at
            } else {
                steps[index - 1].0
            };
            let mut fires_at = entered;
            for _ in 0..delay.fires {
                fires_at = workflow::calendar::add(fires_at, delay.after, delay.unit);
            }
            let next = steps.get(index + 1).map_or(now, |s| s.0);
            let by_system = fires_at < next
                && fires_at < now
                && (!edge.by_caseworker || self.rng.random_bool(0.6));
            if by_system {
                steps[index] = (fires_at, true);
            } else if !edge.by_caseworker {
                // Only a timer may apply it: keep its time, as the system.
                steps[index].1 = true;
            }
        }
        steps
    }

    /// Queues one seeded e-mail, skipped (as the application does) when nobody receives it.
    fn queue_mail(
        &mut self,
        world: &World<'_>,
        chunk: &mut Chunk<'_>,
        mail: MailTo,
        newcomer: &Contact,
        partner: Option<&SeededPartner>,
        assignee: Option<&Staff>,
    ) {
        let (email, name, language) = match mail.recipient {
            Recipient::Newcomer => (
                newcomer.email.clone(),
                newcomer.name.clone(),
                newcomer.language,
            ),
            Recipient::Partner => match partner {
                Some(p) => (p.email.clone(), p.name.clone(), p.language),
                None => return,
            },
            Recipient::Assignee => match assignee {
                Some(s) => (s.email.clone(), s.name.clone(), s.language),
                None => return,
            },
        };
        let pending = mail.at > world.now - PENDING_MAIL_AGE;
        let secret = mail.template == MailKind::RequestReceived.name();
        chunk.outbox.push(OutboxDraft {
            request: mail.request,
            template: mail.template,
            recipient: mail.recipient,
            email,
            name,
            language,
            comment: mail.comment,
            code: if pending { mail.code } else { None },
            secret,
            pending,
            suffix: Alphanumeric.sample_string(&mut self.rng, 16),
            delivery_secs: self.rng.random_range(2..90),
            created_at: mail.at,
        });
    }
}

/// One e-mail a step of a history causes.
struct MailTo {
    request: usize,
    template: String,
    recipient: Recipient,
    comment: Option<String>,
    /// The access code as shown, for the intake mail.
    code: Option<String>,
    at: DateTime<Utc>,
}

/// A random instant in `[from, to]` (whole seconds); `from` when the range is empty.
fn random_between(rng: &mut StdRng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_seconds();
    if span <= 0 {
        return from;
    }
    from + TimeDelta::seconds(rng.random_range(0..=span))
}

/// One of `items`, by weight.
fn pick_weighted<'t, T>(
    rng: &mut StdRng,
    items: &'t [T],
    weight: impl Fn(&T) -> u32,
) -> Option<&'t T> {
    let total: u32 = items.iter().map(&weight).sum();
    if total == 0 {
        return items.first();
    }
    let mut roll = rng.random_range(0..total);
    items.iter().find(|item| {
        let w = weight(item);
        let hit = roll < w;
        roll = roll.saturating_sub(w);
        hit
    })
}

/// A full name as the newcomer writes it, and the local part of their e-mail address.
fn person_name(rng: &mut StdRng, nationality: &Nationality) -> (String, String) {
    let female = rng.random_bool(0.5);
    let given = if female {
        nationality.female
    } else {
        nationality.male
    }
    .choose(rng)
    .copied()
    .unwrap_or("Alex");
    let family_of = |pair: (&'static str, &'static str)| if female { pair.1 } else { pair.0 };
    let family = nationality
        .families
        .choose(rng)
        .copied()
        .map(family_of)
        .unwrap_or("Novak");
    let local = format!(
        "{}.{}",
        texts::ascii_local_part(given),
        texts::ascii_local_part(family)
    );
    let full_name = match nationality.order {
        NameOrder::GivenFirst if nationality.two_families => {
            let second = nationality
                .families
                .choose(rng)
                .copied()
                .map(family_of)
                .unwrap_or("López");
            format!("{given} {family} {second}")
        }
        NameOrder::GivenFirst => format!("{given} {family}"),
        NameOrder::FamilyFirst {
            female_middle,
            male_middle,
        } => {
            let middle = if female { female_middle } else { male_middle };
            [family, middle, given]
                .iter()
                .filter(|part| !part.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    (full_name, local)
}

/// Ids for `count` new rows of `table`, reserved in the caller's write transaction.
/// SQLite: after the largest id in use (or ever used, for AUTOINCREMENT tables), which the
/// write lock keeps; PostgreSQL: drawn from the table's sequence, like the rows it assigns.
async fn reserve_ids(
    txn: &impl ConnectionTrait,
    table: &str,
    count: usize,
) -> Result<Vec<i64>, ServiceError> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let count_i64 = i64::try_from(count).unwrap_or(i64::MAX);
    match txn.get_database_backend() {
        DbBackend::Postgres => {
            let rows = txn
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2)",
                    [table.into(), count_i64.into()],
                ))
                .await?;
            let ids = rows
                .iter()
                .map(|row| row.try_get::<i64>("", "id"))
                .collect::<Result<Vec<i64>, _>>()?;
            Ok(ids)
        }
        DbBackend::Sqlite => {
            let has_sequence = txn
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
                ))
                .await?
                .is_some();
            let sql = if has_sequence {
                format!(
                    "SELECT MAX(COALESCE((SELECT MAX(id) FROM \"{table}\"), 0), \
                     COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0)) AS id"
                )
            } else {
                format!("SELECT COALESCE(MAX(id), 0) AS id FROM \"{table}\"")
            };
            let last = txn
                .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
                .await?
                .map(|row| row.try_get::<i64>("", "id"))
                .transpose()?
                .unwrap_or_default();
            Ok((1..=count_i64).map(|i| last + i).collect())
        }
        other => Err(InternalError::Inconsistent(format!(
            "seeding does not support the {other:?} backend"
        ))
        .into()),
    }
}

/// The references of `requests` (in order), taken from `reference_counters` in the caller's
/// transaction: each year's counter advances by that year's count, so references continue
/// after existing ones and later intakes continue after the seeded ones.
async fn reserve_references(
    txn: &impl ConnectionTrait,
    prefix: &str,
    requests: &[RequestDraft<'_>],
) -> Result<Vec<String>, ServiceError> {
    use reference_counter::{ActiveModel, Column, Entity};
    use sea_orm::ExprTrait;
    let mut references = Vec::with_capacity(requests.len());
    for same_year in requests.chunk_by(|a, b| a.year == b.year) {
        let Some(year) = same_year.first().map(|r| r.year) else {
            continue;
        };
        // A chunk holds far fewer than 2^31 requests. The increment is bound as an `i32`
        // exactly as in `Services::next_reference`: the statement's text is the same, and a
        // connection's cached prepared statement must not see two parameter types.
        let increment = i32::try_from(same_year.len()).unwrap_or(i32::MAX);
        let count = i64::from(increment);
        let counter = Entity::insert(ActiveModel {
            prefix: Set(prefix.to_owned()),
            year: Set(year),
            last_value: Set(count),
        })
        .on_conflict(
            OnConflict::columns([Column::Prefix, Column::Year])
                .value(
                    Column::LastValue,
                    Expr::col((Entity, Column::LastValue)).add(increment),
                )
                .to_owned(),
        )
        .exec_with_returning(txn)
        .await?;
        let first = counter.last_value - count + 1;
        references.extend((0..count).map(|i| Reference::new(prefix, year, first + i).to_string()));
    }
    Ok(references)
}

/// Inserts `rows` into `entity`'s table with multi-row statements, as many rows per
/// statement as the bound-parameter limit allows (at most [`ROWS_PER_STATEMENT`]).
async fn insert_rows<E, C, I>(
    txn: &impl ConnectionTrait,
    entity: E,
    columns: &[C],
    rows: I,
) -> Result<(), ServiceError>
where
    E: EntityTrait,
    C: IntoIden + Copy,
    I: IntoIterator<Item = Vec<Value>>,
    I::IntoIter: ExactSizeIterator,
{
    let limit = (PARAMETERS_PER_STATEMENT / columns.len().max(1)).clamp(1, ROWS_PER_STATEMENT);
    let mut rows = rows.into_iter();
    while rows.len() > 0 {
        // Powers of two only: the driver caches every statement shape it prepares, and each
        // chunk's odd remainder would otherwise add a new (large) one.
        let size = prev_power_of_two(rows.len().min(limit));
        let mut insert = Query::insert();
        insert.into_table(entity).columns(columns.iter().copied());
        for row in rows.by_ref().take(size) {
            insert
                .values(row.into_iter().map(Expr::val))
                .map_err(|error| InternalError::Inconsistent(format!("seed rows: {error}")))?;
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// The largest power of two not above `n` (1 for 0).
fn prev_power_of_two(n: usize) -> usize {
    match n {
        0 | 1 => 1,
        _ => 1 << (usize::BITS - 1 - n.leading_zeros()),
    }
}

/// Writes the `reference,access_code` pairs as CSV.
fn write_codes(
    path: &std::path::Path,
    file: std::fs::File,
    codes: &[(String, String)],
) -> Result<(), ServiceError> {
    use std::io::Write;
    let mut text = String::from("reference,access_code\n");
    for (reference, code) in codes {
        text.push_str(reference);
        text.push(',');
        text.push_str(code);
        text.push('\n');
    }
    let mut file = file;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|error| file_error(path, &error))
}

fn file_error(path: &std::path::Path, error: &std::io::Error) -> ServiceError {
    crate::domain::FieldError::new(
        "codes_file",
        format!("cannot write {}: {error}", path.display()),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_sizes_are_powers_of_two() {
        assert_eq!(prev_power_of_two(0), 1);
        assert_eq!(prev_power_of_two(1), 1);
        assert_eq!(prev_power_of_two(1000), 512);
        assert_eq!(prev_power_of_two(1024), 1024);
        assert_eq!(prev_power_of_two(1666), 1024);
    }
}
