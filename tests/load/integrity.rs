//! Load with integrity checks: 4 SOAP clients and 4 REST clients at once create, edit,
//! subscribe and delete users for a fixed number of rounds, and in every round all eight race
//! for the same username and for the same external id. Afterwards the database is read row
//! by row: every reported success is there with what was written, every reported failure left
//! nothing, exactly one of each race won, no username or external id is held twice, and no
//! row exists that nobody reported. SQLite, and PostgreSQL when `TEST_POSTGRES_URL` is set.

use crate::common::{self, load, soap};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::load::{all_users, user_extras, user_ids_with, Client, EXT_FIELD};
use crate::common::soap::{a, i, key, ret_int, s, P};
use chamilo_core::ports::Store;
use tokio::sync::Barrier;

const SOAP_CLIENTS: usize = 4;
const REST_CLIENTS: usize = 4;
const ROUNDS: usize = 20;
const COURSES: usize = 3;

/// What a client was told about one operation.
#[derive(Debug, Clone)]
enum Op {
    /// a create: the user id when it succeeded, else the error text
    Create {
        username: String,
        ext: String,
        result: Result<i64, String>,
    },
    Edit {
        username: String,
        firstname: String,
        result: Result<(), String>,
    },
    Subscribe {
        username: String,
        course: usize,
        result: Result<(), String>,
    },
    Delete {
        username: String,
        result: Result<(), String>,
    },
}

/// The user parts of a SOAP CreateUser.
fn soap_user(login: &str, ext: &str) -> Vec<P> {
    vec![
        s("secret_key", key()),
        s("firstname", format!("First {login}")),
        s("lastname", format!("Last {login}")),
        i("status", 5),
        s("loginname", login),
        s("password", format!("pw-{login}")),
        s("encrypt_method", ""),
        s("user_id_field_name", EXT_FIELD),
        s("user_id_value", ext),
        i("visibility", 1),
        s("email", format!("{login}@example.org")),
        s("language", "english"),
        s("phone", ""),
        s("expiration_date", ""),
        a("extras", "extras", vec![]),
    ]
}

fn soap_fault_text(body: &str) -> String {
    soap::text(body, "faultstring").unwrap_or_else(|| body.chars().take(200).collect())
}

struct World {
    /// the external course ids C0.., and their database ids
    course_ids: Vec<i64>,
    admin_key: String,
    barrier: Barrier,
}

async fn soap_client(app_client: Client, c: usize, world: Arc<World>) -> Vec<Op> {
    let mut ops = Vec::new();
    let create = |login: String, ext: String| {
        let client = app_client.clone();
        async move {
            let (status, body) = client
                .soap("WSUser.CreateUser", &soap_user(&login, &ext))
                .await
                .expect("the server answers");
            let result = if status == 200 {
                Ok(ret_int(&body))
            } else {
                Err(soap_fault_text(&body))
            };
            Op::Create {
                username: login,
                ext,
                result,
            }
        }
    };
    for r in 0..ROUNDS {
        // the races: all eight clients at once
        world.barrier.wait().await;
        ops.push(create(format!("dup{r}"), format!("DU{r}-S{c}")).await);
        ops.push(create(format!("dx{r}_s{c}"), format!("DX{r}")).await);

        // this client's own user
        let login = format!("s{c}r{r}");
        let ext = format!("S{c}-{r}");
        let created = create(login.clone(), ext.clone()).await;
        let ok = matches!(created, Op::Create { result: Ok(_), .. });
        ops.push(created);
        if !ok {
            continue;
        }
        let uref = || vec![s("user_id_field_name", EXT_FIELD), s("user_id_value", &ext)];
        let firstname = format!("Edited {login}");
        let mut parts = vec![s("secret_key", key())];
        parts.extend(uref());
        parts.extend([
            s("firstname", &firstname),
            s("lastname", format!("Last {login}")),
            i("status", 5),
            s("loginname", &login),
            s("password", ""),
            s("encrypt_method", ""),
            s("email", format!("{login}@edited.example.org")),
            s("language", "english"),
            s("phone", "555"),
            s("expiration_date", ""),
            a("extras", "extras", vec![]),
        ]);
        let (status, body) = app_client
            .soap("WSUser.EditUser", &parts)
            .await
            .expect("the server answers");
        ops.push(Op::Edit {
            username: login.clone(),
            firstname,
            result: (status == 200).then_some(()).ok_or(soap_fault_text(&body)),
        });

        let course = r % COURSES;
        let mut parts = vec![
            s("secret_key", key()),
            s("course_id_field_name", "external_course_id"),
            s("course_id_value", format!("C{course}")),
        ];
        parts.extend(uref());
        parts.push(i("status", 5));
        let (status, body) = app_client
            .soap("WSCourse.SubscribeUserToCourse", &parts)
            .await
            .expect("the server answers");
        ops.push(Op::Subscribe {
            username: login.clone(),
            course,
            result: (status == 200).then_some(()).ok_or(soap_fault_text(&body)),
        });

        if r % 3 == 0 {
            let mut parts = vec![s("secret_key", key())];
            parts.extend(uref());
            let (status, body) = app_client
                .soap("WSUser.DeleteUser", &parts)
                .await
                .expect("the server answers");
            ops.push(Op::Delete {
                username: login,
                result: (status == 200).then_some(()).ok_or(soap_fault_text(&body)),
            });
        }
    }
    ops
}

