//! Finding requests: filters, text search, sorting and keyset pagination, shared by the API
//! (`GET /api/v1/requests`) and the staff pages.

use chrono::{DateTime, Utc};
use entity::{newcomer, partner, request, user};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Condition, Expr, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, Order, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Principal, ServiceError, Services};
use crate::domain::{FieldError, Language, PartnerSlug, parse_category};
use crate::workflow::StateKind;

/// Items per page unless the caller asks for fewer.
pub const DEFAULT_PAGE: u64 = 50;
/// The most items one page may hold.
pub const MAX_PAGE: u64 = 200;

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Most recently changed first.
    #[default]
    Updated,
    /// Newest intake first.
    Newest,
    /// Oldest intake first.
    Oldest,
    /// Soonest due date first (only requests with a due date).
    Due,
}

impl SortOrder {
    fn parse(value: Option<&str>) -> Result<Self, FieldError> {
        match value.map(str::trim).unwrap_or_default() {
            "" | "updated" => Ok(Self::Updated),
            "newest" => Ok(Self::Newest),
            "oldest" => Ok(Self::Oldest),
            "due" => Ok(Self::Due),
            other => Err(FieldError::new(
                "sort",
                format!("`{other}` is not a sort order; use updated, newest, oldest or due"),
            )),
        }
    }

    /// The machine name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Updated => "updated",
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Due => "due",
        }
    }
}

/// Filters as typed (query string).
#[derive(Debug, Default, Clone)]
pub struct RequestQuery {
    pub state: Option<String>,
    pub category: Option<String>,
    /// A partner's slug.
    pub partner: Option<String>,
    /// A user id, `me` or `none`.
    pub assignee: Option<String>,
    /// Only this newcomer's requests.
    pub newcomer: Option<i64>,
    pub overdue: Option<bool>,
    /// Words to find in the reference, the newcomer's name and e-mail, title and description.
    pub q: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u64>,
}

/// One row of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestListItem {
    pub reference: String,
    pub title: String,
    pub category: String,
    pub state: String,
    pub state_label: String,
    /// Shown to staff only.
    pub newcomer_name: Option<String>,
    pub partner: Option<String>,
    pub assignee: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
}

/// A page of results and where the next one starts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestPage {
    pub items: Vec<RequestListItem>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    reference: String,
    title: String,
    category: String,
    state: String,
    workflow_key: String,
    workflow_version: i32,
    due_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    newcomer_name: Option<String>,
    partner_slug: Option<String>,
    assignee_name: Option<String>,
}

/// Where the previous page ended: the sort value and the id of its last row.
struct Cursor {
    at: Option<DateTime<Utc>>,
    id: i64,
}

impl Cursor {
    fn encode(sort: SortOrder, row: &Row) -> String {
        let at = match sort {
            SortOrder::Updated => Some(row.updated_at),
            SortOrder::Due => row.due_at,
            SortOrder::Newest | SortOrder::Oldest => None,
        };
        let at = at
            .map(|t| t.timestamp_micros().to_string())
            .unwrap_or_default();
        format!("{}.{at}.{}", sort.code(), row.id)
    }

    fn decode(text: &str, sort: SortOrder) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                "cursor",
                "this cursor is not valid for this list; start from the first page",
            )
        };
        let mut parts = text.splitn(3, '.');
        let (Some(kind), Some(at), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if kind != sort.code() {
            return Err(invalid());
        }
        let id = id.parse().map_err(|_| invalid())?;
        let at = if at.is_empty() {
            None
        } else {
            let micros: i64 = at.parse().map_err(|_| invalid())?;
            Some(DateTime::from_timestamp_micros(micros).ok_or_else(invalid)?)
        };
        Ok(Self { at, id })
    }
}

struct Filters {
    condition: Condition,
    sort: SortOrder,
    cursor: Option<Cursor>,
    limit: u64,
}

