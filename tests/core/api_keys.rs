//! Api keys (`crates/core/src/api_keys.rs`): issue, validate, rotate.

use crate::common::gateways::gateways;
use crate::users::user;

#[tokio::test]
async fn api_keys_issue_validate_and_rotate() {
    for (backend, gw, _db) in gateways().await {
        let id = gw.create_user(user("keyholder")).await.unwrap();
        assert_eq!(gw.current_api_key(id).await.unwrap(), None);
        // validating never creates a key
        assert!(gw
            .validate_api_key("keyholder", "0".repeat(32).as_str())
            .await
            .unwrap()
            .is_none());
        assert_eq!(gw.current_api_key(id).await.unwrap(), None, "{backend}");

        let key = gw.api_key_for(id).await.unwrap();
        assert_eq!(key.len(), 32);
        assert_eq!(gw.api_key_for(id).await.unwrap(), key, "stable");
        let who = gw.validate_api_key("KEYHOLDER", &key).await.unwrap();
        assert_eq!(who.map(|u| u.id), Some(id));
        assert!(gw
            .validate_api_key("keyholder", &key.to_uppercase())
            .await
            .unwrap()
            .is_none());

        let rotated = gw.rotate_api_key(id).await.unwrap();
        assert_ne!(rotated, key);
        assert!(gw
            .validate_api_key("keyholder", &key)
            .await
            .unwrap()
            .is_none());
        assert!(gw
            .validate_api_key("keyholder", &rotated)
            .await
            .unwrap()
            .is_some());
    }
}
