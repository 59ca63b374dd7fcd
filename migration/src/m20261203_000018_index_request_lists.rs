use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Requests {
    Table,
    Id,
    State,
    AssigneeId,
    UpdatedAt,
    NewcomerId,
}

/// Lists are ordered by the last change (keyset on `updated_at, id`) and filtered by state or
/// assignee: without these indexes every dashboard panel sorted the whole table.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let indexes: [(&str, Vec<Requests>); 4] = [
            (
                "idx_requests_updated",
                vec![Requests::UpdatedAt, Requests::Id],
            ),
            (
                "idx_requests_state_updated",
                vec![Requests::State, Requests::UpdatedAt, Requests::Id],
            ),
            (
                "idx_requests_assignee_updated",
                vec![Requests::AssigneeId, Requests::UpdatedAt, Requests::Id],
            ),
            (
                "idx_requests_newcomer_id",
                vec![Requests::NewcomerId, Requests::Id],
            ),
        ];
        for (name, columns) in indexes {
            let mut index = Index::create();
            index.name(name).table(Requests::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "idx_requests_updated",
            "idx_requests_state_updated",
            "idx_requests_assignee_updated",
            "idx_requests_newcomer_id",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Requests::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
