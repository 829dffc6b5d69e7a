//! A snapshot of every table of an app's database, to prove a request wrote nothing (or
//! only the rows it should have).
//!
//! Rows are read through the store's sea-orm entities (one per table), ordered by primary
//! key, and rendered with `Debug`, so the comparison is portable across SQLite, PostgreSQL
//! and MariaDB. [`Snapshot::take`] also checks that the entity list covers every table the
//! migrations created, so a new table cannot silently escape the check.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::hash::{DefaultHasher, Hash, Hasher};

use chamilo_store::entities as e;
use migration::sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Iterable, ModelTrait,
    PrimaryKeyToColumn, QueryOrder, Statement,
};

/// The hourly call counts: every call adds to them, whatever it asked.
const CALL_COUNTS: &str = "gateway_call_count";

/// `(table, primary key)` → the row's `Debug` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<(&'static str, String), String>);

/// An open connection to an app's database.
pub struct Db {
    store: chamilo_store::SeaStore,
}

/// Every table's rows, ordered by primary key: `(table, pk)` and the row text.
async fn rows<E>(conn: &DatabaseConnection, out: &mut Snapshot) -> &'static str
where
    E: EntityTrait,
    E::Model: Debug,
{
    let table = E::default().table_name();
    let mut query = E::find();
    for pk in E::PrimaryKey::iter() {
        query = query.order_by_asc(pk.into_column());
    }
    let models = query
        .all(conn)
        .await
        .unwrap_or_else(|err| panic!("reading {table}: {err}"));
    let composite = E::PrimaryKey::iter().count() > 1;
    for (i, model) in models.iter().enumerate() {
        let text = format!("{model:?}");
        let pk = if composite {
            // the key's values, in key order (`gateway_call_count`)
            let parts: Vec<String> = E::PrimaryKey::iter()
                .map(|k| format!("{:?}", model.get(k.into_column())))
                .collect();
            parts.join(" ")
        } else {
            // a single-column key is the entity's first field
            text.split_once(": ")
                .and_then(|(_, rest)| rest.split([',', ' ']).next())
                .map_or_else(|| i.to_string(), str::to_owned)
        };
        out.0.insert((table, pk), text);
    }
    table
}

macro_rules! tables {
    ($conn:expr, $out:expr, $($t:ident),* $(,)?) => {{
        vec![$( Box::pin(rows::<e::$t::Entity>($conn, $out)).await ),*]
    }};
}

impl Db {
    pub async fn open(database_url: &str) -> Db {
        let store = chamilo_store::connect(database_url, &Default::default())
            .await
            .expect("the app's database opens");
        Db { store }
    }

    pub fn connection(&self) -> &DatabaseConnection {
        self.store.connection()
    }

    /// Boxed: the future reads every table and is too large for a test thread's stack in
    /// debug builds when nested in the callers' futures.
    pub async fn snapshot(&self) -> Snapshot {
        Box::pin(self.read_all()).await
    }

    async fn read_all(&self) -> Snapshot {
        let conn = self.connection();
        let mut out = Snapshot(BTreeMap::new());
        let covered: Vec<&str> = tables!(
            conn,
            &mut out,
            access_url,
            access_url_rel_course,
            access_url_rel_session,
            access_url_rel_user,
            admin,
            course,
            course_description,
            course_rel_user,
            course_rel_user_catalogue,
            extra_field,
            extra_field_values,
            gateway_call_count,
            legal,
            message,
            session,
            session_rel_course,
            session_rel_course_rel_user,
            session_rel_user,
            settings,
            track_e_course_access,
            track_e_default,
            track_e_login,
            user,
            user_api_key,
            usergroup,
            usergroup_rel_course,
            usergroup_rel_session,
            usergroup_rel_user,
            usergroup_rel_usergroup,
        );
        if conn.get_database_backend() == DbBackend::Sqlite {
            let all = conn
                .query_all_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations'",
                ))
                .await
                .expect("listing tables");
            for row in all {
                let name: String = row.try_get("", "name").expect("table name");
                assert!(
                    covered.contains(&name.as_str()),
                    "table {name} is not covered by the hostile-input checksum"
                );
            }
        }
        out
    }
}

impl Snapshot {
    /// A hash of every row except the web-service access log (which every authorised call
    /// appends to) and the call counts (which every call adds to).
    pub fn data_checksum(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for (key, row) in &self.0 {
            if key.0 == CALL_COUNTS {
                continue;
            }
            if key.0 != "track_e_default" || !row.contains("default_event_type: \"access_ws_") {
                (key, row).hash(&mut h);
            }
        }
        h.finish()
    }

    /// Like [`Snapshot::changed_since`], without the web-service access log rows the request
    /// appended (`track_e_default` events `access_ws_…`, which Chamilo writes for every
    /// authorised call, failed or not) and without the call counts (every call counts, refused
    /// or not). Audit rows that existed before must not change.
    pub fn data_changed_since(&self, before: &Snapshot) -> BTreeSet<(&'static str, String)> {
        self.changed_since(before)
            .into_iter()
            .filter(|(table, pk)| {
                *table != CALL_COUNTS
                    && !(before.row(table, pk).is_none() && self.is_access_log(table, pk))
            })
            .collect()
    }

    /// How many access-log rows were appended since `before`.
    pub fn access_log_added(&self, before: &Snapshot) -> usize {
        self.changed_since(before)
            .iter()
            .filter(|(table, pk)| before.row(table, pk).is_none() && self.is_access_log(table, pk))
            .count()
    }

    fn is_access_log(&self, table: &str, pk: &str) -> bool {
        table == "track_e_default"
            && self
                .row("track_e_default", pk)
                .is_some_and(|r| r.contains("default_event_type: \"access_ws_"))
    }

    /// The `(table, pk)` of every row added, removed or changed since `before`.
    pub fn changed_since(&self, before: &Snapshot) -> BTreeSet<(&'static str, String)> {
        let keys: BTreeSet<_> = self.0.keys().chain(before.0.keys()).cloned().collect();
        keys.into_iter()
            .filter(|k| self.0.get(k) != before.0.get(k))
            .collect()
    }

    /// The rows of `table` (row texts), for readable failure messages and payload checks.
    pub fn row(&self, table: &str, pk: &str) -> Option<&String> {
        self.0
            .iter()
            .find(|((t, p), _)| *t == table && p == pk)
            .map(|(_, row)| row)
    }
}
