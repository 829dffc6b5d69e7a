//! `Gateway`: the services both protocol adapters call. Each write runs in one transaction.

use crate::error::CoreResult;
use crate::passwords::Hasher;
use crate::ports::{Repo, Store, Tx};
use chrono::NaiveDateTime;
use std::sync::Arc;

#[derive(Clone)]
pub struct Gateway {
    store: Arc<dyn Store>,
    hasher: Hasher,
}

impl Gateway {
    pub fn new(store: Arc<dyn Store>, hasher: Hasher) -> Self {
        Gateway { store, hasher }
    }

    pub(crate) fn repo(&self) -> &dyn Repo {
        self.store.repo()
    }

    pub(crate) async fn begin(&self) -> CoreResult<Box<dyn Tx>> {
        self.store.begin().await
    }

    pub(crate) fn hasher(&self) -> Hasher {
        self.hasher
    }

    /// Is the database reachable?
    pub async fn ping(&self) -> CoreResult<()> {
        self.store.ping().await
    }
}

/// Current UTC time, truncated to seconds as the database stores it.
pub fn now() -> NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now - chrono::Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos()))
}
