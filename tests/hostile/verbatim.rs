//! Valid requests whose text parameters carry SQL and HTML payloads: each payload must be
//! stored byte for byte and come back byte for byte, and no row other than the ones the
//! request is about may change. Also the seeding of the corpus servers.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::cases::PAYLOADS;
use super::db::{Db, Snapshot};
use super::rest::{form, Keys, V2};
use super::wire::{self, Request};
use crate::common::soap::{a, all, i, key, ok, ret_int, s, user_parts, P};
use crate::common::TestApp;

const ADMIN_PASSWORD: &str = "admin-pw-hostile";

fn with_key(mut parts: Vec<P>) -> Vec<P> {
    parts.insert(0, s("secret_key", key()));
    parts
}

fn course_parts(title: &str, admin_ext: &str, ext: &str) -> Vec<P> {
    with_key(vec![
        s("title", title),
        s("category_code", "LANG"),
        s("wanted_code", ""),
        s("tutor_name", "Ada Lovelace"),
        s("course_admin_user_id_field_name", "external_user_id"),
        s("course_admin_user_id_value", admin_ext),
        s("language", "english"),
        s("course_id_field_name", "external_course_id"),
        s("course_id_value", ext),
        a("extras", "extras", vec![]),
    ])
}

fn session_parts(name: &str, coach_ext: &str, ext: &str) -> Vec<P> {
    with_key(vec![
        s("name", name),
        s("start_date", "2030-01-01"),
        s("end_date", "2030-12-31"),
        i("nb_days_access_before", 0),
        i("nb_days_access_after", 0),
        i("nolimit", 0),
        i("visibility", 1),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", coach_ext),
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", ext),
        a("extras", "extras", vec![]),
    ])
}

/// Data for injected SQL to hit, were it ever executed: users, a course with a teacher, a
/// session, each with an external id.
pub async fn seed_soap(app: &TestApp) {
    for (login, ext) in [("victim", "SEED-1"), ("bystander", "SEED-2")] {
        let mut parts = with_key(user_parts(login, ext));
        parts.retain(|p| !matches!(p, P::A(..)));
        parts.push(a("extras", "extras", vec![]));
        ok(app, "WSUser.CreateUser", &parts).await;
    }
    ok(
        app,
        "WSCourse.CreateCourse",
        &course_parts("Seed course", "SEED-1", "SEED-C"),
    )
    .await;
    ok(
        app,
        "WSSession.CreateSession",
        &session_parts("Seed session", "SEED-1", "SEED-S"),
    )
    .await;
    ok(
        app,
        "WSCourse.SubscribeUserToCourse",
        &with_key(vec![
            s("course_id_field_name", "external_course_id"),
            s("course_id_value", "SEED-C"),
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", "SEED-2"),
            i("status", 5),
        ]),
    )
    .await;
}

async fn rest_post(app: &TestApp, pairs: &[(&str, &str)]) -> Json {
    let r = wire::send(
        &app.base_url,
        &Request::post(V2, "application/x-www-form-urlencoded", form(pairs)),
    )
    .await
    .expect("REST answers");
    assert_eq!(r.status, 200, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.text()))
}

async fn authenticate(app: &TestApp, user: &str, password: &str) -> String {
    let v = rest_post(
        app,
        &[
            ("action", "authenticate"),
            ("username", user),
            ("password", password),
        ],
    )
    .await;
    v["data"]["apiKey"]
        .as_str()
        .unwrap_or_else(|| panic!("authenticate {user}: {v}"))
        .to_owned()
}

async fn admin_call(app: &TestApp, admin_key: &str, action: &str, fields: &[(&str, &str)]) -> Json {
    let mut pairs = vec![
        ("action", action),
        ("username", "admin"),
        ("api_key", admin_key),
    ];
    pairs.extend_from_slice(fields);
    rest_post(app, &pairs).await
}

