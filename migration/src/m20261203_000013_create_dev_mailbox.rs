use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Mail "delivered" when no SMTP server is configured, for admins to read in the web UI.
#[derive(DeriveIden)]
enum DevMailbox {
    Table,
    Id,
    OutboxId,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    Headers,
    DeliveredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DevMailbox::Table)
                    .col(big_pk_auto(DevMailbox::Id))
                    .col(big_integer_uniq(DevMailbox::OutboxId))
                    .col(string_len(DevMailbox::ToAddress, 254))
                    .col(text(DevMailbox::Subject))
                    .col(text(DevMailbox::BodyText))
                    .col(text(DevMailbox::BodyHtml))
                    .col(text(DevMailbox::Headers))
                    .col(timestamp_with_time_zone(DevMailbox::DeliveredAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DevMailbox::Table).to_owned())
            .await
    }
}
