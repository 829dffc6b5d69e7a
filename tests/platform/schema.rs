//! Connecting: a loaded Chamilo database is accepted, anything else refused by name.

use crate::common::chamilo::ChamiloDb;

#[tokio::test]
async fn a_loaded_chamilo_database_is_served() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    gw.ping().await.expect("reachable");
}

#[tokio::test]
async fn a_database_without_chamilos_tables_is_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    db.sql("DROP TABLE track_e_login; ALTER TABLE user DROP COLUMN salt");
    let platform = db.platform();
    let err = chamilo_platform_store::connect(platform, None, &Default::default())
        .await
        .err()
        .expect("refused");
    let text = err.to_string();
    assert!(text.contains("not a Chamilo 1.11 database"), "{text}");
    assert!(text.contains("table user lacks salt"), "{text}");
    assert!(text.contains("missing tables track_e_login"), "{text}");
}
