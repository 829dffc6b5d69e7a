//! What core needs from persistence. A store implements `Store`; every repository method is
//! available both outside a transaction (`Store::repo`) and inside one (`Store::begin`).

use crate::account::LegalRepo;
use crate::api_keys::ApiKeyRepo;
use crate::audit::AuditRepo;
use crate::courses::CourseRepo;
use crate::error::CoreResult;
use crate::extra_fields::ExtraFieldRepo;
use crate::groups::GroupRepo;
use crate::messages::MessageRepo;
use crate::sessions::SessionRepo;
use crate::settings::SettingsRepo;
use crate::subscriptions::SubscriptionRepo;
use crate::tracking::TrackingRepo;
use crate::urls::UrlRepo;
use crate::users::{UserBatchRepo, UserRepo};
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
}
