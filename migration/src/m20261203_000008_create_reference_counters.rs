use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The last sequence number used per reference prefix and year.
#[derive(DeriveIden)]
enum ReferenceCounters {
    Table,
    Prefix,
    Year,
    LastValue,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReferenceCounters::Table)
                    .col(string_len(ReferenceCounters::Prefix, 10))
                    .col(integer(ReferenceCounters::Year))
                    .col(big_integer(ReferenceCounters::LastValue))
                    .primary_key(
                        Index::create()
                            .col(ReferenceCounters::Prefix)
                            .col(ReferenceCounters::Year),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReferenceCounters::Table).to_owned())
            .await
    }
}
