//! Everything core needs from persistence, in one place: one repository trait per domain
//! (`ports::users`, `ports::courses`, …), their sum `Repo`, and `Store`/`Tx`. A store (the
//! standalone sea-orm store, or one over a live Chamilo database) implements these and
//! nothing else of the core; the traits speak only in `types`.

mod account;
mod api_keys;
mod audit;
mod calls;
mod courses;
mod extra_fields;
mod groups;
mod messages;
mod sessions;
mod settings;
mod subscriptions;
mod tracking;
mod urls;
mod users;

pub use account::LegalRepo;
pub use api_keys::ApiKeyRepo;
pub use audit::AuditRepo;
pub use calls::CallCountRepo;
pub use courses::CourseRepo;
pub use extra_fields::ExtraFieldRepo;
pub use groups::GroupRepo;
pub use messages::MessageRepo;
pub use sessions::SessionRepo;
pub use settings::SettingsRepo;
pub use subscriptions::SubscriptionRepo;
pub use tracking::TrackingRepo;
pub use urls::UrlRepo;
pub use users::{UserBatchRepo, UserRepo};

use crate::error::CoreResult;
use crate::types::pools::PoolStats;
use async_trait::async_trait;

/// All repositories together.
pub trait Repo:
    UserRepo
    + UserBatchRepo
    + CourseRepo
    + SessionRepo
    + SubscriptionRepo
    + ExtraFieldRepo
    + ApiKeyRepo
    + SettingsRepo
    + UrlRepo
    + TrackingRepo
    + GroupRepo
    + MessageRepo
    + AuditRepo
    + CallCountRepo
    + LegalRepo
{
}

impl<T> Repo for T where
    T: UserRepo
        + UserBatchRepo
        + CourseRepo
        + SessionRepo
        + SubscriptionRepo
        + ExtraFieldRepo
        + ApiKeyRepo
        + SettingsRepo
        + UrlRepo
        + TrackingRepo
        + GroupRepo
        + MessageRepo
        + AuditRepo
        + CallCountRepo
        + LegalRepo
{
}

/// A unit of work: everything done through it is committed together or not at all.
/// Dropping it without `commit` rolls back.
#[async_trait]
pub trait Tx: Repo {
    async fn commit(self: Box<Self>) -> CoreResult<()>;
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Autocommit access, for reads.
    fn repo(&self) -> &dyn Repo;
    async fn begin(&self) -> CoreResult<Box<dyn Tx>>;
    /// Is the database reachable?
    async fn ping(&self) -> CoreResult<()>;
    /// Its connection pools now, for monitoring (none by default).
    fn pools(&self) -> Vec<PoolStats> {
        Vec::new()
    }
}
