//! Two gateway processes over one PostgreSQL database, as README's "Several gateway processes"
//! runs them: racing creates through both map every external id once, and an api key rotated
//! through one is refused by the other once its read cache has expired (one second,
//! `chamilo_core::DEFAULT_CACHE_TTL`).

use crate::common::rest::Rest;
use crate::common::soap::{self, core, key, s, user_parts};
use crate::common::start;
use chamilo_core::ItemType;

#[tokio::test]
async fn two_processes_over_one_postgresql_database() {
    let Some(db) = chamilo_store::testing::fresh_databases()
        .await
        .into_iter()
        .find(|d| d.backend == "postgres")
    else {
        return;
    };
    // the first migrates; the second starts once it serves
    let a = Rest::on(start("postgres", &db.url, &[])).await;
    let b = Rest::on(start("postgres", &db.url, &[])).await;

    // each external id asked for through both, under two usernames, on a database where the
    // external-id field does not exist yet: its first creation races too
    const N: usize = 8;
    let mut calls = Vec::new();
    for n in 0..N {
        for (side, app) in [&a.app, &b.app].into_iter().enumerate() {
            let mut parts = vec![s("secret_key", key())];
            parts.extend(user_parts(&format!("twin{n}_{side}"), &format!("TWIN-{n}")));
            calls.push(async move { soap::call(app, "WSUser.CreateUser", &parts).await });
        }
    }
    let answers: Vec<(u16, String)> = crate::common::join_all(calls).await;
    let created = answers.iter().filter(|(status, _)| *status == 200).count();
    assert_eq!(created, N, "one create per external id: {answers:?}");
    let gw = core(&a.app).await;
    for n in 0..N {
        let holders = gw
            .items_by_extra(ItemType::User, "external_user_id", &format!("twin-{n}"))
            .await
            .unwrap();
        assert_eq!(holders.len(), 1, "TWIN-{n} held by {holders:?}");
    }

    // an api key rotated through A is refused by B after B's cache has expired
    let id = a.create_user("rotor", "rotor-pw").await;
    let old = a.authenticate("rotor", "rotor-pw").await;
    let seen = b.call("rotor", &old, "user_profile", &[]).await;
    assert_eq!(
        seen.json()["error"],
        false,
        "B takes the key: {}",
        seen.body
    );
    let rotated = a
        .call(
            "rotor",
            &old,
            "update_user_apikey",
            &[("user_id", &id.to_string()), ("current_api_key", &old)],
        )
        .await;
    let new = rotated.json()["data"]["api_key"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", rotated.body))
        .to_owned();
    assert_ne!(new, old);
    tokio::time::sleep(chamilo_core::DEFAULT_CACHE_TTL + std::time::Duration::from_millis(100))
        .await;
    let refused = b.call("rotor", &old, "user_profile", &[]).await;
    assert_eq!(
        refused.json()["error"],
        true,
        "B refuses the old key: {}",
        refused.body
    );
    let taken = b.call("rotor", &new, "user_profile", &[]).await;
    assert_eq!(
        taken.json()["error"],
        false,
        "B takes the new key: {}",
        taken.body
    );
    drop((a, b));
    drop(db);
}
