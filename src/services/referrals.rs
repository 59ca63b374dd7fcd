//! Referrals: handing a request to a partner organisation, with consent to share, a minimal
//! data set, routing suggestions, signed accept/decline links for partners without accounts,
//! and per-partner figures.

use chrono::{DateTime, Duration, Utc};
use entity::{newcomer, partner, referral, request, routing_rule};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::requests::{NewEvent, record_event};
use super::transitions::{ChangeAuthor, ChangeContext, TransitionCommand};
use super::{Principal, ServiceError, Services};
use crate::domain::{FieldError, Language, PartnerSlug, parse_category};
use crate::workflow::{self, Actor, ReferralClosure, ReferralCommand, TransitionInput};

/// How long an e-mailed accept/decline link works.
pub const LINK_LIFETIME_DAYS: i64 = 14;
/// The newcomer fields a partner may be given.
pub const SHAREABLE_FIELDS: [&str; 6] = [
    "name",
    "email",
    "phone",
    "language",
    "nationality",
    "arrival_date",
];

/// A partner suggested for a request, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestion {
    pub slug: String,
    pub name: String,
    /// Why: `rule` (a routing rule), `rule+language` (a rule for the newcomer's language) or
    /// `category` (serves the category, no rule).
    pub reason: String,
}

/// One referral of a request, for the timeline and the partner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralSummary {
    pub partner: String,
    pub partner_name: String,
    pub status: String,
    pub offered_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
    /// What the centre shared with the partner.
    pub shared: Vec<(String, String)>,
    pub consent_basis: String,
}

/// A partner organisation's figures.
#[derive(Debug, Clone)]
pub struct PartnerFigures {
    pub slug: String,
    pub name: String,
    pub active: bool,
    pub offered: usize,
    pub accepted: usize,
    pub declined: usize,
    /// Median hours from offer to answer.
    pub median_answer_hours: Option<f64>,
    /// Offers still unanswered past the request's due date.
    pub overdue: usize,
}

/// What a signed link's holder sees before answering.
#[derive(Debug, Clone)]
pub struct LinkedReferral {
    pub token: String,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub partner_name: String,
    pub shared: Vec<(String, String)>,
    pub open: bool,
}

/// A routing rule as admins see it.
#[derive(Debug, Clone)]
pub struct RuleView {
    pub id: i64,
    pub category: String,
    pub language: Option<String>,
    pub partner: String,
    pub position: i32,
}

