//! `Gateway`: the services both protocol adapters call. Each write runs in one transaction.
//!
//! Where each group of `Gateway`'s methods is defined (one `impl Gateway` per domain, next to
//! its rules; `grep -rn "fn <name>" crates/core/src` lands on the one definition):
//!
//! | methods | file |
//! |---|---|
//! | `create_user`, `edit_user`, `set_user_active`, `delete_user`, `get_user`, `find_user_by_username`, `list_users`, … | `users/service.rs` |
//! | `create_users` (batches, set-wise) | `users/batch.rs` |
//! | `create_course` (and the update of the course its external id names) | `courses/create.rs` |
//! | `edit_course`, `delete_course`, `remove_course`, `get_course`, … | `courses/service.rs` |
//! | `course_descriptions`, `standard_course_sections`, `save_course_description` | `courses/descriptions.rs` |
//! | `set_catalogue_visibility`, `remove_catalogue_visibility`, `catalogue_rules` | `courses/catalogue.rs` |
//! | `create_session`, `edit_session`, `delete_session`, `get_session`, `list_sessions`, … | `sessions/service.rs` |
//! | `create_session_from_model` | `sessions/from_model.rs` |
//! | `list_sessions_page`, `search_sessions`, `fetch_session` | `sessions/listing.rs` |
//! | `subscribe_user_to_course`, `subscribe_user_to_session`, `add_course_to_session`, coaches, … | `subscriptions/service.rs` |
//! | `unsubscribe_active_users_from_open_course` | `subscriptions/leaving.rs` |
//! | `resolve` (the one external-id resolver), `items_by_extra`, `set_extras`, … | `extra_fields.rs` |
//! | `login`, api keys, `security_key`, `rotate_security_key` | `auth.rs` |
//! | `api_key_binding_external_id` (a key of any service, binding an external id) | `api_keys.rs` |
//! | `create_access_url`, `edit_access_url`, `delete_access_url`, `urls_of` | `urls.rs` |
//! | classes: `groups`, `create_group`, `edit_group`, `add_group_member`, `group_links`, … | `groups/mod.rs` |
//! | `group_parent`, `set_group_parent` | `groups/parents.rs` |
//! | `send_message`, `received_messages`, `mark_message`, … | `messages.rs` |
//! | `legal_terms`, `accept_legal_terms`, `pause_training` | `account.rs` |
//! | `time_spent_on_platform`, `time_spent_in_course` | `reports.rs` |
//! | `record_course_access`, `logins_of` | `tracking.rs` |
//! | `record_audit`, `flush_audit`, `audit_items` | `audit.rs` |
//! | `record_call`, `flush_call_counts`, `call_sums`, `dropped_call_counts` | `calls.rs` |
//! | `new`, `with_cache_ttl`, `ping`, `pool_stats`, `audit_writer_stats`; the transaction helpers `begin`/`commit` | here |

pub(crate) mod audit_writer;
pub(crate) mod cache;
pub(crate) mod call_counter;

use crate::error::CoreResult;
use crate::passwords::Hasher;
use crate::ports::{Repo, Store, Tx};
use crate::types::api_keys::ApiKey;
use crate::types::audit::AuditWriterStats;
use crate::types::extra_fields::ExtraValue;
use crate::types::pools::PoolStats;
use crate::types::users::User;
use audit_writer::AuditWriter;
use cache::{CacheMap, Generation};
use call_counter::CallCounter;
use std::sync::Arc;
use std::time::Duration;

/// How long a cached read may be served when nothing in this process wrote meanwhile.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Gateway {
    store: Arc<dyn Store>,
    hasher: Hasher,
    cache: Arc<ReadCache>,
    audit: Arc<AuditWriter>,
    calls: Arc<CallCounter>,
}

pub(crate) struct ReadCache {
    pub(crate) generation: Generation,
    /// lower-cased username -> the user and its REST keys
    pub(crate) principals: CacheMap<String, Option<(User, Vec<ApiKey>)>>,
    /// user id -> its extra-field values
    pub(crate) user_extras: CacheMap<i64, Vec<ExtraValue>>,
}

impl Gateway {
    pub fn new(store: Arc<dyn Store>, hasher: Hasher) -> Self {
        Self::with_cache_ttl(store, hasher, DEFAULT_CACHE_TTL)
    }

    /// `ttl` zero turns the read cache off. Inside a tokio runtime this starts the audit
    /// writer task on it; elsewhere the writer starts on the first recorded call.
    pub fn with_cache_ttl(store: Arc<dyn Store>, hasher: Hasher, ttl: Duration) -> Self {
        Gateway {
            audit: Arc::new(AuditWriter::new(store.clone())),
            calls: CallCounter::new(store.clone()),
            store,
            hasher,
            cache: Arc::new(ReadCache {
                generation: Generation::new(),
                principals: CacheMap::new(ttl),
                user_extras: CacheMap::new(ttl),
            }),
        }
    }

    pub(crate) fn repo(&self) -> &dyn Repo {
        self.store.repo()
    }

    pub(crate) fn audit_writer(&self) -> &AuditWriter {
        &self.audit
    }

    pub(crate) fn call_counter(&self) -> &Arc<CallCounter> {
        &self.calls
    }

    pub(crate) fn cache(&self) -> &ReadCache {
        &self.cache
    }

    /// Opens a write transaction. Cached reads are invalidated now and again at commit.
    pub(crate) async fn begin(&self) -> CoreResult<Box<dyn Tx>> {
        self.cache.generation.bump();
        self.store.begin().await
    }

    pub(crate) async fn commit(&self, tx: Box<dyn Tx>) -> CoreResult<()> {
        let result = tx.commit().await;
        self.cache.generation.bump();
        result
    }

    pub(crate) fn hasher(&self) -> Hasher {
        self.hasher
    }

    /// Is the database reachable?
    pub async fn ping(&self) -> CoreResult<()> {
        self.store.ping().await
    }

    /// The store's connection pools now (monitoring).
    pub fn pool_stats(&self) -> Vec<PoolStats> {
        self.store.pools()
    }

    /// The audit writer's queue and counts (monitoring).
    pub fn audit_writer_stats(&self) -> AuditWriterStats {
        self.audit.stats()
    }
}

pub use crate::types::now;
