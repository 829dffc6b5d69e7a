//! The user's own account: terms and conditions, pause-training settings.

use crate::error::CoreResult;
use crate::types::account::*;
use async_trait::async_trait;

#[async_trait]
pub trait LegalRepo: Send + Sync {
    async fn insert_legal(&self, terms: &LegalTerms) -> CoreResult<i64>;
    /// The highest version (then the newest row) of the given language, or of any language.
    async fn latest_legal(&self, language_id: Option<i64>) -> CoreResult<Option<LegalTerms>>;
}
