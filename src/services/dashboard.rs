//! The caseworker's start page: what needs attention now, and the caseload at a glance.

use entity::request;
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use super::request_list::{RequestListItem, RequestQuery};
use super::{Principal, ServiceError, Services};
use crate::workflow::{Language, StateKind};

/// How many rows each dashboard panel shows.
const PANEL_ROWS: u64 = 8;

/// A count with its label, for the charts.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: i64,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub mine: Vec<RequestListItem>,
    pub overdue: Vec<RequestListItem>,
    pub waiting_on_partner: Vec<RequestListItem>,
    pub waiting_on_newcomer: Vec<RequestListItem>,
    pub recent: Vec<RequestListItem>,
    pub by_state: Vec<Count>,
    pub by_category: Vec<Count>,
}

impl Services {
    /// The dashboard of a caseworker or admin.
    ///
    /// # Errors
    /// `Forbidden` for partner users.
    pub async fn dashboard(
        &self,
        actor: &Principal,
        category_label: impl Fn(&str) -> String,
    ) -> Result<Dashboard, ServiceError> {
        actor.require_staff()?;
        let panel = |query: RequestQuery| RequestQuery {
            limit: Some(PANEL_ROWS),
            ..query
        };
        let open_states = self.states_of_kind(&[StateKind::Open, StateKind::Waiting]);
        let mut mine = Vec::new();
        for item in self
            .list_requests(
                actor,
                &panel(RequestQuery {
                    assignee: Some("me".into()),
                    limit: Some(50),
                    ..Default::default()
                }),
            )
            .await?
            .items
        {
            if open_states.contains(&item.state)
                && mine.len() < usize::try_from(PANEL_ROWS).unwrap_or(8)
            {
                mine.push(item);
            }
        }
        let overdue = self
            .list_requests(
                actor,
                &panel(RequestQuery {
                    overdue: Some(true),
                    sort: Some("due".into()),
                    ..Default::default()
                }),
            )
            .await?
            .items;
        let waiting_on_partner = self
            .list_requests(
                actor,
                &panel(RequestQuery {
                    state: Some("referred".into()),
                    ..Default::default()
                }),
            )
            .await?
            .items;
        let waiting_on_newcomer = self
            .list_requests(
                actor,
                &panel(RequestQuery {
                    state: Some("waiting_newcomer".into()),
                    ..Default::default()
                }),
            )
            .await?
            .items;
        let recent = self
            .list_requests(actor, &panel(RequestQuery::default()))
            .await?
            .items;
        let by_state = self
            .count_by(request::Column::State)
            .await?
            .into_iter()
            .map(|(key, count)| Count {
                label: self.state_label(&key, actor.language),
                key,
                count,
            })
            .collect();
        let by_category = self
            .count_by(request::Column::Category)
            .await?
            .into_iter()
            .map(|(key, count)| Count {
                label: category_label(&key),
                key,
                count,
            })
            .collect();
        Ok(Dashboard {
            mine,
            overdue,
            waiting_on_partner,
            waiting_on_newcomer,
            recent,
            by_state,
            by_category,
        })
    }

    async fn count_by(&self, column: request::Column) -> Result<Vec<(String, i64)>, ServiceError> {
        let mut rows: Vec<(String, i64)> = request::Entity::find()
            .select_only()
            .column(column)
            .column_as(Expr::col(request::Column::Id).count(), "count")
            .group_by(column)
            .into_tuple()
            .all(self.db())
            .await?;
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(rows)
    }

    fn states_of_kind(&self, kinds: &[StateKind]) -> Vec<String> {
        let mut names: Vec<String> = self
            .workflows()
            .workflows()
            .iter()
            .flat_map(|w| {
                w.states()
                    .iter()
                    .filter(|s| kinds.contains(&s.kind))
                    .map(|s| s.name.clone())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// A state's label in `language`, from the first workflow that has it (the general one
    /// comes first), for summaries across workflows.
    pub fn state_label(&self, state: &str, language: Language) -> String {
        self.workflows()
            .workflows()
            .iter()
            .find_map(|w| w.state(state))
            .map_or_else(|| state.to_owned(), |s| s.label.get(language).to_owned())
    }

    /// A state's label in `language` in one workflow version (a request's own).
    pub fn state_label_in(
        &self,
        key: &str,
        version: i32,
        state: &str,
        language: Language,
    ) -> String {
        self.workflows()
            .get(key, u32::try_from(version).unwrap_or_default())
            .and_then(|w| w.state(state))
            .map_or_else(
                || self.state_label(state, language),
                |s| s.label.get(language).to_owned(),
            )
    }

    /// Open requests past their due date, for the status line.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn overdue_count(&self) -> Result<u64, ServiceError> {
        use sea_orm::PaginatorTrait;
        Ok(request::Entity::find()
            .filter(request::Column::DueAt.lt(self.now()))
            .filter(request::Column::State.is_not_in(self.terminal_states()))
            .count(self.db())
            .await?)
    }
}