/// An admin and a student with their api keys, and SOAP's seed data.
pub async fn seed_rest(app: &TestApp) -> Keys {
    let out = app.cli(&[
        "admin",
        "create",
        "--username",
        "admin",
        "--password",
        ADMIN_PASSWORD,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let admin = authenticate(app, "admin", ADMIN_PASSWORD).await;
    let v = admin_call(
        app,
        &admin,
        "save_user",
        &[
            ("loginname", "student"),
            ("password", "student-pw-1"),
            ("firstname", "S"),
            ("lastname", "T"),
            ("email", "s@example.com"),
            ("status", "5"),
        ],
    )
    .await;
    assert_eq!(v["error"], false, "{v}");
    let student = authenticate(app, "student", "student-pw-1").await;
    seed_soap(app).await;
    Keys { admin, student }
}

/// Every row changed between `before` and `after` is new (nothing that existed changed),
/// and mentions `id` as one of the given fields. Returns the new rows' texts.
fn only_new_rows_about(
    before: &Snapshot,
    after: &Snapshot,
    fields: &[&str],
    id: i64,
    what: &str,
) -> Vec<String> {
    let changed = after.data_changed_since(before);
    assert!(!changed.is_empty(), "{what}: nothing was written");
    let mut rows = Vec::new();
    for (table, pk) in changed {
        assert!(
            before.row(table, &pk).is_none(),
            "{what}: existing row {table}#{pk} changed: {:?} -> {:?}",
            before.row(table, &pk),
            after.row(table, &pk)
        );
        let row = after.row(table, &pk).unwrap().clone();
        let mentions = fields.iter().any(|f| {
            row.contains(&format!("{f}: {id},")) || row.contains(&format!("{f}: {id} }}"))
        });
        assert!(mentions, "{what}: unrelated row {table}#{pk} added: {row}");
        rows.push(row);
    }
    rows
}

/// Exactly the given rows changed (and still exist).
fn only_changed(
    before: &Snapshot,
    after: &Snapshot,
    allowed: &[(&'static str, String)],
    what: &str,
) {
    let changed = after.data_changed_since(before);
    let allowed: BTreeSet<_> = allowed.iter().cloned().collect();
    assert!(
        changed.is_subset(&allowed),
        "{what}: changed {changed:?}, allowed only {allowed:?}"
    );
    assert!(!changed.is_empty(), "{what}: nothing was written");
}

/// `{field: "payload"` as the row's Debug text shows it.
fn field_is(row: &str, field: &str, value: &str) -> bool {
    row.contains(&format!("{field}: {value:?},")) || row.contains(&format!("{field}: {value:?} }}"))
}

pub async fn soap(app: &TestApp) {
    let db = Db::open(&app.database_url).await;
    seed_soap(app).await;
    let out = app.cli(&[
        "admin",
        "create",
        "--username",
        "admin",
        "--password",
        ADMIN_PASSWORD,
    ]);
    assert!(out.status.success());
    let admin_key = authenticate(app, "admin", ADMIN_PASSWORD).await;

    for (n, p) in PAYLOADS.iter().enumerate() {
        let login = format!("pl{n}");
        // CreateUser: names, phone and the external id all carry the payload
        let before = db.snapshot().await;
        let mut parts = with_key(vec![
            s("firstname", *p),
            s("lastname", *p),
            i("status", 5),
            s("loginname", login.clone()),
            s("password", "payload-pw"),
            s("encrypt_method", ""),
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", *p),
            i("visibility", 1),
            s("email", format!("{login}@example.org")),
            s("language", "english"),
            s("phone", *p),
            s("expiration_date", ""),
        ]);
        parts.push(a("extras", "extras", vec![]));
        let uid = ret_int(&ok(app, "WSUser.CreateUser", &parts).await);
        let after = db.snapshot().await;
        let rows = only_new_rows_about(
            &before,
            &after,
            &["id", "user_id", "item_id"],
            uid,
            &format!("CreateUser {p:?}"),
        );
        let user_row = after.row("user", &uid.to_string()).expect("the user row");
        for f in ["firstname", "lastname", "phone"] {
            assert!(
                field_is(user_row, f, p),
                "{f} not stored verbatim: {user_row}"
            );
        }
        assert!(
            rows.iter().any(|r| field_is(r, "value", p)),
            "external id not stored verbatim: {rows:?}"
        );
        // returned verbatim (REST reads the same user)
        let users = admin_call(app, &admin_key, "get_users", &[("status", "*")]).await;
        let me = users["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == login.as_str())
            .unwrap_or_else(|| panic!("{login} listed: {users}"));
        assert_eq!(
            (me["firstname"].as_str(), me["lastname"].as_str()),
            (Some(*p), Some(*p))
        );

        // the payload as a lookup key selects exactly that user
        let before = db.snapshot().await;
        ok(
            app,
            "WSUser.DisableUser",
            &with_key(vec![
                s("user_id_field_name", "external_user_id"),
                s("user_id_value", *p),
            ]),
        )
        .await;
        let after = db.snapshot().await;
        only_changed(
            &before,
            &after,
            &[("user", uid.to_string())],
            &format!("DisableUser {p:?}"),
        );
        assert!(after
            .row("user", &uid.to_string())
            .unwrap()
            .contains("active: false"));

        // CreateCourse: title and external id carry the payload
        let before = db.snapshot().await;
        let cext = format!("c-{p}");
        let cid = ret_int(
            &ok(
                app,
                "WSCourse.CreateCourse",
                &course_parts(p, "SEED-1", &cext),
            )
            .await,
        );
        let after = db.snapshot().await;
        let rows = only_new_rows_about(
            &before,
            &after,
            &["id", "c_id", "item_id", "course_id"],
            cid,
            &format!("CreateCourse {p:?}"),
        );
        assert!(field_is(
            after.row("course", &cid.to_string()).unwrap(),
            "title",
            p
        ));
        assert!(rows.iter().any(|r| field_is(r, "value", &cext)), "{rows:?}");
        let listed = ok(
            app,
            "WSCourse.ListCourses",
            &with_key(vec![
                s("course_id_field_name", "external_course_id"),
                s("visibilities", ""),
            ]),
        )
        .await;
        assert!(
            all(&listed, "title").iter().any(|t| t == p),
            "title {p:?} not returned: {listed}"
        );
        assert!(
            all(&listed, "external_course_id").contains(&cext),
            "{listed}"
        );

        // EditCourseDescription / GetCourseDescriptions: title and content
        let cref = || {
            vec![
                s("course_id_field_name", "external_course_id"),
                s("course_id_value", cext.clone()),
            ]
        };
        let before = db.snapshot().await;
        let mut desc = with_key(cref());
        desc.extend([
            i("course_desc_id", 1),
            s("course_desc_title", *p),
            s("course_desc_content", *p),
        ]);
        ok(app, "WSCourse.EditCourseDescription", &desc).await;
        let after = db.snapshot().await;
        let rows = only_new_rows_about(
            &before,
            &after,
            &["c_id"],
            cid,
            &format!("EditCourseDescription {p:?}"),
        );
        assert!(
            rows.iter()
                .any(|r| field_is(r, "title", p) && field_is(r, "content", p)),
            "{rows:?}"
        );
        let got = ok(app, "WSCourse.GetCourseDescriptions", &with_key(cref())).await;
        assert_eq!(all(&got, "course_desc_title"), [*p], "{got}");
        assert_eq!(all(&got, "course_desc_content"), [*p], "{got}");
    }
}

pub async fn rest(app: &TestApp) {
    let db = Db::open(&app.database_url).await;
    let keys = seed_rest(app).await;
    for (n, p) in PAYLOADS.iter().enumerate() {
        let login = format!("rp{n}");
        let before = db.snapshot().await;
        let v = admin_call(
            app,
            &keys.admin,
            "save_user",
            &[
                ("loginname", &login),
                ("password", "payload-pw-1"),
                ("firstname", p),
                ("lastname", p),
                ("phone", p),
                ("email", "rp@example.com"),
                ("status", "5"),
            ],
        )
        .await;
        let uid = v["data"][0]
            .as_i64()
            .unwrap_or_else(|| panic!("save_user {p:?}: {v}"));
        let after = db.snapshot().await;
        only_new_rows_about(
            &before,
            &after,
            &["id", "user_id", "item_id"],
            uid,
            &format!("save_user {p:?}"),
        );
        let row = after.row("user", &uid.to_string()).unwrap();
        for f in ["firstname", "lastname", "phone"] {
            assert!(field_is(row, f, p), "{f} not stored verbatim: {row}");
        }
        let users = admin_call(app, &keys.admin, "get_users", &[("status", "*")]).await;
        let me = users["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == login.as_str())
            .unwrap_or_else(|| panic!("{login}: {users}"));
        assert_eq!(
            (me["firstname"].as_str(), me["lastname"].as_str()),
            (Some(*p), Some(*p))
        );

        // update_user_from_username: only that user's row changes
        let before = db.snapshot().await;
        let reversed: String = p.chars().rev().collect();
        let v = admin_call(
            app,
            &keys.admin,
            "update_user_from_username",
            &[
                ("loginname", &login),
                ("firstname", &reversed),
                ("lastname", p),
            ],
        )
        .await;
        assert_eq!(v["error"], false, "update_user_from_username {p:?}: {v}");
        let after = db.snapshot().await;
        only_changed(
            &before,
            &after,
            &[("user", uid.to_string())],
            &format!("update_user_from_username {p:?}"),
        );
        assert!(field_is(
            after.row("user", &uid.to_string()).unwrap(),
            "firstname",
            &reversed
        ));
        let users = admin_call(app, &keys.admin, "get_users", &[("status", "*")]).await;
        let me = users["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == login.as_str())
            .unwrap();
        assert_eq!(me["firstname"].as_str(), Some(reversed.as_str()));
    }
    // the payload as a username lookup finds nobody and writes nothing
    let before = db.snapshot().await;
    for p in PAYLOADS {
        let v = admin_call(app, &keys.admin, "username_exist", &[("loginname", p)]).await;
        assert_eq!(v["data"], serde_json::json!([false]), "{p:?}: {v}");
    }
    assert!(db.snapshot().await.data_changed_since(&before).is_empty());
}
