//! Intake at the desk: a newcomer and their first request in one step, the newcomer's page,
//! further requests, and notes on a request.

use entity::{newcomer, request};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::audit::AuditEvent;
use super::newcomers::{NewNewcomerInput, Newcomer};
use super::request_list::RequestListItem;
use super::requests::{CreatedRequest, NewEvent, NewRequestInput, record_event};
use super::{Principal, ServiceError, Services};
use crate::domain::{FieldError, FieldErrors, parse_text};

/// The intake form, as typed.
#[derive(Debug, Default, Clone)]
pub struct IntakeInput {
    pub newcomer: NewNewcomerInputFields,
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The caseworker saw the duplicate warning and wants a new newcomer anyway.
    pub confirm_duplicate: bool,
}

/// The newcomer half of the intake form.
#[derive(Debug, Default, Clone)]
pub struct NewNewcomerInputFields {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nationality: Option<String>,
    pub preferred_language: Option<String>,
    pub arrival_date: Option<String>,
    pub consent: bool,
    pub sharing_consent: bool,
}

/// What intake did.
#[derive(Debug)]
pub enum IntakeOutcome {
    /// Someone with this e-mail exists; the caseworker should look before creating another.
    PossibleDuplicate(Vec<Newcomer>),
    /// Done: show the reference and the access code, once.
    Created {
        newcomer_id: i64,
        request: CreatedRequest,
    },
}

/// A newcomer with their requests.
#[derive(Debug)]
pub struct NewcomerDetail {
    pub newcomer: Newcomer,
    pub requests: Vec<RequestListItem>,
}

impl Services {
    /// Records a newcomer and their first request. Nothing is saved when any field of
    /// either half is invalid, so the form comes back complete with every error.
    ///
    /// # Errors
    /// `Forbidden` for partner users; `Invalid` with the fields of both halves.
    pub async fn intake(
        &self,
        actor: &Principal,
        input: IntakeInput,
    ) -> Result<IntakeOutcome, ServiceError> {
        actor.require_staff()?;
        let request_errors = check_request_half(&input);
        let newcomer_input = NewNewcomerInput {
            full_name: input.newcomer.full_name.clone(),
            email: input.newcomer.email.clone(),
            phone: input.newcomer.phone.clone(),
            nationality: input.newcomer.nationality.clone(),
            preferred_language: input.newcomer.preferred_language.clone(),
            arrival_date: input.newcomer.arrival_date.clone(),
            consent: Some(input.newcomer.consent),
            sharing_consent: Some(input.newcomer.sharing_consent),
        };
        let mut errors = match super::newcomers::validate_newcomer(newcomer_input.clone()) {
            Ok(()) => Vec::new(),
            Err(errors) => errors,
        };
        errors.extend(request_errors);
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        if !input.confirm_duplicate {
            let existing = self
                .newcomers_by_email(input.newcomer.email.as_deref().unwrap_or_default())
                .await?;
            if !existing.is_empty() {
                return Ok(IntakeOutcome::PossibleDuplicate(existing));
            }
        }
        let newcomer = self.create_newcomer(actor, newcomer_input).await?;
        let request = self
            .create_request(
                actor,
                NewRequestInput {
                    newcomer_id: Some(newcomer.id),
                    category: input.category,
                    title: input.title,
                    description: input.description,
                },
            )
            .await?;
        Ok(IntakeOutcome::Created {
            newcomer_id: newcomer.id,
            request,
        })
    }

    async fn newcomers_by_email(&self, email: &str) -> Result<Vec<Newcomer>, ServiceError> {
        let rows = newcomer::Entity::find()
            .filter(newcomer::Column::EmailLookup.eq(email.trim().to_lowercase()))
            .filter(newcomer::Column::AnonymisedAt.is_null())
            .order_by_asc(newcomer::Column::Id)
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| Newcomer::from_row(row, Vec::new()))
            .collect())
    }

    /// A newcomer's profile and requests; the read is recorded in the audit log.
    ///
    /// # Errors
    /// `Forbidden` for partner users; `NotFound` for an unknown newcomer.
    pub async fn newcomer_detail(
        &self,
        actor: &Principal,
        id: i64,
    ) -> Result<NewcomerDetail, ServiceError> {
        actor.require_staff()?;
        let row = newcomer::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("newcomer"))?;
        self.record_read(
            Some(actor),
            None,
            AuditEvent {
                action: "view",
                subject_type: "newcomer",
                subject_id: Some(id.to_string()),
                detail: None,
            },
        )
        .await?;
        let query = super::request_list::RequestQuery {
            newcomer: Some(id),
            sort: Some("newest".into()),
            limit: Some(super::request_list::MAX_PAGE),
            ..Default::default()
        };
        let requests = self.list_requests(actor, &query).await?.items;
        Ok(NewcomerDetail {
            newcomer: Newcomer::from_row(row, Vec::new()),
            requests,
        })
    }

    /// A newcomer's name, for the pages of their requests (the request read is audited).
    ///
    /// # Errors
    /// `Forbidden` for partner users; `NotFound` for an unknown newcomer.
    pub async fn newcomer_name(&self, actor: &Principal, id: i64) -> Result<String, ServiceError> {
        actor.require_staff()?;
        let row = newcomer::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("newcomer"))?;
        Ok(row.full_name)
    }

    /// Adds a note to a request's timeline: `internal` (centre only) or `partner` (shared
    /// with the partner it is referred to).
    ///
    /// # Errors
    /// `NotFound` when the caller may not see the request; `Invalid` for an empty or
    /// over-long note or an unknown visibility.
    pub async fn add_note(
        &self,
        actor: &Principal,
        reference: &str,
        body: Option<&str>,
        visibility: Option<&str>,
    ) -> Result<(), ServiceError> {
        let row = self.visible_request(actor, reference).await?;
        let mut errors = FieldErrors::default();
        let text = errors.check(parse_text("note", body, 5000));
        let visibility = match (visibility.unwrap_or("internal"), actor.is_staff()) {
            ("internal", true) => Some("internal"),
            ("partner", _) => Some("partner"),
            ("public", _) => Some("public"),
            ("internal", false) => Some("partner"),
            (other, _) => {
                errors.push(FieldError::new(
                    "visibility",
                    format!("`{other}` is not a visibility; use internal or partner"),
                ));
                None
            }
        };
        errors.finish()?;
        let (Some(text), Some(visibility)) = (text, visibility) else {
            return Err(FieldError::new("note", "invalid note").into());
        };
        let (_permit, txn) = self.begin_write().await?;
        record_event(
            &txn,
            row.id,
            NewEvent {
                kind: "note",
                transition: None,
                from_state: None,
                to_state: None,
                body: Some(text.into_string()),
                visibility,
                actor_user_id: Some(actor.user_id),
                actor_label: actor.name.clone(),
            },
            self.now(),
        )
        .await?;
        request::Entity::update_many()
            .col_expr(
                request::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(self.now()),
            )
            .filter(request::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }
}

fn check_request_half(input: &IntakeInput) -> Vec<FieldError> {
    let mut errors = FieldErrors::default();
    errors.check(crate::domain::parse_category(
        "category",
        input.category.as_deref(),
    ));
    errors.check(parse_text("title", input.title.as_deref(), 200));
    errors.check(parse_text(
        "description",
        input.description.as_deref(),
        10_000,
    ));
    errors.finish().err().unwrap_or_default()
}
