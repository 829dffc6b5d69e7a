//! Core services against real databases: SQLite always, PostgreSQL and MariaDB when configured.

mod common;

use chamilo_core::courses::{CoursePatch, NewCourse};
use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::NewSession;
use chamilo_core::users::{NewUser, UserPatch};
use chamilo_core::{Conflict, CoreError, Entity, ExternalRef, Gateway, ItemRef, ItemType};
use common::gateways::gateways;

fn user(name: &str) -> NewUser {
    NewUser {
        username: name.into(),
        firstname: "Jane".into(),
        lastname: "Doe".into(),
        email: format!("{name}@example.org"),
        password: PasswordInput::Clear("secret".into()),
        ..NewUser::default()
    }
}

#[tokio::test]
async fn a_failing_write_leaves_nothing_behind() {
    for (backend, gw, _db) in gateways().await {
        let mut new = user("ghost");
        new.external_id = Some(ExternalRef::new("ext_id", "G-1"));
        new.extras = vec![("badge".into(), "B1".into())];
        new.access_url_id = 999; // fails after the user row was inserted
        let err = gw.create_user(new).await.unwrap_err();
        assert_eq!(err, CoreError::NotFound(Entity::AccessUrl), "{backend}");
        assert!(gw.find_user_by_username("ghost").await.unwrap().is_none());
        let lookup = gw
            .resolve(ItemType::User, &ExternalRef::new("ext_id", "G-1"))
            .await;
        assert_eq!(lookup, Err(CoreError::NotFound(Entity::User)), "{backend}");
        // the id is free again for a correct request
        let mut retry = user("ghost");
        retry.external_id = Some(ExternalRef::new("ext_id", "G-1"));
        assert!(gw.create_user(retry).await.is_ok(), "{backend}");
    }
}

