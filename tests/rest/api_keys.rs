//! Api key actions (`crates/rest/src/api_keys.rs`), as one transcript per backend
//! (`snapshots/rest__api_keys__api_keys.snap`).

use crate::common::rest::{Rest, Transcript};

#[tokio::test]
async fn api_keys() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        let id = r.create_user("jdoe", "pw-jdoe").await;
        r.create_user("nokey", "pw").await;
        let key = r.authenticate("jdoe", "pw-jdoe").await;
        let ids = id.to_string();
        let a = step!(
            t,
            r,
            "update_user_apikey (self)",
            r.call(
                "jdoe",
                &key,
                "update_user_apikey",
                &[("user_id", &ids), ("current_api_key", &key)]
            )
        );
        let new_key = a.json()["data"]["api_key"].as_str().unwrap().to_owned();
        assert_ne!(new_key, key);
        step!(
            t,
            r,
            "old key refused",
            r.call("jdoe", &key, "user_profile", &[])
        );
        step!(
            t,
            r,
            "new key works",
            r.call("jdoe", &new_key, "user_profile", &[])
        );
        step!(
            t,
            r,
            "update_user_apikey wrong current key",
            r.call(
                "jdoe",
                &new_key,
                "update_user_apikey",
                &[("user_id", &ids), ("current_api_key", &key)]
            )
        );
        step!(
            t,
            r,
            "update_user_apikey of another user",
            r.call(
                "jdoe",
                &new_key,
                "update_user_apikey",
                &[("user_id", "1"), ("current_api_key", &r.admin_key)]
            )
        );
        step!(
            t,
            r,
            "update_user_apikey missing params",
            r.call("jdoe", &new_key, "update_user_apikey", &[])
        );
        step!(
            t,
            r,
            "get_users_api_keys page 1 of 2",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys&per_page=2",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys page 2",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys&per_page=2&page=2",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys default paging",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key no key yet",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=nokey",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key force",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=nokey&force=true",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key unknown user",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=ghost",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key missing user",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key non-admin",
            r.get(&format!(
                "api_key={new_key}&username=jdoe&action=get_user_api_key&user=admin"
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys non-admin",
            r.get(&format!(
                "api_key={new_key}&username=jdoe&action=get_users_api_keys"
            ))
        );
        insta::assert_snapshot!("api_keys", t.text());
    }
}
