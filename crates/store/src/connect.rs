//! Connecting, migrating, and the `Store` / `Tx` implementations.

use crate::error::storage;
use crate::repos::Repos;
use async_trait::async_trait;
use chamilo_core::ports::{Repo, Store, Tx};
use chamilo_core::types::pools::PoolStats;
use chamilo_core::{CoreError, CoreResult};
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::str::FromStr;
use std::time::Duration;

/// Pool settings.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// How long a query waits for a pooled connection (and a new connection for its server)
    /// before failing with `CoreError::Storage`: a down database must not hang requests.
    pub acquire_timeout: Duration,
    /// SQLite only: how long a writer waits for another writer's transaction to finish.
    pub sqlite_busy_timeout: Duration,
    /// Open connections on first use, so a server can start while its database is down
    /// (and report it on `/readyz`).
    pub connect_lazy: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
            sqlite_busy_timeout: Duration::from_secs(10),
            connect_lazy: false,
        }
    }
}

/// The store: a connection pool. Cheap to share behind an `Arc`.
pub struct SeaStore {
    repos: Repos<DatabaseConnection>,
}

/// A transaction; dropping it without `commit` rolls back.
pub type SeaTx = Repos<DatabaseTransaction>;

/// Connects to `database_url` (`sqlite:`, `postgres:` or `mysql:`/`mariadb:`). SQLite
/// databases are created when missing, with their directory, and run in WAL mode.
pub async fn connect(database_url: &str, opts: &StoreOptions) -> CoreResult<SeaStore> {
    // sqlx speaks MariaDB through its MySQL driver
    let url = match database_url.strip_prefix("mariadb:") {
        Some(rest) => format!("mysql:{rest}"),
        None => database_url.to_string(),
    };
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(opts.max_connections)
        .min_connections(0)
        .acquire_timeout(opts.acquire_timeout)
        .connect_timeout(opts.acquire_timeout)
        .sqlx_logging(false)
        .connect_lazy(opts.connect_lazy);
    if url.starts_with("sqlite:") {
        prepare_sqlite_file(&url)?;
        let busy = opts.sqlite_busy_timeout;
        // pragmas applied on every pooled connection
        options.map_sqlx_sqlite_opts(move |o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(busy)
                // rows the worker thread may hand over before the reader takes them (default
                // 50): listings of a few hundred rows no longer stall on the channel
                .row_buffer_size(1024)
        });
    }
    time_acquires(&mut options, &url);
    let db = Database::connect(options).await.map_err(storage)?;
    Ok(SeaStore { repos: Repos(db) })
}

/// Has sqlx report how long each connection took to come out of the pool, as a trace event of
/// target `sqlx::pool::acquire` (the binary's metrics turn it into the pools' wait figure; the
/// log, at info, never sees it).
fn time_acquires(options: &mut ConnectOptions, url: &str) {
    use log::LevelFilter::Trace;
    if url.starts_with("sqlite:") {
        options.map_sqlx_sqlite_pool_opts(|o| o.acquire_time_level(Trace));
    } else if url.starts_with("postgres") {
        options.map_sqlx_postgres_pool_opts(|o| o.acquire_time_level(Trace));
    } else {
        options.map_sqlx_mysql_pool_opts(|o| o.acquire_time_level(Trace));
    }
}

/// Creates the directory of a file database (the file itself is created on connect).
fn prepare_sqlite_file(url: &str) -> CoreResult<()> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(());
    }
    let parsed = SqliteConnectOptions::from_str(url)
        .map_err(|e| CoreError::Storage(format!("bad sqlite url: {e}")))?;
    if let Some(dir) = parsed.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|e| CoreError::Storage(format!("cannot create {}: {e}", dir.display())))?;
        }
    }
    Ok(())
}

/// Applies the pending migrations.
pub async fn migrate(store: &SeaStore) -> CoreResult<()> {
    Migrator::up(store.connection(), None)
        .await
        .map_err(storage)
}

/// How many migrations are not applied yet.
pub async fn pending_migrations(store: &SeaStore) -> CoreResult<usize> {
    Ok(Migrator::get_pending_migrations(store.connection())
        .await
        .map_err(storage)?
        .len())
}

impl SeaStore {
    pub fn connection(&self) -> &DatabaseConnection {
        &self.repos.0
    }

    pub fn backend(&self) -> DbBackend {
        self.connection().get_database_backend()
    }

    /// Closes the pool (waits for connections in use to be returned).
    pub async fn close(&self) {
        if let Err(e) = self.connection().close_by_ref().await {
            tracing::warn!(error = %e, "closing the database pool");
        }
    }
}

#[async_trait]
impl Store for SeaStore {
    fn repo(&self) -> &dyn Repo {
        &self.repos
    }

    async fn begin(&self) -> CoreResult<Box<dyn Tx>> {
        let db = self.connection();
        let tx = if db.get_database_backend() == DbBackend::Sqlite {
            // Take the write lock at BEGIN. A deferred transaction that reads and then writes
            // fails with SQLITE_BUSY when another writer got in between (the busy timeout does
            // not apply to that upgrade); an immediate one waits for the lock instead.
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
        } else {
            db.begin().await
        };
        Ok(Box::new(Repos(tx.map_err(storage)?)))
    }

    async fn ping(&self) -> CoreResult<()> {
        self.connection()
            .execute_unprepared("SELECT 1")
            .await
            .map_err(storage)?;
        Ok(())
    }

    fn pools(&self) -> Vec<PoolStats> {
        crate::pools::pool_stats("main", self.connection())
            .into_iter()
            .collect()
    }
}

#[async_trait]
impl Tx for SeaTx {
    async fn commit(self: Box<Self>) -> CoreResult<()> {
        self.0.commit().await.map_err(storage)
    }
}
