use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Rows written by `expat-desk bench`'s insert floor: the cost of one single-row insert,
/// kept apart from the real tables.
#[derive(DeriveIden)]
enum BenchRows {
    Table,
    Id,
    Payload,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BenchRows::Table)
                    .col(big_pk_auto(BenchRows::Id))
                    .col(string_len(BenchRows::Payload, 100))
                    .col(timestamp_with_time_zone(BenchRows::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BenchRows::Table).to_owned())
            .await
    }
}
