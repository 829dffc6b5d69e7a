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

/// Chamilo's own password check (`../shared/spec/chamilo-db/check-password.php`, its encoder
/// rules re-implemented in PHP), run with php-cli.
mod chamilo {
    use chamilo_core::passwords::{Hasher, PasswordInput, PasswordMethod, PlatformPasswords};
    use std::process::Command;

    const METHODS: [PasswordMethod; 4] = [
        PasswordMethod::Bcrypt,
        PasswordMethod::Sha1,
        PasswordMethod::Md5,
        PasswordMethod::None,
    ];

    fn script() -> String {
        format!(
            "{}/../shared/spec/chamilo-db/check-password.php",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    fn php(args: &[&str]) -> (i32, String) {
        let out = Command::new("php")
            .arg(script())
            .args(args)
            .output()
            .expect("php-cli runs check-password.php");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.code().unwrap_or(-1), text)
    }

    fn platform(method: PasswordMethod, conversion: bool) -> Hasher {
        Hasher::Platform(PlatformPasswords { method, conversion })
    }

    #[tokio::test]
    async fn hashes_made_for_a_platform_pass_chamilos_check() {
        for method in METHODS {
            let stored = platform(method, false)
                .store(PasswordInput::Clear("Tÿped pw".into()))
                .await
                .unwrap();
            assert_eq!(
                stored.salt.len(),
                43,
                "{method:?}: a salt as Chamilo writes"
            );
            let m = method.as_str();
            let check = |typed: &'static str, conversion: bool| {
                let mut args = vec!["verify", m, &stored.hash, &stored.salt, typed];
                if conversion {
                    args.push("--conversion");
                }
                php(&args)
            };
            assert_eq!(check("Tÿped pw", false).1, "VALID", "{m}");
            assert_eq!(check("Tÿped pW", false).1, "INVALID", "{m}");
            assert_eq!(check("Tÿped pw", true).1, "VALID", "{m} with conversion");
        }
    }

    #[tokio::test]
    async fn chamilos_hashes_verify_under_the_platform_method() {
        for method in METHODS {
            let m = method.as_str();
            let salt = "aSaltWithout.Braces";
            let (code, hash) = php(&["encode", m, "chamilo-made", salt]);
            assert_eq!(code, 0, "{m}: {hash}");
            let stored = chamilo_core::passwords::StoredPassword {
                method,
                hash,
                salt: if method == PasswordMethod::Bcrypt {
                    String::new()
                } else {
                    salt.into()
                },
            };
            let hasher = platform(method, false);
            assert!(hasher.verify("chamilo-made", &stored).await, "{m}");
            assert!(!hasher.verify("chamilo-madE", &stored).await, "{m}");
            // under another platform method, Chamilo would refuse it too
            let other = platform(PasswordMethod::Sha1, false);
            if method != PasswordMethod::Sha1 {
                assert!(
                    !other.verify("chamilo-made", &stored).await,
                    "{m} under sha1"
                );
            }
            // with password_conversion the hash's shape chooses the method
            assert!(
                platform(PasswordMethod::Sha1, true)
                    .verify("chamilo-made", &stored)
                    .await
            );
        }
    }

    #[tokio::test]
    async fn a_platform_takes_client_hashes_only_in_its_own_method() {
        let md5 = "5ebe2294ecd0e0f08eab7690d2a6ee69"; // md5("secret")
        let input = PasswordInput::from_parts(md5, "md5").unwrap();
        let stored = platform(PasswordMethod::Md5, false)
            .store(input.clone())
            .await
            .unwrap();
        assert_eq!((stored.hash.as_str(), stored.salt.as_str()), (md5, ""));
        assert_eq!(php(&["verify", "md5", md5, "", "secret"]).1, "VALID");
        let refused = platform(PasswordMethod::Bcrypt, false).store(input).await;
        assert!(
            matches!(
                refused,
                Err(chamilo_core::CoreError::Invalid {
                    field: "encrypt_method",
                    ..
                })
            ),
            "{refused:?}"
        );
        let long = PasswordInput::Clear("x".repeat(73));
        assert!(platform(PasswordMethod::Bcrypt, false)
            .store(long)
            .await
            .is_err());
    }
}
