use sea_orm::entity::prelude::*;

/// A row of the benchmark's insert floor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bench_rows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub payload: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
