//! The benchmark's floors: the least a request of each shape can cost through this stack
//! (one row by key, one page of 50 rows, one single-row insert), so every scenario can be
//! read as a fraction of its floor. Used only by `expat-desk bench`.

use entity::{bench_row, request};
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder, QuerySelect};

use super::{ServiceError, Services};

impl Services {
    /// One request's reference by primary key.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn floor_row(&self, id: i64) -> Result<Option<String>, ServiceError> {
        Ok(request::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .map(|r| r.reference))
    }

    /// The newest 50 requests' references and titles.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn floor_page(&self) -> Result<Vec<(String, String)>, ServiceError> {
        Ok(request::Entity::find()
            .select_only()
            .columns([request::Column::Reference, request::Column::Title])
            .order_by_desc(request::Column::Id)
            .limit(50)
            .into_tuple()
            .all(self.db())
            .await?)
    }

    /// One single-row insert through the write path.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn floor_insert(&self) -> Result<(), ServiceError> {
        let (_permit, txn) = self.begin_write().await?;
        bench_row::Entity::insert(bench_row::ActiveModel {
            payload: Set("floor".to_owned()),
            created_at: Set(self.now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