impl Services {
    /// Partners suggested for a request: routing rules for its category (those for the
    /// newcomer's language first), then partners serving the category; partners that already
    /// declined it and inactive ones are left out.
    ///
    /// # Errors
    /// `Forbidden` for partner users; `NotFound` for an invisible request.
    pub async fn suggest_partners(
        &self,
        actor: &Principal,
        reference: &str,
    ) -> Result<Vec<Suggestion>, ServiceError> {
        actor.require_staff()?;
        let row = self.visible_request(actor, reference).await?;
        let language = newcomer::Entity::find_by_id(row.newcomer_id)
            .one(self.db())
            .await?
            .map(|n| n.preferred_language)
            .unwrap_or_default();
        let declined: Vec<i64> = referral::Entity::find()
            .filter(referral::Column::RequestId.eq(row.id))
            .filter(referral::Column::Status.eq("declined"))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| r.partner_id)
            .collect();
        let partners = partner::Entity::find()
            .filter(partner::Column::Active.eq(true))
            .all(self.db())
            .await?;
        let rules = routing_rule::Entity::find()
            .filter(routing_rule::Column::Category.eq(row.category.as_str()))
            .order_by_asc(routing_rule::Column::Position)
            .all(self.db())
            .await?;
        let mut ordered: Vec<(i64, &str)> = Vec::new();
        for rule in rules
            .iter()
            .filter(|r| r.language.as_deref() == Some(language.as_str()))
        {
            ordered.push((rule.partner_id, "rule+language"));
        }
        for rule in rules.iter().filter(|r| r.language.is_none()) {
            ordered.push((rule.partner_id, "rule"));
        }
        for p in &partners {
            let serves = p
                .categories
                .as_array()
                .is_some_and(|c| c.iter().any(|v| v.as_str() == Some(row.category.as_str())));
            if serves {
                ordered.push((p.id, "category"));
            }
        }
        let mut seen = Vec::new();
        let mut suggestions = Vec::new();
        for (id, reason) in ordered {
            if seen.contains(&id) || declined.contains(&id) {
                continue;
            }
            seen.push(id);
            if let Some(p) = partners.iter().find(|p| p.id == id) {
                suggestions.push(Suggestion {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    reason: reason.to_owned(),
                });
            }
        }
        Ok(suggestions)
    }

    /// The referrals of a request, oldest first (staff, or the partner of the live one —
    /// who sees only their own).
    ///
    /// # Errors
    /// `NotFound` for an invisible request.
    pub async fn referrals_of(
        &self,
        actor: &Principal,
        reference: &str,
    ) -> Result<Vec<ReferralSummary>, ServiceError> {
        let row = self.visible_request(actor, reference).await?;
        let mut query = referral::Entity::find()
            .filter(referral::Column::RequestId.eq(row.id))
            .order_by_asc(referral::Column::Id);
        if !actor.is_staff() {
            query = query.filter(referral::Column::PartnerId.eq(actor.partner_id.unwrap_or(-1)));
        }
        let rows = query.all(self.db()).await?;
        let partners = partner::Entity::find().all(self.db()).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let p = partners.iter().find(|p| p.id == r.partner_id);
                ReferralSummary {
                    partner: p.map(|p| p.slug.clone()).unwrap_or_default(),
                    partner_name: p.map(|p| p.name.clone()).unwrap_or_default(),
                    status: r.status,
                    offered_at: r.offered_at,
                    answered_at: r.answered_at,
                    decline_reason: if actor.is_staff() || actor.is_partner(Some(r.partner_id)) {
                        r.decline_reason
                    } else {
                        None
                    },
                    shared: shared_pairs(&r.shared_data),
                    consent_basis: r.consent_basis,
                }
            })
            .collect())
    }

    /// Writes what an outcome's referral command decided, in the caller's transaction.
    pub(crate) async fn apply_referral_command(
        &self,
        txn: &impl ConnectionTrait,
        row: &request::Model,
        command: &ReferralCommand,
        change: &ChangeContext<'_>,
        comment: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let (new_partner_id, consent_basis, author) =
            (change.new_partner_id, change.consent_basis, change.author);
        let live = referral::Entity::find()
            .filter(referral::Column::RequestId.eq(row.id))
            .filter(referral::Column::Status.is_in(["offered", "accepted"]))
            .one(txn)
            .await?;
        let (body, partner_id) = match command {
            ReferralCommand::Offer { .. } => {
                let partner_id = new_partner_id
                    .ok_or_else(|| FieldError::new("partner", "choose a partner organisation"))?;
                let target = partner::Entity::find_by_id(partner_id)
                    .one(txn)
                    .await?
                    .ok_or(ServiceError::NotFound("partner"))?;
                let newcomer = newcomer::Entity::find_by_id(row.newcomer_id)
                    .one(txn)
                    .await?
                    .ok_or(ServiceError::NotFound("newcomer"))?;
                referral::ActiveModel {
                    request_id: Set(row.id),
                    partner_id: Set(partner_id),
                    status: Set("offered".to_owned()),
                    offered_at: Set(now),
                    answered_at: Set(None),
                    closed_at: Set(None),
                    decline_reason: Set(None),
                    shared_data: Set(shared_data(&newcomer, &target.shared_fields)),
                    consent_basis: Set(consent_basis.to_owned()),
                    link_used_at: Set(None),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                (
                    format!("offered to {} ({consent_basis})", target.name),
                    partner_id,
                )
            }
            ReferralCommand::Accept => {
                let Some(live) = live else { return Ok(()) };
                let partner_id = live.partner_id;
                let mut model: referral::ActiveModel = live.into();
                model.status = Set("accepted".to_owned());
                model.answered_at = Set(Some(now));
                model.update(txn).await?;
                ("accepted".to_owned(), partner_id)
            }
            ReferralCommand::Close { closure } => {
                let Some(live) = live else { return Ok(()) };
                let partner_id = live.partner_id;
                let code = closure.code();
                let mut model: referral::ActiveModel = live.clone().into();
                model.status = Set(code.to_owned());
                model.closed_at = Set(Some(now));
                if live.answered_at.is_none() {
                    model.answered_at = Set(Some(now));
                }
                if *closure == ReferralClosure::Declined {
                    model.decline_reason = Set(comment.map(str::to_owned));
                }
                model.update(txn).await?;
                (code.to_owned(), partner_id)
            }
        };
        let partner_name = partner::Entity::find_by_id(partner_id)
            .one(txn)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        record_event(
            txn,
            row.id,
            NewEvent {
                kind: "referral",
                transition: None,
                from_state: None,
                to_state: None,
                body: Some(format!("{partner_name}: {body}")),
                visibility: "partner",
                actor_user_id: author.user_id,
                actor_label: author.label.clone(),
            },
            now,
        )
        .await?;
        Ok(())
    }

    /// Why sharing with a partner is allowed: the newcomer's consent, or a caseworker's
    /// explicit override with a reason.
    ///
    /// # Errors
    /// `Invalid` (field `consent_override`) without either.
    pub(crate) async fn consent_basis(
        &self,
        row: &request::Model,
        override_reason: Option<&str>,
    ) -> Result<String, ServiceError> {
        let newcomer = newcomer::Entity::find_by_id(row.newcomer_id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("newcomer"))?;
        if newcomer.sharing_consent_at.is_some() {
            return Ok("consent".to_owned());
        }
        match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => Ok(format!("override: {}", reason.chars().take(500).collect::<String>())),
            None => Err(FieldError::new(
                "consent_override",
                "the newcomer has not agreed to share their data with partners: record their consent, or give the reason for sharing anyway",
            )
            .into()),
        }
    }

    /// The signed accept/decline link token of a referral, valid for [`LINK_LIFETIME_DAYS`].
    pub(crate) fn referral_link_token(&self, referral_id: i64) -> String {
        let expires = (self.now() + Duration::days(LINK_LIFETIME_DAYS)).timestamp();
        format!(
            "{referral_id}.{expires}.{}",
            self.keys().referral_link_signature(referral_id, expires)
        )
    }

    async fn referral_for_link(&self, token: &str) -> Result<referral::Model, ServiceError> {
        let mut parts = token.split('.');
        let (Some(id), Some(expires), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ServiceError::NotFound("link"));
        };
        let (Ok(id), Ok(expires)) = (id.parse::<i64>(), expires.parse::<i64>()) else {
            return Err(ServiceError::NotFound("link"));
        };
        let expected = self.keys().referral_link_signature(id, expires);
        if !crate::domain::constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
            return Err(ServiceError::NotFound("link"));
        }
        if expires < self.now().timestamp() {
            return Err(ServiceError::Forbidden("expired".to_owned()));
        }
        referral::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("link"))
    }

    /// What the holder of a signed link may answer.
    ///
    /// # Errors
    /// `NotFound` for a tampered link; `Forbidden("expired")` for an expired one.
    pub async fn linked_referral(&self, token: &str) -> Result<LinkedReferral, ServiceError> {
        let found = self.referral_for_link(token).await?;
        let row = request::Entity::find_by_id(found.request_id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        let partner_name = partner::Entity::find_by_id(found.partner_id)
            .one(self.db())
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        Ok(LinkedReferral {
            token: token.to_owned(),
            reference: row.reference,
            title: row.title,
            category: row.category,
            partner_name,
            shared: shared_pairs(&found.shared_data),
            open: found.status == "offered" && found.link_used_at.is_none(),
        })
    }

    /// Accepts or declines a referral from its signed link; the link then stops working.
    ///
    /// # Errors
    /// `NotFound` for a tampered link, `Forbidden("expired")` for an expired one,
    /// `Conflict` when it was answered already, `Invalid` for a decline without a reason.
    pub async fn answer_referral_link(
        &self,
        token: &str,
        accept: bool,
        reason: Option<&str>,
    ) -> Result<String, ServiceError> {
        let found = self.referral_for_link(token).await?;
        if found.status != "offered" || found.link_used_at.is_some() {
            return Err(ServiceError::Conflict(
                "this referral was answered already".to_owned(),
            ));
        }
        if !accept && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(FieldError::new("reason", "please tell the centre why you decline").into());
        }
        let row = request::Entity::find_by_id(found.request_id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        let partner_name = partner::Entity::find_by_id(found.partner_id)
            .one(self.db())
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let (_permit, txn) = self.begin_write().await?;
        let used = referral::Entity::update_many()
            .col_expr(referral::Column::LinkUsedAt, Expr::value(self.now()))
            .filter(referral::Column::Id.eq(found.id))
            .filter(referral::Column::LinkUsedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            return Err(ServiceError::Conflict(
                "this referral was answered already".to_owned(),
            ));
        }
        let current = request::Entity::find_by_id(row.id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("link"))?;
        let workflow = self.workflow_of(&current)?;
        let transition = if accept { "accept" } else { "decline" };
        let input = TransitionInput {
            comment: reason.map(str::to_owned),
            partner: None,
        };
        let now = self.now();
        let outcome = workflow::apply(
            workflow,
            &super::requests::snapshot(&current),
            transition,
            &Actor::partner(true),
            &input,
            now,
        )
        .map_err(|e| ServiceError::NotAllowedNow(e.to_string()))?;
        let author = ChangeAuthor {
            user_id: None,
            label: format!("{partner_name} (e-mail link)"),
        };
        let change = ChangeContext {
            author: &author,
            new_partner_id: None,
            consent_basis: "consent",
        };
        self.store_outcome(&txn, current, &outcome, &change, now)
            .await?;
        txn.commit().await?;
        tracing::info!(request.reference = %row.reference, transition, "referral answered by link");
        Ok(row.reference)
    }

    /// Figures per partner: offers, answers, median time to answer, overdue (staff).
    ///
    /// # Errors
    /// `Forbidden` for partner users.
    pub async fn partner_figures(
        &self,
        actor: &Principal,
    ) -> Result<Vec<PartnerFigures>, ServiceError> {
        actor.require_staff()?;
        let partners = partner::Entity::find()
            .order_by_asc(partner::Column::Name)
            .all(self.db())
            .await?;
        let referrals = referral::Entity::find().all(self.db()).await?;
        let offered_ids: Vec<i64> = referrals
            .iter()
            .filter(|r| r.status == "offered")
            .map(|r| r.request_id)
            .collect();
        let overdue_requests: Vec<i64> = request::Entity::find()
            .filter(request::Column::Id.is_in(offered_ids))
            .filter(request::Column::DueAt.lt(self.now()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        Ok(partners
            .into_iter()
            .map(|p| {
                let mine: Vec<&referral::Model> =
                    referrals.iter().filter(|r| r.partner_id == p.id).collect();
                let mut hours: Vec<f64> = mine
                    .iter()
                    .filter_map(|r| r.answered_at.map(|a| (a - r.offered_at).num_minutes()))
                    .map(|minutes| minutes as f64 / 60.0)
                    .collect();
                hours.sort_by(f64::total_cmp);
                PartnerFigures {
                    slug: p.slug,
                    name: p.name,
                    active: p.active,
                    offered: mine.len(),
                    accepted: mine
                        .iter()
                        .filter(|r| matches!(r.status.as_str(), "accepted" | "completed"))
                        .count(),
                    declined: mine.iter().filter(|r| r.status == "declined").count(),
                    median_answer_hours: median(&hours),
                    overdue: mine
                        .iter()
                        .filter(|r| {
                            r.status == "offered" && overdue_requests.contains(&r.request_id)
                        })
                        .count(),
                }
            })
            .collect())
    }

    /// The routing rules, by category and position (admins).
    ///
    /// # Errors
    /// `Forbidden` for non-admins.
    pub async fn routing_rules(&self, actor: &Principal) -> Result<Vec<RuleView>, ServiceError> {
        actor.require_admin()?;
        let partners = partner::Entity::find().all(self.db()).await?;
        let rules = routing_rule::Entity::find()
            .order_by_asc(routing_rule::Column::Category)
            .order_by_asc(routing_rule::Column::Position)
            .all(self.db())
            .await?;
        Ok(rules
            .into_iter()
            .map(|r| RuleView {
                id: r.id,
                partner: partners
                    .iter()
                    .find(|p| p.id == r.partner_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                category: r.category,
                language: r.language,
                position: r.position,
            })
            .collect())
    }

    /// Adds a routing rule (admins).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `Invalid` for an unknown category, language or partner.
    pub async fn add_routing_rule(
        &self,
        actor: &Principal,
        category: Option<&str>,
        language: Option<&str>,
        partner: Option<&str>,
        position: Option<&str>,
    ) -> Result<(), ServiceError> {
        actor.require_admin()?;
        let mut errors = crate::domain::FieldErrors::default();
        let category = errors.check(parse_category("category", category));
        let language =
            match language.map(str::trim).filter(|l| !l.is_empty()) {
                Some(code) => errors
                    .check(Language::parse(code).ok_or_else(|| {
                        FieldError::new("language", "use en, cs or uk, or leave empty")
                    }))
                    .map(Some),
                None => Some(None),
            };
        let slug = errors.check(PartnerSlug::parse("partner", partner));
        let position = errors.check(
            position
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .unwrap_or("1")
                .parse::<i32>()
                .map_err(|_| FieldError::new("position", "a whole number, 1 first")),
        );
        errors.finish()?;
        let (Some(category), Some(language), Some(slug), Some(position)) =
            (category, language, slug, position)
        else {
            return Err(FieldError::new("category", "invalid rule").into());
        };
        let partner_id = self.partner_id_for_slug("partner", &slug).await?;
        routing_rule::ActiveModel {
            category: Set(category.code().to_owned()),
            language: Set(language.map(|l| l.code().to_owned())),
            partner_id: Set(partner_id),
            position: Set(position),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        Ok(())
    }

    /// Removes a routing rule (admins).
    ///
    /// # Errors
    /// `Forbidden` for non-admins.
    pub async fn remove_routing_rule(
        &self,
        actor: &Principal,
        id: i64,
    ) -> Result<(), ServiceError> {
        actor.require_admin()?;
        routing_rule::Entity::delete_by_id(id)
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Whether the requested transition hands the request to a partner (an `offer_referral`
    /// effect), so consent to sharing must be checked before it is applied.
    pub(crate) fn offers_referral(
        &self,
        row: &request::Model,
        command: &TransitionCommand,
    ) -> bool {
        let Ok(workflow) = self.workflow_of(row) else {
            return false;
        };
        command
            .transition
            .as_deref()
            .and_then(|name| workflow.transition(name))
            .is_some_and(|t| {
                t.effects
                    .iter()
                    .any(|e| matches!(e, crate::workflow::Effect::OfferReferral))
            })
    }
}

fn median(sorted: &[f64]) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let mid = sorted.len() / 2;
    let value = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    Some((value * 10.0).round() / 10.0)
}

/// The newcomer fields a partner is configured to receive.
fn shared_data(newcomer: &newcomer::Model, fields: &str) -> serde_json::Value {
    let mut data = serde_json::Map::new();
    for field in fields.split(',').map(str::trim) {
        let value = match field {
            "name" => Some(newcomer.full_name.clone()),
            "email" => Some(newcomer.email.clone()),
            "phone" => newcomer.phone.clone(),
            "language" => Some(newcomer.preferred_language.clone()),
            "nationality" => newcomer.nationality.clone(),
            "arrival_date" => newcomer.arrival_date.map(|d| d.to_string()),
            _ => None,
        };
        if let Some(value) = value {
            data.insert(field.to_owned(), json!(value));
        }
    }
    serde_json::Value::Object(data)
}

fn shared_pairs(data: &serde_json::Value) -> Vec<(String, String)> {
    data.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}
