//! Passwords (`crates/core/src/passwords.rs`): every stored method verifies.

use crate::common::gateways::gateways;
use crate::users::user;
use chamilo_core::passwords::PasswordInput;
use chamilo_core::users::NewUser;

#[tokio::test]
async fn passwords_verify_for_every_stored_method() {
    for (backend, gw, _db) in gateways().await {
        let cases = [
            ("u_bcrypt", PasswordInput::Clear("pw-b".into()), "pw-b"),
            (
                "u_md5",
                PasswordInput::from_parts("5ebe2294ecd0e0f08eab7690d2a6ee69", "md5").unwrap(),
                "secret",
            ),
            (
                "u_sha1",
                PasswordInput::from_parts("e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", "sha1")
                    .unwrap(),
                "secret",
            ),
            (
                "u_none",
                PasswordInput::from_parts("plain", "none").unwrap(),
                "plain",
            ),
        ];
        for (name, password, clear) in cases {
            gw.create_user(NewUser {
                password,
                ..user(name)
            })
            .await
            .unwrap();
            let ok = gw.login(name, clear, "127.0.0.1").await.unwrap();
            assert!(ok.is_ok(), "{backend}: {name} logs in");
            let bad = gw.login(name, "wrong", "127.0.0.1").await.unwrap();
            assert_eq!(bad, Err(chamilo_core::LoginRefusal::BadCredentials));
        }
        let id = gw.find_user_by_username("u_md5").await.unwrap().unwrap().id;
        assert_eq!(gw.logins_of(id).await.unwrap().len(), 1, "{backend}");
        gw.set_user_active(id, false).await.unwrap();
        assert_eq!(
            gw.login("u_md5", "secret", "127.0.0.1").await.unwrap(),
            Err(chamilo_core::LoginRefusal::Inactive)
        );
    }
}
