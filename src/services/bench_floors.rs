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

impl Services {
    /// Queues `count` realistic messages for the delivery benchmark, in one transaction.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn bench_enqueue_mail(&self, count: usize) -> Result<(), ServiceError> {
        use entity::outbox_message;
        let now = self.now();
        let (_permit, txn) = self.begin_write().await?;
        let body = "Dobrý den,\n\nwe received your request and will look at it within two working days.\n\nExpat Centre Ostrava\n".repeat(3);
        let html = format!(
            "<html lang=\"en\"><body><p>{}</p></body></html>",
            body.replace('\n', "<br>")
        );
        for chunk in (0..count).collect::<Vec<_>>().chunks(200) {
            let rows = chunk.iter().map(|i| outbox_message::ActiveModel {
                request_id: Set(None),
                template: Set("request_received".to_owned()),
                recipient_kind: Set("newcomer".to_owned()),
                recipient_email: Set(format!("bench{i}@example.org")),
                language: Set("en".to_owned()),
                subject: Set(format!("[EXP-2026-{i:05}] We received your request")),
                body_text: Set(body.clone()),
                body_html: Set(html.clone()),
                message_id: Set(format!("bench.{i}.{}@localhost", now.timestamp_micros())),
                thread_id: Set(format!("EXP-2026-{i:05}@localhost")),
                contains_secret: Set(false),
                status: Set("pending".to_owned()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                locked_until: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
                ..Default::default()
            });
            outbox_message::Entity::insert_many(rows).exec(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
