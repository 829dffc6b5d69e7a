//! What the core-service tests share: a gateway on every configured database (`common::gateways`).

use chamilo_core::passwords::Hasher;
use chamilo_core::Gateway;
use chamilo_store::testing::TestDatabase;
use std::sync::Arc;

/// A gateway per backend, with the database's guard (dropping it drops the database).
pub async fn gateways() -> Vec<(&'static str, Gateway, TestDatabase)> {
    let mut out = Vec::new();
    for db in chamilo_store::testing::fresh_databases().await {
        let store = chamilo_store::connect(&db.url, &Default::default())
            .await
            .expect("connect");
        chamilo_store::migrate(&store).await.expect("migrate");
        // the lowest bcrypt cost: these tests are about the rules, not the hash
        let gateway = Gateway::new(Arc::new(store), Hasher::Standalone { bcrypt_cost: 4 });
        out.push((db.backend, gateway, db));
    }
    out
}