async fn rest_client(client: Client, c: usize, world: Arc<World>) -> Vec<Op> {
    let key = world.admin_key.as_str();
    let call = |fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        async move {
            let mut all: Vec<(&str, &str)> = vec![("username", load::ADMIN)];
            all.push(("api_key", key));
            all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let (status, answer) = client.rest(&all).await.expect("the server answers");
            assert_eq!(status, 200, "{answer}");
            answer
        }
    };
    let create = |login: String, ext: String| {
        let call = &call;
        async move {
            let answer = call(vec![
                ("action", "save_user".into()),
                ("loginname", login.clone()),
                ("password", format!("pw-{login}")),
                ("firstname", format!("First {login}")),
                ("lastname", format!("Last {login}")),
                ("email", format!("{login}@example.org")),
                ("status", "5".into()),
                ("original_user_id_name", EXT_FIELD.into()),
                ("original_user_id_value", ext.clone()),
            ])
            .await;
            let result = if answer["error"] == false {
                Ok(answer["data"][0]
                    .as_i64()
                    .unwrap_or_else(|| panic!("save_user: {answer}")))
            } else {
                Err(answer["message"].to_string())
            };
            Op::Create {
                username: login,
                ext,
                result,
            }
        }
    };
    let answered_true = |answer: &serde_json::Value, path: &str| -> Result<(), String> {
        let ok = answer["error"] == false
            && match path {
                "status" => answer["data"]["status"] == true,
                _ => answer["data"][0] == true,
            };
        ok.then_some(()).ok_or_else(|| answer.to_string())
    };
    let mut ops = Vec::new();
    for r in 0..ROUNDS {
        world.barrier.wait().await;
        ops.push(create(format!("dup{r}"), format!("DU{r}-R{c}")).await);
        ops.push(create(format!("dx{r}_r{c}"), format!("DX{r}")).await);

        let login = format!("r{c}r{r}");
        let created = create(login.clone(), format!("R{c}-{r}")).await;
        let id = match &created {
            Op::Create { result: Ok(id), .. } => *id,
            _ => {
                ops.push(created);
                continue;
            }
        };
        ops.push(created);

        let firstname = format!("Edited {login}");
        let answer = call(vec![
            ("action", "update_user_from_username".into()),
            ("loginname", login.clone()),
            ("firstname", firstname.clone()),
            ("phone", "555".into()),
        ])
        .await;
        ops.push(Op::Edit {
            username: login.clone(),
            firstname,
            result: answered_true(&answer, "0"),
        });

        let course = (r + 1) % COURSES;
        let answer = call(vec![
            ("action", "subscribe_user_to_course".into()),
            ("user_id", id.to_string()),
            ("course_id", world.course_ids[course].to_string()),
        ])
        .await;
        ops.push(Op::Subscribe {
            username: login.clone(),
            course,
            result: answered_true(&answer, "0"),
        });

        if r % 3 == 1 {
            let answer = call(vec![
                ("action", "delete_user".into()),
                ("user_id", id.to_string()),
            ])
            .await;
            ops.push(Op::Delete {
                username: login,
                result: answered_true(&answer, "status"),
            });
        }
    }
    ops
}

