//! Connecting to the platform's database, checking its schema, and the `Store` / `Tx`
//! implementations.

use crate::disk::DiskWork;
use crate::repos::Repos;
use crate::sql::storage;
use crate::Platform;
use async_trait::async_trait;
use chamilo_core::ports::{Repo, Store, Tx};
use chamilo_core::types::pools::PoolStats;
use chamilo_core::{CoreError, CoreResult};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    IsolationLevel, TransactionTrait,
};
use std::sync::Arc;
use std::time::Duration;

/// The store over a platform's database: a connection pool. Cheap to share behind an `Arc`.
pub struct PlatformStore {
    repos: Repos<DatabaseConnection>,
}

/// A transaction; dropping it without `commit` rolls back.
pub type PlatformTx = Repos<DatabaseTransaction>;

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_connections: u32,
    /// How long a query waits for a connection before failing: a down database must not
    /// hang requests.
    pub acquire_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// Connects to the platform's database (`database_url`, else the one configuration.php
/// names) and checks its schema: a database that is not a Chamilo 1.11 one is refused with
/// what does not match. Makes the gateway's own table, `gateway_call_count`, when missing.
pub async fn connect(
    platform: Platform,
    database_url: Option<&str>,
    opts: &PoolOptions,
) -> CoreResult<PlatformStore> {
    let url = database_url.unwrap_or(&platform.database_url);
    let url = match url.strip_prefix("mariadb:") {
        Some(rest) => format!("mysql:{rest}"),
        None => url.to_string(),
    };
    if !url.starts_with("mysql:") {
        return Err(CoreError::Storage(
            "a Chamilo platform's database is MariaDB or MySQL (mysql:// URL)".into(),
        ));
    }
    let db = pool(&url, opts.max_connections, opts).await?;
    let optional = crate::schema::check(&db).await?;
    // the gateway's own table; a user without the CREATE grant is warned, not refused
    crate::call_counts::create_table(&db).await;
    // a pool of its own for the writes that commit apart from the request's transaction:
    // requests waiting on them hold the main pool's connections
    let apart = pool(&url, 2, opts).await?;
    Ok(PlatformStore {
        repos: Repos {
            apart,
            db,
            platform: Arc::new(platform),
            optional: Arc::new(optional),
            disk: DiskWork::immediate(),
        },
    })
}

async fn pool(url: &str, size: u32, opts: &PoolOptions) -> CoreResult<DatabaseConnection> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(size)
        .min_connections(0)
        .acquire_timeout(opts.acquire_timeout)
        .connect_timeout(opts.acquire_timeout)
        .sqlx_logging(false);
    // Chamilo's own connection: 3-byte utf8 compared under utf8_unicode_ci (case-, accent-
    // and trailing-space-insensitive, what PHP Chamilo finds), times in UTC
    options.map_sqlx_mysql_opts(|o| {
        o.charset("utf8")
            .collation("utf8_unicode_ci")
            .timezone(Some("+00:00".into()))
    });
    // how long each connection took to come out of the pool, as a trace event of target
    // `sqlx::pool::acquire` (the binary's metrics turn it into the pools' wait figure)
    options.map_sqlx_mysql_pool_opts(|o| o.acquire_time_level(log::LevelFilter::Trace));
    Database::connect(options)
        .await
        .map_err(|e| CoreError::Storage(format!("cannot connect to the platform's database: {e}")))
}

impl PlatformStore {
    pub fn connection(&self) -> &DatabaseConnection {
        &self.repos.db
    }

    pub fn platform(&self) -> &Platform {
        &self.repos.platform
    }

    pub async fn close(&self) {
        let _ = self.repos.db.clone().close().await;
    }
}

#[async_trait]
impl Store for PlatformStore {
    fn repo(&self) -> &dyn Repo {
        &self.repos
    }

    async fn begin(&self) -> CoreResult<Box<dyn Tx>> {
        // each read sees what other writers committed, as PHP Chamilo's autocommit
        // statements do: a check made after taking a lock (an external id's field row) then
        // sees the value the lock's previous holder wrote, where InnoDB's default snapshot
        // would still show the row missing
        let tx = self
            .repos
            .db
            .begin_with_config(Some(IsolationLevel::ReadCommitted), None)
            .await
            .map_err(storage)?;
        Ok(Box::new(Repos {
            db: tx,
            platform: self.repos.platform.clone(),
            optional: self.repos.optional.clone(),
            apart: self.repos.apart.clone(),
            disk: DiskWork::for_transaction(),
        }))
    }

    async fn ping(&self) -> CoreResult<()> {
        self.repos
            .db
            .execute_unprepared("SELECT 1")
            .await
            .map(|_| ())
            .map_err(storage)
    }

    fn pools(&self) -> Vec<PoolStats> {
        vec![
            mysql_pool_stats("main", &self.repos.db),
            mysql_pool_stats("apart", &self.repos.apart),
        ]
    }
}

/// What sqlx tells of a MySQL pool (open and idle connections; not the queries waiting).
fn mysql_pool_stats(name: &'static str, db: &DatabaseConnection) -> PoolStats {
    let pool = db.get_mysql_connection_pool();
    PoolStats {
        name,
        max: pool.options().get_max_connections(),
        open: pool.size(),
        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
    }
}

#[async_trait]
impl Tx for PlatformTx {
    async fn commit(self: Box<Self>) -> CoreResult<()> {
        self.db.commit().await.map_err(storage)?;
        self.disk.committed().await;
        Ok(())
    }
}
