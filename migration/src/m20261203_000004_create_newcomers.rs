use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Newcomers {
    Table,
    Id,
    FullName,
    Email,
    EmailLookup,
    Phone,
    Nationality,
    PreferredLanguage,
    ArrivalDate,
    ConsentGivenAt,
    ConsentVersion,
    AnonymisedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Newcomers::Table)
                    .col(big_pk_auto(Newcomers::Id))
                    .col(string_len(Newcomers::FullName, 200))
                    .col(string_len(Newcomers::Email, 254))
                    // Lower-cased e-mail: duplicates are warned about, not forbidden
                    // (families share an address).
                    .col(string_len(Newcomers::EmailLookup, 254))
                    .col(string_len_null(Newcomers::Phone, 40))
                    .col(string_len_null(Newcomers::Nationality, 100))
                    .col(string_len(Newcomers::PreferredLanguage, 8))
                    .col(date_null(Newcomers::ArrivalDate))
                    .col(timestamp_with_time_zone(Newcomers::ConsentGivenAt))
                    .col(string_len(Newcomers::ConsentVersion, 20))
                    .col(timestamp_with_time_zone_null(Newcomers::AnonymisedAt))
                    .col(big_integer_null(Newcomers::CreatedBy))
                    .col(timestamp_with_time_zone(Newcomers::CreatedAt))
                    .col(timestamp_with_time_zone(Newcomers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_newcomers_created_by")
                            .from(Newcomers::Table, Newcomers::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_newcomers_email_lookup")
                    .table(Newcomers::Table)
                    .col(Newcomers::EmailLookup)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Newcomers::Table).to_owned())
            .await
    }
}