#[tokio::test]
async fn usernames_are_unique_case_insensitively() {
    for (backend, gw, _db) in gateways().await {
        let id = gw.create_user(user("jdoe")).await.unwrap();
        assert_eq!(
            gw.create_user(user("JDoe")).await,
            Err(CoreError::AlreadyExists(Conflict::Username)),
            "{backend}"
        );
        assert_eq!(
            gw.find_user_by_username("JDOE").await.unwrap().unwrap().id,
            id
        );
        let other = gw.create_user(user("other")).await.unwrap();
        let rename = UserPatch {
            username: Some("jDoe".into()),
            ..UserPatch::default()
        };
        assert_eq!(
            gw.edit_user(other, rename).await,
            Err(CoreError::AlreadyExists(Conflict::Username)),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn invalid_values_name_their_field_and_write_nothing() {
    for (backend, gw, _db) in gateways().await {
        let cases: Vec<(NewUser, &str)> = vec![
            (user(""), "username"),
            (
                NewUser {
                    email: "not-an-email".into(),
                    ..user("a1")
                },
                "email",
            ),
            (
                NewUser {
                    status: 2,
                    ..user("a2")
                },
                "status",
            ),
            (
                NewUser {
                    password: PasswordInput::Clear(String::new()),
                    ..user("a3")
                },
                "password",
            ),
            (
                NewUser {
                    password: PasswordInput::from_parts("xyz", "md5").unwrap(),
                    ..user("a4")
                },
                "password",
            ),
        ];
        for (new, field) in cases {
            match gw.create_user(new).await {
                Err(CoreError::Invalid { field: f, .. }) => assert_eq!(f, field, "{backend}"),
                other => panic!("{backend}: expected invalid {field}, got {other:?}"),
            }
        }
        let all = gw.list_users(&Default::default()).await.unwrap();
        assert!(all.is_empty(), "{backend}: nothing written");
        // the same limits on every database (SQLite alone would have stored these)
        let long_session = NewSession::named(&"s".repeat(151));
        assert!(matches!(
            gw.create_session(long_session).await,
            Err(CoreError::Invalid { field: "name", .. })
        ));
        let long_title = NewCourse {
            title: "t".repeat(256),
            ..NewCourse::default()
        };
        assert!(matches!(
            gw.create_course(long_title).await,
            Err(CoreError::Invalid { field: "title", .. })
        ));
        let bad_date =
            chamilo_core::sessions::parse_session_date("access_start_date", "2024-02-30");
        assert!(matches!(
            bad_date,
            Err(CoreError::Invalid {
                field: "access_start_date",
                ..
            })
        ));
    }
}

#[tokio::test]
async fn external_ids_resolve_case_insensitively_and_are_unique_per_field() {
    for (backend, gw, _db) in gateways().await {
        let mut a = user("alice");
        a.external_id = Some(ExternalRef::new("HR_ID", "Emp-001"));
        let alice = gw.create_user(a).await.unwrap();

        for (name, value) in [
            ("hr_id", "emp-001"),
            ("HR_ID", "EMP-001 "),
            ("Hr_Id", "Emp-001"),
        ] {
            let got = gw
                .resolve(ItemType::User, &ExternalRef::new(name, value))
                .await;
            assert_eq!(got, Ok(alice), "{backend}: {name}={value}");
        }
        // the internal id (adapters read it off the wire by the reserved name); the reserved
        // name is case-sensitive
        assert_eq!(gw.resolve(ItemType::User, alice).await, Ok(alice));
        assert_eq!(
            gw.resolve(ItemType::User, ItemRef::Id(alice + 1000)).await,
            Err(CoreError::NotFound(Entity::User))
        );
        assert_eq!(
            gw.resolve(
                ItemType::User,
                &ExternalRef::new("Chamilo_User_Id", alice.to_string())
            )
            .await,
            Err(CoreError::NotFound(Entity::User))
        );

        let mut b = user("bob");
        b.external_id = Some(ExternalRef::new("hr_id", "EMP-001"));
        assert_eq!(
            gw.create_user(b).await,
            Err(CoreError::AlreadyExists(Conflict::ExternalId {
                field: "hr_id".into()
            })),
            "{backend}"
        );
        assert!(gw.find_user_by_username("bob").await.unwrap().is_none());

        // the same value in another field, or for another item type, is fine
        let mut c = user("carol");
        c.external_id = Some(ExternalRef::new("payroll_id", "EMP-001"));
        assert!(gw.create_user(c).await.is_ok());
        let course = gw
            .create_course(NewCourse {
                title: "Physics".into(),
                external_id: Some(ExternalRef::new("hr_id", "EMP-001")),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(
            gw.resolve(ItemType::Course, &ExternalRef::new("HR_ID", "emp-001"))
                .await,
            Ok(course.id)
        );

        // deleting the record frees its id
        gw.delete_user(alice).await.unwrap();
        assert_eq!(
            gw.resolve(ItemType::User, &ExternalRef::new("hr_id", "EMP-001"))
                .await,
            Err(CoreError::NotFound(Entity::User))
        );
    }
}

#[tokio::test]
async fn course_codes_are_derived_and_varied_when_taken() {
    for (backend, gw, _db) in gateways().await {
        let first = gw
            .create_course(NewCourse {
                title: "Économie 101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(first.code, "ECONOMIE101", "{backend}");
        let second = gw
            .create_course(NewCourse {
                title: "Another".into(),
                wanted_code: "economie101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(second.code, "ECONOMIE1011", "{backend}");
        let third = gw
            .create_course(NewCourse {
                title: "Économie 101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(third.code, "ECONOMIE1012", "{backend}");
        assert_eq!(
            gw.find_course_by_code("economie1011")
                .await
                .unwrap()
                .unwrap()
                .id,
            second.id
        );
        assert!(matches!(
            gw.create_course(NewCourse {
                title: "x".into(),
                visibility: 7,
                ..NewCourse::default()
            })
            .await,
            Err(CoreError::Invalid {
                field: "visibility",
                ..
            })
        ));
        gw.edit_course(
            first.id,
            CoursePatch {
                visibility: Some(0),
                subscribe: Some(false),
                ..CoursePatch::default()
            },
        )
        .await
        .unwrap();
        let edited = gw.get_course(first.id).await.unwrap();
        assert_eq!((edited.visibility, edited.subscribe), (0, false));
    }
}

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

#[tokio::test]
async fn subscriptions_are_additive_and_follow_the_session() {
    for (backend, gw, _db) in gateways().await {
        let teacher = gw.create_user(user("teach")).await.unwrap();
        let s1 = gw.create_user(user("stud1")).await.unwrap();
        let s2 = gw.create_user(user("stud2")).await.unwrap();
        let course = gw
            .create_course(NewCourse {
                title: "Maths".into(),
                teacher_id: Some(teacher),
                ..NewCourse::default()
            })
            .await
            .unwrap()
            .id;
        gw.subscribe_user_to_course(course, s1, 5).await.unwrap();
        assert_eq!(
            gw.subscribe_user_to_course(course, s1, 5).await,
            Err(CoreError::AlreadyExists(Conflict::Subscription))
        );
        assert_eq!(gw.course_users(course).await.unwrap().len(), 2, "{backend}");
        // the only teacher cannot be deleted
        assert!(matches!(
            gw.delete_user(teacher).await,
            Err(CoreError::Forbidden(_))
        ));

        let session = gw
            .create_session(NewSession::named("Spring"))
            .await
            .unwrap();
        assert_eq!(
            gw.create_session(NewSession::named("spring")).await,
            Err(CoreError::AlreadyExists(Conflict::SessionName))
        );
        gw.add_course_to_session(session, course).await.unwrap();
        gw.subscribe_user_to_session(session, s1).await.unwrap();
        gw.subscribe_user_to_session(session, s2).await.unwrap();
        let members: Vec<i64> = gw
            .session_users(session)
            .await
            .unwrap()
            .iter()
            .map(|m| m.user_id)
            .collect();
        assert_eq!(members, vec![s1, s2], "{backend}: adding keeps the others");
        assert_eq!(
            gw.session_course_users(session, course)
                .await
                .unwrap()
                .len(),
            2
        );
        gw.add_session_course_coach(session, course, teacher)
            .await
            .unwrap();
        gw.unsubscribe_user_from_session(session, s1).await.unwrap();
        let rows = gw.session_course_users(session, course).await.unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.user_id, r.status))
                .collect::<Vec<_>>(),
            vec![(teacher, 2), (s2, 0)]
        );
        gw.remove_course_from_session(session, course)
            .await
            .unwrap();
        assert!(gw.session_courses(session).await.unwrap().is_empty());
        assert_eq!(
            gw.remove_course_from_session(session, course).await,
            Err(CoreError::NotFound(Entity::Subscription))
        );
        gw.delete_session(session).await.unwrap();
        assert_eq!(
            gw.get_session(session).await,
            Err(CoreError::NotFound(Entity::Session))
        );
    }
}

/// A batch covering every way an item can fail, in an order where later items depend on
/// earlier ones (a failed item frees its username and external id for a later one).
fn tricky_batch() -> Vec<NewUser> {
    let ext = |u: &mut NewUser, field: &str, value: &str| {
        u.external_id = Some(ExternalRef::new(field, value));
    };
    let mut out = Vec::new();
    let mut a = user("ann");
    ext(&mut a, "hr_id", "E1");
    a.extras = vec![
        ("badge".into(), "first".into()),
        ("".into(), "skipped".into()),
        ("Badge".into(), "second".into()),
    ];
    out.push(a);
    out.push(user("ANN")); // same username as the item before
    out.push(user("seeded")); // taken in the database
    let mut b = user("ben");
    ext(&mut b, "HR_ID", "e1 "); // same external id as ann's, other case
    out.push(b);
    let mut c = user("cid");
    ext(&mut c, "hr_id", "SEEDED-1"); // taken in the database
    out.push(c);
    let mut d = user("dee");
    ext(&mut d, "new_field", "N1");
    d.access_url_id = 999; // fails late: its username, id and field stay free
    out.push(d);
    let mut e = user("dee");
    ext(&mut e, "hr_id", "E2");
    out.push(e);
    let mut f = user("fay");
    ext(&mut f, "hr_id", "  ");
    out.push(f);
    let mut g = user("gus");
    ext(&mut g, &"x".repeat(300), "G1");
    out.push(g);
    let mut h = user("hal");
    h.email = "not-an-address".into();
    out.push(h);
    let mut i = user("ida");
    i.password = PasswordInput::from_parts("nothex", "sha1").unwrap();
    out.push(i);
    let mut j = user("jo");
    j.password =
        PasswordInput::from_parts("E5E9FA1BA31ECD1AE84F75CAAA474F3A663F05F4", "sha1").unwrap();
    ext(&mut j, "chamilo_user_id", "77"); // the internal id name stores nothing
    j.extras = vec![("hr_id".into(), "E9".into())]; // an extra overwrites the same field
    out.push(j);
    let mut k = user("kim");
    ext(&mut k, "hr_id", "E9"); // jo's extra claimed it
    out.push(k);
    out
}

/// The observable state: every user with its extras, and every user extra field.
async fn dump(gw: &Gateway) -> Vec<String> {
    use chamilo_core::users::UserFilter;
    let mut out = Vec::new();
    let mut users = gw.list_users(&UserFilter::default()).await.unwrap();
    users.sort_by(|a, b| a.username.cmp(&b.username));
    for u in users {
        let extras: Vec<String> = gw
            .user_extras(u.id)
            .await
            .unwrap()
            .into_iter()
            .map(|v| format!("{}={}", v.field.variable, v.value))
            .collect();
        out.push(format!(
            "{} {} {} {:?} {:?}",
            u.username, u.email, u.active, u.password.method, extras
        ));
    }
    for name in ["hr_id", "new_field", "badge"] {
        let field = gw.find_extra_field(ItemType::User, name).await.unwrap();
        out.push(format!("{name}: {}", field.is_some()));
    }
    out
}

async fn seed(gw: &Gateway) {
    let mut s = user("seeded");
    s.external_id = Some(ExternalRef::new("hr_id", "seeded-1"));
    gw.create_user(s).await.unwrap();
}

#[tokio::test]
async fn a_batch_answers_and_writes_as_one_by_one_creation_would() {
    let one_by_one = gateways().await;
    let batched = gateways().await;
    for ((backend, single, _db), (_, batch, _db2)) in one_by_one.into_iter().zip(batched) {
        seed(&single).await;
        seed(&batch).await;
        let mut expected = Vec::new();
        for new in tricky_batch() {
            expected.push(single.create_user(new).await.map(|_| ()));
        }
        let got: Vec<_> = batch
            .create_users(tricky_batch())
            .await
            .into_iter()
            .map(|r| r.map(|_| ()))
            .collect();
        assert_eq!(got, expected, "{backend}");
        assert_eq!(
            got.iter().filter(|r| r.is_ok()).count(),
            3,
            "{backend}: ann, the second dee and jo"
        );
        assert_eq!(dump(&batch).await, dump(&single).await, "{backend}");
        let jo = batch.find_user_by_username("jo").await.unwrap().unwrap();
        assert_eq!(
            batch
                .resolve(ItemType::User, &ExternalRef::new("hr_id", "e9"))
                .await,
            Ok(jo.id),
            "{backend}"
        );

        // a batch whose set-wise write fails (a new field name that clashes with an
        // existing one only once normalised) falls back to one transaction per item
        let mut clash = user("lou");
        clash.extras = vec![(" Badge".into(), "x".into())];
        let next = vec![user("max"), clash, user("ned")];
        let mut expected = Vec::new();
        for new in next.clone() {
            expected.push(single.create_user(new).await.map(|_| ()));
        }
        let got: Vec<_> = batch
            .create_users(next)
            .await
            .into_iter()
            .map(|r| r.map(|_| ()))
            .collect();
        assert_eq!(got, expected, "{backend}");
        assert!(
            got[0].is_ok() && got[1].is_err() && got[2].is_ok(),
            "{backend}: {got:?}"
        );
        assert_eq!(dump(&batch).await, dump(&single).await, "{backend}");
    }
}
