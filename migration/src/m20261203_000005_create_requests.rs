use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000001_create_partners::Partners;
use super::m20261203_000002_create_users::Users;
use super::m20261203_000004_create_newcomers::Newcomers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Requests {
    Table,
    Id,
    Reference,
    NewcomerId,
    Category,
    Title,
    Description,
    WorkflowKey,
    WorkflowVersion,
    State,
    Version,
    AssigneeId,
    PartnerId,
    DueAt,
    StateEnteredAt,
    Resolution,
    AccessCodeHash,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Requests::Table)
                    .col(big_pk_auto(Requests::Id))
                    .col(string_len_uniq(Requests::Reference, 32))
                    .col(big_integer(Requests::NewcomerId))
                    .col(string_len(Requests::Category, 40))
                    .col(string_len(Requests::Title, 200))
                    .col(text(Requests::Description))
                    .col(string_len(Requests::WorkflowKey, 40))
                    .col(integer(Requests::WorkflowVersion))
                    .col(string_len(Requests::State, 40))
                    // Optimistic lock: every change checks and bumps it.
                    .col(integer(Requests::Version))
                    .col(big_integer_null(Requests::AssigneeId))
                    .col(big_integer_null(Requests::PartnerId))
                    .col(timestamp_with_time_zone_null(Requests::DueAt))
                    .col(timestamp_with_time_zone(Requests::StateEnteredAt))
                    .col(text_null(Requests::Resolution))
                    // HMAC-SHA-256 of the access code, hex; the code itself is never stored.
                    .col(string_len(Requests::AccessCodeHash, 64))
                    .col(timestamp_with_time_zone(Requests::CreatedAt))
                    .col(timestamp_with_time_zone(Requests::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_requests_newcomer")
                            .from(Requests::Table, Requests::NewcomerId)
                            .to(Newcomers::Table, Newcomers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_requests_assignee")
                            .from(Requests::Table, Requests::AssigneeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_requests_partner")
                            .from(Requests::Table, Requests::PartnerId)
                            .to(Partners::Table, Partners::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        let indexes = [
            ("idx_requests_newcomer", Requests::NewcomerId),
            ("idx_requests_state", Requests::State),
            ("idx_requests_category", Requests::Category),
            ("idx_requests_assignee", Requests::AssigneeId),
            ("idx_requests_partner", Requests::PartnerId),
            ("idx_requests_due_at", Requests::DueAt),
        ];
        for (name, column) in indexes {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Requests::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Requests::Table).to_owned())
            .await
    }
}
