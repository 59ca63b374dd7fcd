use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000001_create_partners::Partners;
use super::m20261203_000005_create_requests::Requests;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One hand-over of a request to a partner: offered → accepted | declined → completed |
/// withdrawn. History is kept; a request has at most one live referral.
#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    RequestId,
    PartnerId,
    Status,
    OfferedAt,
    AnsweredAt,
    ClosedAt,
    DeclineReason,
    SharedData,
    ConsentBasis,
    LinkUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Referrals::Table)
                    .col(big_pk_auto(Referrals::Id))
                    .col(big_integer(Referrals::RequestId))
                    .col(big_integer(Referrals::PartnerId))
                    .col(string_len(Referrals::Status, 20))
                    .col(timestamp_with_time_zone(Referrals::OfferedAt))
                    .col(timestamp_with_time_zone_null(Referrals::AnsweredAt))
                    .col(timestamp_with_time_zone_null(Referrals::ClosedAt))
                    .col(text_null(Referrals::DeclineReason))
                    .col(json(Referrals::SharedData))
                    // `consent` or `override: <reason>`.
                    .col(text(Referrals::ConsentBasis))
                    .col(timestamp_with_time_zone_null(Referrals::LinkUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referrals_request")
                            .from(Referrals::Table, Referrals::RequestId)
                            .to(Requests::Table, Requests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_referrals_partner")
                            .from(Referrals::Table, Referrals::PartnerId)
                            .to(Partners::Table, Partners::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_referrals_request", Referrals::RequestId),
            ("idx_referrals_partner", Referrals::PartnerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Referrals::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Referrals::Table).to_owned())
            .await
    }
}