impl Services {
    /// A page of the requests the caller may see, filtered, searched and sorted.
    ///
    /// # Errors
    /// `Invalid` for an unknown filter value or a bad cursor.
    pub async fn list_requests(
        &self,
        actor: &Principal,
        query: &RequestQuery,
    ) -> Result<RequestPage, ServiceError> {
        let filters = self.parse_filters(actor, query).await?;
        let mut select = request::Entity::find()
            .select_only()
            .columns([
                request::Column::Id,
                request::Column::Reference,
                request::Column::Title,
                request::Column::Category,
                request::Column::State,
                request::Column::WorkflowKey,
                request::Column::WorkflowVersion,
                request::Column::DueAt,
                request::Column::UpdatedAt,
            ])
            .column_as(newcomer::Column::FullName, "newcomer_name")
            .column_as(partner::Column::Slug, "partner_slug")
            .column_as(user::Column::Name, "assignee_name")
            .join(JoinType::InnerJoin, request::Relation::Newcomer.def())
            .join(JoinType::LeftJoin, request::Relation::Partner.def())
            .join(JoinType::LeftJoin, request::Relation::Assignee.def())
            .filter(filters.condition);
        if let Some(cursor) = &filters.cursor {
            select = select.filter(after_cursor(filters.sort, cursor));
        }
        select = match filters.sort {
            SortOrder::Updated => select
                .order_by(request::Column::UpdatedAt, Order::Desc)
                .order_by(request::Column::Id, Order::Desc),
            SortOrder::Newest => select.order_by(request::Column::Id, Order::Desc),
            SortOrder::Oldest => select.order_by(request::Column::Id, Order::Asc),
            SortOrder::Due => select
                .filter(request::Column::DueAt.is_not_null())
                .order_by(request::Column::DueAt, Order::Asc)
                .order_by(request::Column::Id, Order::Asc),
        };
        let mut rows = select
            .limit(filters.limit + 1)
            .into_model::<Row>()
            .all(self.db())
            .await?;
        let more = rows.len() as u64 > filters.limit;
        rows.truncate(usize::try_from(filters.limit).unwrap_or(usize::MAX));
        let next_cursor = if more {
            rows.last().map(|row| Cursor::encode(filters.sort, row))
        } else {
            None
        };
        let now = self.now();
        let staff = actor.is_staff();
        let items = rows
            .into_iter()
            .map(|row| self.list_item(row, staff, now, actor.language))
            .collect();
        Ok(RequestPage { items, next_cursor })
    }

    fn list_item(
        &self,
        row: Row,
        staff: bool,
        now: DateTime<Utc>,
        language: Language,
    ) -> RequestListItem {
        let workflow = self.workflows().get(
            &row.workflow_key,
            u32::try_from(row.workflow_version).unwrap_or_default(),
        );
        let state = workflow.and_then(|w| w.state(&row.state));
        let terminal = state.is_some_and(|s| s.kind == StateKind::Terminal);
        RequestListItem {
            state_label: state
                .map_or_else(|| row.state.clone(), |s| s.label.get(language).to_owned()),
            overdue: !terminal && row.due_at.is_some_and(|due| due < now),
            reference: row.reference,
            title: row.title,
            category: row.category,
            state: row.state,
            newcomer_name: if staff { row.newcomer_name } else { None },
            partner: row.partner_slug,
            assignee: if staff { row.assignee_name } else { None },
            due_at: row.due_at,
            updated_at: row.updated_at,
        }
    }

