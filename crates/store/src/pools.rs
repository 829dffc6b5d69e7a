//! A sea-orm connection's pool as the core's monitoring sees it (`Store::pools`). sqlx tells
//! how many connections are open and idle; it does not tell how many queries wait for one.

use chamilo_core::types::pools::PoolStats;
use sea_orm::{DatabaseConnection, DatabaseConnectionType};

/// The state of `db`'s pool now, named `name`; none for a connection without a pool.
pub fn pool_stats(name: &'static str, db: &DatabaseConnection) -> Option<PoolStats> {
    let (max, open, idle) = match &db.inner {
        DatabaseConnectionType::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            let max = pool.options().get_max_connections();
            (max, pool.size(), pool.num_idle())
        }
        DatabaseConnectionType::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            let max = pool.options().get_max_connections();
            (max, pool.size(), pool.num_idle())
        }
        DatabaseConnectionType::SqlxMySqlPoolConnection(_) => {
            let pool = db.get_mysql_connection_pool();
            let max = pool.options().get_max_connections();
            (max, pool.size(), pool.num_idle())
        }
        _ => return None,
    };
    Some(PoolStats {
        name,
        max,
        open,
        idle: u32::try_from(idle).unwrap_or(u32::MAX),
    })
}
