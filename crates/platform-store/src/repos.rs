//! `Repos<C>`: every core port, implemented once over any sea-orm connection to the platform's
//! database, so the same SQL serves autocommit reads and transactions.

use crate::Platform;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::sync::Arc;

/// The connection type the repositories run on.
pub trait Conn: ConnectionTrait + Send + Sync + 'static {}
impl<C: ConnectionTrait + Send + Sync + 'static> Conn for C {}

pub struct Repos<C> {
    pub(crate) db: C,
    /// What configuration.php says (access URLs, course folders).
    pub(crate) platform: Arc<Platform>,
    /// The optional columns the live schema has (read once at connect).
    pub(crate) optional: Arc<crate::schema::Optional>,
    /// A small pool of its own for the few writes that commit apart from the request's
    /// transaction (`extra_fields::create_field`).
    pub(crate) apart: DatabaseConnection,
    /// Course folders made or to move, following the transaction's outcome.
    pub(crate) disk: crate::disk::DiskWork,
}

impl<C: Conn> Repos<C> {
    pub(crate) fn db(&self) -> &C {
        &self.db
    }
}