    async fn parse_filters(
        &self,
        actor: &Principal,
        query: &RequestQuery,
    ) -> Result<Filters, ServiceError> {
        let mut errors = crate::domain::FieldErrors::default();
        let mut condition = Condition::all();
        if !actor.is_staff() {
            // Partner users see only what is referred to their organisation.
            condition =
                condition.add(request::Column::PartnerId.eq(actor.partner_id.unwrap_or(-1)));
        }
        if let Some(state) = non_empty(&query.state) {
            condition = condition.add(request::Column::State.eq(state));
        }
        if let Some(category) = non_empty(&query.category)
            && let Some(category) = errors.check(parse_category("category", Some(category)))
        {
            condition = condition.add(request::Column::Category.eq(category.code()));
        }
        if let Some(slug) = non_empty(&query.partner)
            && let Some(slug) = errors.check(PartnerSlug::parse("partner", Some(slug)))
        {
            match self.partner_id_for_slug("partner", &slug).await {
                Ok(id) => condition = condition.add(request::Column::PartnerId.eq(id)),
                Err(ServiceError::Invalid(found)) => found.into_iter().for_each(|e| errors.push(e)),
                Err(other) => return Err(other),
            }
        }
        if let Some(assignee) = non_empty(&query.assignee) {
            match assignee {
                "me" => condition = condition.add(request::Column::AssigneeId.eq(actor.user_id)),
                "none" => condition = condition.add(request::Column::AssigneeId.is_null()),
                id => match id.parse::<i64>() {
                    Ok(id) => condition = condition.add(request::Column::AssigneeId.eq(id)),
                    Err(_) => errors.push(FieldError::new("assignee", "use a user id, me or none")),
                },
            }
        }
        if let Some(newcomer) = query.newcomer {
            condition = condition.add(request::Column::NewcomerId.eq(newcomer));
        }
        if query.overdue == Some(true) {
            condition = condition
                .add(request::Column::DueAt.lt(self.now()))
                .add(request::Column::State.is_not_in(self.terminal_states()));
        }
        if let Some(words) = non_empty(&query.q) {
            condition = condition.add(text_search(words));
        }
        let sort = errors
            .check(SortOrder::parse(query.sort.as_deref()))
            .unwrap_or_default();
        let cursor = match non_empty(&query.cursor) {
            Some(text) => errors.check(Cursor::decode(text, sort)),
            None => None,
        };
        let limit = query.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            errors.push(FieldError::new("limit", format!("use 1 to {MAX_PAGE}")));
        }
        errors.finish()?;
        Ok(Filters {
            condition,
            sort,
            cursor,
            limit,
        })
    }

    /// Names of the states that end a request, across every loaded workflow.
    pub(crate) fn terminal_states(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .workflows()
            .workflows()
            .iter()
            .flat_map(|w| {
                w.states()
                    .iter()
                    .filter(|s| s.kind == StateKind::Terminal)
                    .map(|s| s.name.clone())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Every word must appear in one of the searchable fields (case-insensitive).
fn text_search(words: &str) -> Condition {
    let mut all = Condition::all();
    for word in words.split_whitespace().take(8) {
        let pattern = format!("%{}%", escape_like(&word.to_lowercase()));
        let like = |column: SimpleExpr| {
            Expr::expr(Func::lower(column))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        all = all.add(
            Condition::any()
                .add(like(Expr::col((
                    request::Entity,
                    request::Column::Reference,
                ))))
                .add(like(Expr::col((request::Entity, request::Column::Title))))
                .add(like(Expr::col((
                    request::Entity,
                    request::Column::Description,
                ))))
                .add(like(Expr::col((
                    newcomer::Entity,
                    newcomer::Column::FullName,
                ))))
                .add(like(Expr::col((
                    newcomer::Entity,
                    newcomer::Column::EmailLookup,
                )))),
        );
    }
    all
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn after_cursor(sort: SortOrder, cursor: &Cursor) -> Condition {
    let id = request::Column::Id;
    match (sort, cursor.at) {
        (SortOrder::Updated, Some(at)) => {
            Condition::any().add(request::Column::UpdatedAt.lt(at)).add(
                Condition::all()
                    .add(request::Column::UpdatedAt.eq(at))
                    .add(id.lt(cursor.id)),
            )
        }
        (SortOrder::Due, Some(at)) => Condition::any().add(request::Column::DueAt.gt(at)).add(
            Condition::all()
                .add(request::Column::DueAt.eq(at))
                .add(id.gt(cursor.id)),
        ),
        (SortOrder::Oldest, _) => Condition::all().add(id.gt(cursor.id)),
        _ => Condition::all().add(id.lt(cursor.id)),
    }
}