/// What the database must hold for one user, from what the clients were told.
#[derive(Debug, Default)]
struct Expected {
    id: i64,
    ext: String,
    firstname: Option<String>,
    course: Option<usize>,
    deleted: bool,
}

async fn run_on(app: &common::TestApp) {
    let started = Instant::now();
    let admin_key = load::admin_key(app).await;
    let setup = Client::new(app);
    let (status, body) = setup
        .soap("WSUser.CreateUser", &soap_user("teacher", "T-1"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let mut course_ids = Vec::new();
    for n in 0..COURSES {
        let parts = vec![
            s("secret_key", key()),
            s("title", format!("Course {n}")),
            s("category_code", "LANG"),
            s("wanted_code", format!("LOAD{n}")),
            s("tutor_name", "Teacher"),
            s("course_admin_user_id_field_name", EXT_FIELD),
            s("course_admin_user_id_value", "T-1"),
            s("language", "english"),
            s("course_id_field_name", "external_course_id"),
            s("course_id_value", format!("C{n}")),
            a("extras", "extras", vec![]),
        ];
        let (status, body) = setup.soap("WSCourse.CreateCourse", &parts).await.unwrap();
        assert_eq!(status, 200, "{body}");
        course_ids.push(ret_int(&body));
    }

    let world = Arc::new(World {
        course_ids: course_ids.clone(),
        admin_key,
        barrier: Barrier::new(SOAP_CLIENTS + REST_CLIENTS),
    });
    let mut tasks = Vec::new();
    for c in 0..SOAP_CLIENTS {
        tasks.push(tokio::spawn(soap_client(
            Client::new(app),
            c,
            world.clone(),
        )));
    }
    for c in 0..REST_CLIENTS {
        tasks.push(tokio::spawn(rest_client(
            Client::new(app),
            c,
            world.clone(),
        )));
    }
    let mut ops = Vec::new();
    for t in tasks {
        ops.extend(t.await.expect("a client task"));
    }
    let load_time = started.elapsed();

    // ---- what the clients were told
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    let mut refused_creates: Vec<(String, String)> = Vec::new();
    let mut own_failures = Vec::new();
    let mut races: BTreeMap<String, Vec<Result<i64, String>>> = BTreeMap::new();
    for op in &ops {
        match op {
            Op::Create {
                username,
                ext,
                result,
            } => {
                if username.starts_with("dup") {
                    races
                        .entry(format!("username {username}"))
                        .or_default()
                        .push(result.clone());
                } else if ext.starts_with("DX") {
                    races
                        .entry(format!("external id {ext}"))
                        .or_default()
                        .push(result.clone());
                } else if let Err(e) = result {
                    own_failures.push(format!("create {username}: {e}"));
                }
                match result {
                    Ok(id) => {
                        let prior = expected.insert(
                            username.clone(),
                            Expected {
                                id: *id,
                                ext: ext.clone(),
                                ..Expected::default()
                            },
                        );
                        assert!(prior.is_none(), "{username} was reported created twice");
                    }
                    Err(_) => refused_creates.push((username.clone(), ext.clone())),
                }
            }
            Op::Edit {
                username,
                firstname,
                result,
            } => match result {
                Ok(()) => expected.get_mut(username).unwrap().firstname = Some(firstname.clone()),
                Err(e) => own_failures.push(format!("edit {username}: {e}")),
            },
            Op::Subscribe {
                username,
                course,
                result,
            } => match result {
                Ok(()) => expected.get_mut(username).unwrap().course = Some(*course),
                Err(e) => own_failures.push(format!("subscribe {username}: {e}")),
            },
            Op::Delete { username, result } => match result {
                Ok(()) => expected.get_mut(username).unwrap().deleted = true,
                Err(e) => own_failures.push(format!("delete {username}: {e}")),
            },
        }
    }
    assert!(
        own_failures.is_empty(),
        "{}: operations without a conflict failed under load:\n{}\nlog:\n{}",
        app.backend,
        own_failures.join("\n"),
        app.log()
    );
    assert_eq!(races.len(), 2 * ROUNDS);
    for (what, results) in &races {
        assert_eq!(results.len(), SOAP_CLIENTS + REST_CLIENTS);
        let winners = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(winners, 1, "{}: race for {what}: {results:?}", app.backend);
    }

    // ---- what the database holds
    let store = load::open_store(&app.database_url).await;
    let users = all_users(&store).await;
    let mut by_name: BTreeMap<String, i64> = BTreeMap::new();
    for u in &users {
        let prior = by_name.insert(u.username.to_lowercase(), u.id);
        assert!(
            prior.is_none(),
            "{}: username {} twice",
            app.backend,
            u.username
        );
    }
    let mut present: BTreeSet<String> = [load::ADMIN.to_string(), "teacher".into()].into();
    for (name, e) in &expected {
        let ids = user_ids_with(&store, EXT_FIELD, &e.ext).await;
        if e.deleted {
            assert!(
                !by_name.contains_key(name),
                "{}: deleted {name} is back",
                app.backend
            );
            assert!(
                ids.is_empty(),
                "{}: deleted {name} left its external id",
                app.backend
            );
            continue;
        }
        present.insert(name.clone());
        let id = *by_name
            .get(name)
            .unwrap_or_else(|| panic!("{}: {name} was reported created but is lost", app.backend));
        assert_eq!(
            id, e.id,
            "{}: {name} has another id than reported",
            app.backend
        );
        assert_eq!(
            ids,
            [id],
            "{}: external id {} of {name}",
            app.backend,
            e.ext
        );
        let user = users.iter().find(|u| u.id == id).unwrap();
        if let Some(first) = &e.firstname {
            assert_eq!(
                &user.firstname, first,
                "{}: edit of {name} lost",
                app.backend
            );
        }
        let extras = user_extras(&store, id).await;
        assert!(
            extras.contains(&(EXT_FIELD.to_string(), e.ext.clone())),
            "{}: {name} extras {extras:?}",
            app.backend
        );
    }
    for (name, ext) in &refused_creates {
        if !name.starts_with("dup") {
            assert!(
                !by_name.contains_key(name),
                "{}: refused {name} exists",
                app.backend
            );
        }
        if !ext.starts_with("DX") {
            assert!(
                user_ids_with(&store, EXT_FIELD, ext).await.is_empty(),
                "{}: refused external id {ext} is mapped",
                app.backend
            );
        }
    }
    let in_db: BTreeSet<String> = by_name.keys().cloned().collect();
    assert_eq!(
        in_db, present,
        "{}: users nobody reported, or lost",
        app.backend
    );

    // external ids: each held once, and only those reported
    let mut held = BTreeMap::new();
    for u in &users {
        for (variable, value) in user_extras(&store, u.id).await {
            if variable == EXT_FIELD {
                let prior = held.insert(value.to_lowercase(), u.id);
                assert!(
                    prior.is_none(),
                    "{}: external id {value} twice",
                    app.backend
                );
            }
        }
    }
    let mut wanted: BTreeSet<String> = expected
        .values()
        .filter(|e| !e.deleted)
        .map(|e| e.ext.to_lowercase())
        .collect();
    wanted.insert("t-1".into());
    assert_eq!(
        held.keys().cloned().collect::<BTreeSet<_>>(),
        wanted,
        "{}",
        app.backend
    );

    // subscriptions: exactly the reported ones (and the teacher)
    for (n, course_id) in course_ids.iter().enumerate() {
        let rows = store.repo().course_users(*course_id).await.unwrap();
        let got: BTreeSet<i64> = rows.iter().map(|r| r.user_id).collect();
        assert_eq!(
            got.len(),
            rows.len(),
            "{}: duplicate course_rel_user",
            app.backend
        );
        let mut want: BTreeSet<i64> = expected
            .values()
            .filter(|e| !e.deleted && e.course == Some(n))
            .map(|e| e.id)
            .collect();
        want.insert(by_name["teacher"]);
        assert_eq!(got, want, "{}: subscriptions of course C{n}", app.backend);
    }
    store.close().await;
    eprintln!(
        "{}: {} operations by {} clients in {:.1?}, {} users checked",
        app.backend,
        ops.len(),
        SOAP_CLIENTS + REST_CLIENTS,
        load_time,
        in_db.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_soap_and_rest_clients_keep_the_database_consistent() {
    for db in chamilo_store::testing::fresh_databases().await {
        let backend = db.backend;
        if backend == "mariadb" {
            continue;
        }
        let app = common::start(backend, &db.url, &[]);
        tokio::time::timeout(Duration::from_secs(60), run_on(&app))
            .await
            .unwrap_or_else(|_| panic!("{backend}: the load run took over 60 s"));
    }
}
