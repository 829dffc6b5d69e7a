//! Two gateway processes over one Chamilo database, racing creates with the same external ids
//! and usernames: Chamilo has no unique index on external ids, so only the store's locking
//! keeps each mapped once.

use crate::common::chamilo::ChamiloDb;
use crate::common::soap::{self, key, s, user_parts};
use crate::common::start_on_chamilo;

#[tokio::test]
async fn two_processes_never_map_an_external_id_or_a_username_twice() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let apps = [start_on_chamilo(&db, &[]), start_on_chamilo(&db, &[])];
    const N: usize = 12;
    // each external id asked for by both processes, under two usernames, and each username
    // asked for by both processes under two external ids
    let mut calls = Vec::new();
    for n in 0..N {
        for (side, app) in apps.iter().enumerate() {
            let login = format!("racer{n}_{side}");
            for ext in [format!("RACE-{n}"), format!("RACE-{n}-{side}")] {
                let mut parts = vec![s("secret_key", key())];
                parts.extend(user_parts(&login, &ext));
                let login = login.clone();
                calls.push(async move {
                    let (status, body) = soap::call(app, "WSUser.CreateUser", &parts).await;
                    (login, ext, status, body)
                });
            }
        }
    }
    let results = crate::common::join_all(calls).await;
    let mut created = Vec::new();
    for (login, ext, status, body) in &results {
        if *status == 200 {
            created.push((soap::ret_int(body), login.clone(), ext.clone()));
        }
    }
    assert!(!created.is_empty(), "no create succeeded: {:?}", results[0]);
    // every external id is held once at most, every username exists once at most
    let twice = db.sql(
        "SELECT v.value, COUNT(*) FROM extra_field_values v JOIN extra_field f \
         ON f.id = v.field_id WHERE f.variable = 'external_user_id' \
         GROUP BY v.value HAVING COUNT(*) > 1",
    );
    assert_eq!(twice, "", "external ids mapped twice");
    let fields = db.sql(
        "SELECT COUNT(*) FROM extra_field WHERE variable = 'external_user_id' \
         AND extra_field_type = 1",
    );
    assert_eq!(fields, "1", "the field was created once");
    let logins =
        db.sql("SELECT username, COUNT(*) FROM user GROUP BY username HAVING COUNT(*) > 1");
    assert_eq!(logins, "");
    // every reported success is there, with its external id
    for (id, login, ext) in &created {
        let row = db.sql(&format!(
            "SELECT u.username, v.value FROM user u JOIN extra_field_values v ON v.item_id = u.id \
             JOIN extra_field f ON f.id = v.field_id AND f.variable = 'external_user_id' \
             WHERE u.id = {id}"
        ));
        assert_eq!(row, format!("{login}\t{ext}"), "user {id}");
    }
    // one create per username succeeded (its first external id or its second)
    let failures: Vec<_> = results
        .iter()
        .filter(|r| r.2 != 200)
        .map(|(login, ext, _, body)| (login, ext, soap::text(body, "faultstring")))
        .collect();
    assert_eq!(created.len(), 2 * N, "{failures:?}");
}
