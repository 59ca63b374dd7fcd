use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000005_create_requests::Requests;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// E-mails to send, written in the transaction of the change that causes them and
/// delivered by a worker.
#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    RequestId,
    Template,
    RecipientKind,
    RecipientEmail,
    Language,
    Subject,
    BodyText,
    BodyHtml,
    MessageId,
    ThreadId,
    ContainsSecret,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(big_pk_auto(Outbox::Id))
                    .col(big_integer_null(Outbox::RequestId))
                    .col(string_len(Outbox::Template, 60))
                    .col(string_len(Outbox::RecipientKind, 20))
                    .col(string_len(Outbox::RecipientEmail, 254))
                    .col(string_len(Outbox::Language, 8))
                    // Rendered when queued, in the transaction that caused it: the mail says
                    // what was true at that moment, whenever it is delivered.
                    .col(text(Outbox::Subject))
                    .col(text(Outbox::BodyText))
                    .col(text(Outbox::BodyHtml))
                    .col(string_len(Outbox::MessageId, 200))
                    .col(string_len(Outbox::ThreadId, 200))
                    // The newcomer's access code is in the body: scrubbed once delivered.
                    .col(boolean(Outbox::ContainsSecret).default(false))
                    // pending | sent | dead
                    .col(string_len(Outbox::Status, 20))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::LockedUntil))
                    .col(text_null(Outbox::LastError))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outbox_request")
                            .from(Outbox::Table, Outbox::RequestId)
                            .to(Requests::Table, Requests::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}
