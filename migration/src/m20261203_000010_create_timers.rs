use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000005_create_requests::Requests;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Workflow timers due at an instant; the runner fires each exactly once.
#[derive(DeriveIden, Clone, Copy)]
enum Timers {
    Table,
    Id,
    RequestId,
    Name,
    FireNumber,
    DueAt,
    Status,
    FiredAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Timers::Table)
                    .col(big_pk_auto(Timers::Id))
                    .col(big_integer(Timers::RequestId))
                    .col(string_len(Timers::Name, 60))
                    .col(integer(Timers::FireNumber))
                    .col(timestamp_with_time_zone(Timers::DueAt))
                    // pending | fired | cancelled
                    .col(string_len(Timers::Status, 20))
                    .col(timestamp_with_time_zone_null(Timers::FiredAt))
                    .col(timestamp_with_time_zone(Timers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_timers_request")
                            .from(Timers::Table, Timers::RequestId)
                            .to(Requests::Table, Requests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_timers_due", [Timers::Status, Timers::DueAt]),
            ("idx_timers_request", [Timers::RequestId, Timers::Status]),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Timers::Table)
                        .col(columns[0])
                        .col(columns[1])
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Timers::Table).to_owned())
            .await
    }
}
