//! The user's own account: terms and conditions (Chamilo's `legal` table and the user extra
//! field `legal_accept` the platform keeps the acceptance in) and the "pause training"
//! settings, which Chamilo's pausetraining plugin keeps in user extra fields too.

pub use crate::types::account::*;

use crate::error::{CoreError, CoreResult, Entity};
use crate::extra_fields::{write_extras, ItemType};
use crate::gateway::{now, Gateway};
use chrono::NaiveDateTime;

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_owned()
}

fn stamp(d: &NaiveDateTime) -> String {
    d.format("%Y-%m-%d %H:%M").to_string()
}

impl Gateway {
    /// The terms in force: the highest version in `language_id`, else in any language.
    pub async fn legal_terms(&self, language_id: Option<i64>) -> CoreResult<LegalTerms> {
        let repo = self.repo();
        if let Some(terms) = repo.latest_legal(language_id).await? {
            return Ok(terms);
        }
        repo.latest_legal(None)
            .await?
            .ok_or(CoreError::NotFound(Entity::LegalTerms))
    }

    /// Publishes a version of the terms (administration and tests; no API action does it).
    pub async fn publish_legal_terms(
        &self,
        content: &str,
        changes: &str,
        terms_type: i32,
        language_id: i64,
    ) -> CoreResult<LegalTerms> {
        crate::limits::check_text("content", content)?;
        crate::limits::check_text("changes", changes)?;
        let tx = self.begin().await?;
        let version = tx
            .latest_legal(Some(language_id))
            .await?
            .map_or(1, |t| t.version + 1);
        let mut terms = LegalTerms {
            id: 0,
            date: now(),
            content: content.to_owned(),
            terms_type,
            changes: changes.to_owned(),
            version,
            language_id,
        };
        terms.id = tx.insert_legal(&terms).await?;
        self.commit(tx).await?;
        Ok(terms)
    }

    /// Records that the user accepted version `version` of the terms in `language_id`, when
    /// that names published terms (both positive, that version published). Anything else is
    /// no acceptance: nothing is recorded (`Ok(false)`) and it is not an error, as Chamilo
    /// answers it with success (`rest-v2.md` §3.12).
    pub async fn accept_legal_terms(
        &self,
        user_id: i64,
        version: i32,
        language_id: i64,
    ) -> CoreResult<bool> {
        if version <= 0 || language_id <= 0 {
            return Ok(false);
        }
        let tx = self.begin().await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        match tx.latest_legal(Some(language_id)).await? {
            Some(t) if t.version >= version => {}
            _ => return Ok(false),
        }
        let value = format!(
            "{version}:{language_id}:{}",
            now().format("%Y-%m-%d %H:%M:%S")
        );
        write_extras(
            &*tx,
            ItemType::User,
            user_id,
            &[(LEGAL_ACCEPT_FIELD.to_owned(), value)],
        )
        .await?;
        self.commit(tx).await?;
        Ok(true)
    }

    /// Stores the user's pause-training settings; a pause must not end before it starts.
    pub async fn pause_training(&self, user_id: i64, p: PauseTraining) -> CoreResult<()> {
        if let (Some(start), Some(end)) = (p.start, p.end) {
            if end < start {
                return Err(CoreError::invalid("end_pause_date", "before the start"));
            }
        }
        let mut extras = Vec::new();
        if let Some(b) = p.pause {
            extras.push((pause_fields::PAUSE.to_owned(), flag(b)));
        }
        if let Some(d) = &p.start {
            extras.push((pause_fields::START.to_owned(), stamp(d)));
        }
        if let Some(d) = &p.end {
            extras.push((pause_fields::END.to_owned(), stamp(d)));
        }
        if let Some(b) = p.disable_emails {
            extras.push((pause_fields::DISABLE_EMAILS.to_owned(), flag(b)));
        }
        let tx = self.begin().await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        write_extras(&*tx, ItemType::User, user_id, &extras).await?;
        self.commit(tx).await
    }
}
