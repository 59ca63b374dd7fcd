use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Server-side web sessions; the cookie holds a random token, the row its SHA-256.
#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Address,
    UserAgent,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(big_pk_auto(Sessions::Id))
                    .col(string_len_uniq(Sessions::TokenHash, 64))
                    .col(big_integer(Sessions::UserId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(string_len_null(Sessions::Address, 64))
                    .col(string_len_null(Sessions::UserAgent, 300))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await
    }
}
