//! Putting mail in the outbox: rendered in the recipient's language when queued, in the
//! transaction of the change that causes it, so a rolled-back change sends nothing and a
//! committed one is never lost.

use chrono::{DateTime, Utc};
use entity::{newcomer, outbox_message, partner, request, user};
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::{InternalError, ServiceError, Services};
use crate::mail::render::{MailContext, MailKind, render};
use crate::workflow::{Language, MailSpec, Recipient};

/// What the queued mail is about, beyond the request itself.
#[derive(Debug, Default, Clone)]
pub(crate) struct MailFacts {
    /// The transition's comment (what is needed, the outcome…), when the mail shows it.
    pub comment: Option<String>,
    /// The access code in clear: only for the intake mail, the one moment it exists.
    pub access_code: Option<String>,
    /// The request's state after the change.
    pub state: Option<String>,
    /// The partner the mail concerns when it is not (or no longer) the request's.
    pub partner_id: Option<i64>,
}

struct Addressee {
    email: String,
    language: Language,
    name: Option<String>,
}

impl Services {
    /// Queues mail `template` to `to` about `row`. A recipient that does not exist (no
    /// assignee yet, no partner) is skipped with a log line: the timeline still shows the change.
    ///
    /// # Errors
    /// When the database fails or the template cannot be rendered with these facts.
    pub(crate) async fn queue_mail(
        &self,
        txn: &impl ConnectionTrait,
        row: &request::Model,
        mail: &MailSpec,
        facts: MailFacts,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let (template, to, partner_id) = (mail.template.as_str(), mail.to, facts.partner_id);
        let Some(addressee) = addressee(txn, row, to, partner_id).await? else {
            tracing::warn!(request.reference = %row.reference, template, "mail skipped: no recipient");
            return Ok(());
        };
        let partner_name = match partner_id.or(row.partner_id) {
            Some(id) => partner::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|p| p.name),
            None => None,
        };
        let state = facts.state.as_deref().unwrap_or(&row.state);
        let base = self
            .config()
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_owned();
        let live_offer = if template == MailKind::ReferralOffered.name() {
            entity::referral::Entity::find()
                .filter(entity::referral::Column::RequestId.eq(row.id))
                .filter(entity::referral::Column::Status.eq("offered"))
                .one(txn)
                .await?
        } else {
            None
        };
        let link = match (to, live_offer) {
            (Recipient::Newcomer, _) => format!("{base}/s/{}", self.magic_token(row)),
            // Partners without an account answer from the mail: a signed, single-use link.
            (Recipient::Partner, Some(offer)) => {
                format!("{base}/r/{}", self.referral_link_token(offer.id))
            }
            _ => format!("{base}/requests/{}", row.reference),
        };
        let context = MailContext {
            reference: row.reference.clone(),
            request_title: row.title.clone(),
            category: row.category.clone(),
            recipient_name: addressee.name.clone(),
            partner_name,
            state_label: Some(self.state_label_in(
                &row.workflow_key,
                row.workflow_version,
                state,
                addressee.language,
            )),
            comment: facts.comment.clone(),
            access_code: facts.access_code.clone(),
            link: Some(link),
            centre_name: self
                .translations()
                .text(addressee.language, "centre-name", &[]),
        };
        let rendered = render(self.translations(), template, addressee.language, &context)
            .map_err(|error| {
                InternalError::Inconsistent(format!(
                    "mail {template} for {}: {error}",
                    row.reference
                ))
            })?;
        let domain = self.mail_domain();
        let thread_id = format!("{}@{domain}", row.reference);
        let message_id = if template == MailKind::RequestReceived.name() {
            thread_id.clone()
        } else {
            format!(
                "{}.{}@{domain}",
                row.reference,
                Alphanumeric.sample_string(&mut rand::rng(), 16)
            )
        };
        outbox_message::ActiveModel {
            request_id: Set(Some(row.id)),
            template: Set(template.to_owned()),
            recipient_kind: Set(to.code().to_owned()),
            recipient_email: Set(addressee.email),
            language: Set(addressee.language.code().to_owned()),
            subject: Set(rendered.subject),
            body_text: Set(rendered.text),
            body_html: Set(rendered.html),
            message_id: Set(message_id),
            thread_id: Set(thread_id),
            // Newcomer mail carries the access code or the magic link: both are credentials.
            contains_secret: Set(facts.access_code.is_some() || to == Recipient::Newcomer),
            status: Set("pending".to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            locked_until: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        Ok(())
    }

    /// The domain of Message-IDs: the sender's, else the site's host.
    pub(crate) fn mail_domain(&self) -> String {
        let from = &self.config().mail_from;
        let address = from
            .rsplit('<')
            .next()
            .unwrap_or(from)
            .trim_end_matches('>');
        match address.rsplit_once('@') {
            Some((_, domain)) if !domain.trim().is_empty() => domain.trim().to_owned(),
            _ => self
                .config()
                .base_url
                .host_str()
                .unwrap_or("localhost")
                .to_owned(),
        }
    }
}

async fn addressee(
    txn: &impl ConnectionTrait,
    row: &request::Model,
    to: Recipient,
    partner_id: Option<i64>,
) -> Result<Option<Addressee>, ServiceError> {
    let language = |code: &str| Language::parse(code).unwrap_or(Language::En);
    Ok(match to {
        Recipient::Newcomer => newcomer::Entity::find_by_id(row.newcomer_id)
            .one(txn)
            .await?
            .filter(|n| n.anonymised_at.is_none())
            .map(|n| Addressee {
                language: language(&n.preferred_language),
                email: n.email,
                name: Some(n.full_name),
            }),
        Recipient::Partner => match partner_id.or(row.partner_id) {
            Some(id) => partner::Entity::find_by_id(id).one(txn).await?.map(|p| {
                let first = p
                    .languages
                    .as_array()
                    .and_then(|l| l.first())
                    .and_then(|l| l.as_str())
                    .unwrap_or("en")
                    .to_owned();
                Addressee {
                    language: language(&first),
                    email: p.email,
                    name: Some(p.name),
                }
            }),
            None => None,
        },
        Recipient::Assignee => match row.assignee_id {
            Some(id) => user::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|u| Addressee {
                    language: language(&u.language),
                    email: u.email,
                    name: Some(u.name),
                }),
            None => None,
        },
    })
}
