//! Users (`crates/core/src/users/`): a failing write leaves nothing, usernames unique
//! case-insensitively, invalid values named by field, batches as one-by-one creation.

use crate::common::gateways::gateways;
use chamilo_core::courses::NewCourse;
use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::NewSession;
use chamilo_core::users::{NewUser, UserPatch};
use chamilo_core::{Conflict, CoreError, Entity, ExternalRef, Gateway, ItemType};

/// A user `name` to create (Jane Doe, `name@example.org`, a clear password).
pub fn user(name: &str) -> NewUser {
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
/// A database trigger refusing to insert the user `username`: a write failure the gateway
/// cannot foresee, made by the real database.
async fn refuse_username(db: &chamilo_store::testing::TestDatabase, username: &str) {
    use migration::sea_orm::ConnectionTrait;
    let store = chamilo_store::connect(&db.url, &Default::default())
        .await
        .unwrap();
    let sql = match db.backend {
        "sqlite" => vec![format!(
            "CREATE TRIGGER refuse_user BEFORE INSERT ON user WHEN NEW.username = '{username}' \
             BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
        )],
        "postgres" => vec![
            format!(
                "CREATE FUNCTION refuse_user() RETURNS trigger AS $$ BEGIN \
                 IF NEW.username = '{username}' THEN RAISE EXCEPTION 'refused by a test trigger'; \
                 END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER refuse_user BEFORE INSERT ON \"user\" FOR EACH ROW \
             EXECUTE FUNCTION refuse_user()"
                .to_owned(),
        ],
        _ => vec![format!(
            "CREATE TRIGGER refuse_user BEFORE INSERT ON user FOR EACH ROW \
             IF NEW.username = '{username}' THEN SIGNAL SQLSTATE '45000' \
             SET MESSAGE_TEXT = 'refused by a test trigger'; END IF"
        )],
    };
    for statement in sql {
        store
            .connection()
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", db.backend));
    }
}

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
    for ((backend, single, single_db), (_, batch, batch_db)) in one_by_one.into_iter().zip(batched)
    {
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

        // a new field name that is an existing one once normalised (" Badge" is `badge`)
        // joins that field, in a batch as one by one
        let mut joins = user("kim");
        joins.extras = vec![(" Badge".into(), "x".into())];
        let expected = single.create_user(joins.clone()).await.map(|_| ());
        let got = batch
            .create_users(vec![joins])
            .await
            .pop()
            .unwrap()
            .map(|_| ());
        assert_eq!((&got, &expected), (&Ok(()), &Ok(())), "{backend}");

        // a batch whose set-wise write fails where no plan could foresee it (here a trigger
        // refusing one username; in life a concurrent writer) falls back to one transaction
        // per item: the others are written, the refused one is not
        for db in [&single_db, &batch_db] {
            refuse_username(db, "lou").await;
        }
        let next = vec![user("max"), user("lou"), user("ned")];
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
        assert!(
            got[0].is_ok() && matches!(got[1], Err(CoreError::Storage(_))) && got[2].is_ok(),
            "{backend}: {got:?}"
        );
        assert_eq!(
            got.iter().map(Result::is_ok).collect::<Vec<_>>(),
            expected.iter().map(Result::is_ok).collect::<Vec<_>>(),
            "{backend}"
        );
        assert_eq!(dump(&batch).await, dump(&single).await, "{backend}");
    }
}

/// `reactivate_inactive` (registration.soap.php's creates): an external id naming an inactive
/// account brings it back with the new values, in batches too; an active one is still refused,
/// and without the flag the id is refused either way.
#[tokio::test]
async fn a_reactivating_create_brings_an_inactive_account_back() {
    for (backend, gw, _db) in gateways().await {
        let ext = || Some(ExternalRef::new("hr_id", "R-1"));
        let mut first = user("rita");
        first.external_id = ext();
        let id = gw.create_user(first).await.unwrap();
        gw.set_user_active(id, false).await.unwrap();

        let mut plain = user("rita2");
        plain.external_id = ext();
        let refused = gw.create_user(plain).await.unwrap_err();
        assert!(
            matches!(refused, CoreError::AlreadyExists(_)),
            "{backend}: {refused:?}"
        );

        let mut again = user("rita.b");
        again.external_id = ext();
        again.firstname = "Rita".into();
        again.reactivate_inactive = true;
        let results = gw.create_users(vec![again.clone()]).await;
        assert_eq!(results, [Ok(id)], "{backend}");
        let back = gw.get_user(id).await.unwrap();
        assert!(back.active, "{backend}");
        assert_eq!(
            (back.username.as_str(), back.firstname.as_str()),
            ("rita.b", "Rita")
        );

        // active now: the same request is refused
        again.username = "rita.c".into();
        let refused = gw.create_user(again.clone()).await.unwrap_err();
        assert!(
            matches!(refused, CoreError::AlreadyExists(_)),
            "{backend}: {refused:?}"
        );

        // a batch around a reactivation: new users before and after it, set-wise, the
        // answers in input order, the one id in the middle the account brought back
        gw.set_user_active(id, false).await.unwrap();
        let fresh = |name: &str, value: &str| {
            let mut u = user(name);
            u.external_id = Some(ExternalRef::new("HR_ID", value));
            u.reactivate_inactive = true;
            u
        };
        again.username = "rita.d".into();
        let batch = vec![fresh("before", "R-2"), again, fresh("after", "R-3")];
        let results = gw.create_users(batch).await;
        assert_eq!(results.len(), 3, "{backend}");
        assert_eq!(results[1], Ok(id), "{backend}: {results:?}");
        let (before, after) = (results[0].clone().unwrap(), results[2].clone().unwrap());
        assert!(before != id && after != id && before != after, "{backend}");
        assert_eq!(gw.get_user(id).await.unwrap().username, "rita.d");
        assert!(gw.get_user(id).await.unwrap().active, "{backend}");
        assert_eq!(gw.get_user(after).await.unwrap().username, "after");
    }
}
