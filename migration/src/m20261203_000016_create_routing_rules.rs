use sea_orm_migration::{prelude::*, schema::*};

use super::m20261203_000001_create_partners::Partners;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Category (and optionally the newcomer's language) → partner, in order of preference.
#[derive(DeriveIden)]
enum RoutingRules {
    Table,
    Id,
    Category,
    Language,
    PartnerId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RoutingRules::Table)
                    .col(big_pk_auto(RoutingRules::Id))
                    .col(string_len(RoutingRules::Category, 40))
                    .col(string_len_null(RoutingRules::Language, 8))
                    .col(big_integer(RoutingRules::PartnerId))
                    .col(integer(RoutingRules::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_routing_rules_partner")
                            .from(RoutingRules::Table, RoutingRules::PartnerId)
                            .to(Partners::Table, Partners::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_routing_rules_category")
                    .table(RoutingRules::Table)
                    .col(RoutingRules::Category)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RoutingRules::Table).to_owned())
            .await
    }
}
