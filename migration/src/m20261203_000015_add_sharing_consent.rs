use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Newcomers {
    Table,
    SharingConsentAt,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    SharedFields,
}

/// Consent to share data with partner organisations (separate from consent to processing),
/// and the minimal data set each partner receives with a referral.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Newcomers::Table)
                    .add_column(timestamp_with_time_zone_null(Newcomers::SharingConsentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Partners::Table)
                    .add_column(text(Partners::SharedFields).default("name,language"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Partners::Table)
                    .drop_column(Partners::SharedFields)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Newcomers::Table)
                    .drop_column(Newcomers::SharingConsentAt)
                    .to_owned(),
            )
            .await
    }
}
