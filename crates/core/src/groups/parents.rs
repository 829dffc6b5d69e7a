//! A class's parent class (`usergroup_rel_usergroup`): at most one, never the class itself or
//! one of its descendants, so the classes form trees.

use super::require_group;
use crate::error::{CoreError, CoreResult};
use crate::gateway::Gateway;
use crate::ports::Repo;

/// Fails when `group` is `parent` or one of its ancestors: the link would close a circle.
async fn check_no_circle(repo: &dyn Repo, group: i64, parent: i64) -> CoreResult<()> {
    let mut seen = vec![parent];
    let mut at = parent;
    loop {
        if at == group {
            return Err(CoreError::invalid(
                "parent_id",
                "the class itself or one of its descendants",
            ));
        }
        match repo.parent_group(at).await? {
            // `seen` guards against a circle written by something else than this gateway
            Some(up) if !seen.contains(&up) => {
                seen.push(up);
                at = up;
            }
            _ => return Ok(()),
        }
    }
}

impl Gateway {
    /// The class's parent class, if it has one.
    pub async fn group_parent(&self, group_id: i64) -> CoreResult<Option<i64>> {
        require_group(self.repo(), group_id).await?;
        self.repo().parent_group(group_id).await
    }

    /// Makes `parent` the class's parent (replacing the one it had), or with `None` leaves it
    /// without one (having none already is fine). Both classes must exist.
    pub async fn set_group_parent(&self, group_id: i64, parent: Option<i64>) -> CoreResult<()> {
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        if let Some(parent) = parent {
            require_group(&*tx, parent).await?;
            check_no_circle(&*tx, group_id, parent).await?;
        }
        tx.set_parent_group(group_id, parent).await?;
        self.commit(tx).await
    }
}
