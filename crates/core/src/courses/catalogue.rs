//! Per-user rules of the course catalogue (`course_rel_user_catalogue`): a course shown to
//! some users only, or hidden from some. One rule per user and course; the last one set wins
//! (Chamilo would keep a rule of each visibility side by side, contradicting each other).

use crate::error::{CoreError, CoreResult};
use crate::extra_fields::resolve;
use crate::gateway::Gateway;
use crate::types::courses::{catalogue_visibility, CatalogueRule};
use crate::types::extra_fields::{ItemRef, ItemType};

fn check_visible(visible: i32) -> CoreResult<()> {
    if [catalogue_visibility::HIDDEN, catalogue_visibility::VISIBLE].contains(&visible) {
        Ok(())
    } else {
        Err(CoreError::invalid("visible", "0 (hidden) or 1 (visible)"))
    }
}

impl Gateway {
    /// The user's rule for the course becomes `visible`. The user is looked up before the
    /// course, as the original does.
    pub async fn set_catalogue_visibility(
        &self,
        user: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
        visible: i32,
    ) -> CoreResult<()> {
        check_visible(visible)?;
        let tx = self.begin().await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        tx.put_catalogue_rule(&CatalogueRule {
            user_id,
            course_id,
            visible,
        })
        .await?;
        self.commit(tx).await
    }

    /// Removes the user's rule for the course when it is `visible`'s; whether one was removed
    /// (a rule of the other visibility stays).
    pub async fn remove_catalogue_visibility(
        &self,
        user: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
        visible: i32,
    ) -> CoreResult<bool> {
        check_visible(visible)?;
        let tx = self.begin().await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let removed = tx
            .delete_catalogue_rule(&CatalogueRule {
                user_id,
                course_id,
                visible,
            })
            .await?;
        self.commit(tx).await?;
        Ok(removed)
    }

    /// The user's catalogue rules, by course id.
    pub async fn catalogue_rules(
        &self,
        user: impl Into<ItemRef>,
    ) -> CoreResult<Vec<CatalogueRule>> {
        let repo = self.repo();
        let user_id = resolve(repo, ItemType::User, &user.into()).await?;
        repo.catalogue_rules_of_user(user_id).await
    }
}
