use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000002_create_users::Users;
use super::m20261203_000005_create_requests::Requests;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RequestEvents {
    Table,
    Id,
    RequestId,
    Kind,
    Transition,
    FromState,
    ToState,
    Body,
    Visibility,
    ActorUserId,
    ActorLabel,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestEvents::Table)
                    .col(big_pk_auto(RequestEvents::Id))
                    .col(big_integer(RequestEvents::RequestId))
                    .col(string_len(RequestEvents::Kind, 40))
                    .col(string_len_null(RequestEvents::Transition, 60))
                    .col(string_len_null(RequestEvents::FromState, 40))
                    .col(string_len_null(RequestEvents::ToState, 40))
                    .col(text_null(RequestEvents::Body))
                    .col(string_len(RequestEvents::Visibility, 20))
                    .col(big_integer_null(RequestEvents::ActorUserId))
                    .col(string_len(RequestEvents::ActorLabel, 200))
                    .col(timestamp_with_time_zone(RequestEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_request_events_request")
                            .from(RequestEvents::Table, RequestEvents::RequestId)
                            .to(Requests::Table, Requests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_request_events_actor")
                            .from(RequestEvents::Table, RequestEvents::ActorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_request_events_request")
                    .table(RequestEvents::Table)
                    .col(RequestEvents::RequestId)
                    .col(RequestEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RequestEvents::Table).to_owned())
            .await
    }
}
