use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Partners {
    Table,
    Id,
    Slug,
    Name,
    Email,
    Phone,
    Website,
    Description,
    Categories,
    Languages,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Partners::Table)
                    .col(big_pk_auto(Partners::Id))
                    .col(string_len_uniq(Partners::Slug, 60))
                    .col(string_len(Partners::Name, 200))
                    .col(string_len(Partners::Email, 254))
                    .col(string_len_null(Partners::Phone, 40))
                    .col(string_len_null(Partners::Website, 300))
                    .col(text_null(Partners::Description))
                    .col(json(Partners::Categories))
                    .col(json(Partners::Languages))
                    .col(boolean(Partners::Active).default(true))
                    .col(timestamp_with_time_zone(Partners::CreatedAt))
                    .col(timestamp_with_time_zone(Partners::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Partners::Table).to_owned())
            .await
    }
}
