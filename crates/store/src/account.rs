//! `LegalRepo`: the `legal` table.

use crate::entities::legal;
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::LegalRepo;
use chamilo_core::types::account::LegalTerms;
use chamilo_core::CoreResult;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[async_trait]
impl<C: Conn> LegalRepo for Repos<C> {
    async fn insert_legal(&self, t: &LegalTerms) -> CoreResult<i64> {
        let row = legal::ActiveModel {
            id: NotSet,
            date: Set(t.date),
            content: Set(t.content.clone()),
            terms_type: Set(t.terms_type),
            changes: Set(t.changes.clone()),
            version: Set(t.version),
            language_id: Set(t.language_id),
        };
        Ok(legal::Entity::insert(row)
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id)
    }

    async fn latest_legal(&self, language_id: Option<i64>) -> CoreResult<Option<LegalTerms>> {
        let mut find = legal::Entity::find();
        if let Some(l) = language_id {
            find = find.filter(legal::Column::LanguageId.eq(l));
        }
        let row = find
            .order_by_desc(legal::Column::Version)
            .order_by_desc(legal::Column::Id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(|m| LegalTerms {
            id: m.id,
            date: m.date,
            content: m.content,
            terms_type: m.terms_type,
            changes: m.changes,
            version: m.version,
            language_id: m.language_id,
        }))
    }
}
