use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who read or changed which personal data, when, from where. Rows are never updated.
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorUserId,
    ActorLabel,
    Action,
    SubjectType,
    SubjectId,
    Detail,
    Address,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    // No foreign key: the record must outlive the account it names.
                    .col(big_integer_null(AuditLog::ActorUserId))
                    .col(string_len(AuditLog::ActorLabel, 200))
                    .col(string_len(AuditLog::Action, 40))
                    .col(string_len(AuditLog::SubjectType, 20))
                    .col(string_len_null(AuditLog::SubjectId, 40))
                    .col(text_null(AuditLog::Detail))
                    .col(string_len_null(AuditLog::Address, 64))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_audit_subject",
                vec![AuditLog::SubjectType, AuditLog::SubjectId],
            ),
            ("idx_audit_actor", vec![AuditLog::ActorUserId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}
