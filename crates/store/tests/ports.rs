//! Round trips through every port, on every backend available.

mod common;

use chamilo_core::types::api_keys::REST_SERVICE;
use chamilo_core::types::courses::{CourseDescription, CourseFilter};
use chamilo_core::types::extra_fields::{lookup_key, ExtraField, FIELD_TYPE_TEXT};
use chamilo_core::types::groups::{Group, GroupLink};
use chamilo_core::types::sessions::{SessionCounts, SessionFilter, SessionText};
use chamilo_core::types::subscriptions::{
    CourseUser, SessionCourse, SessionCourseUser, SessionUser,
};
use chamilo_core::types::tracking::{CourseAccessEvent, LoginEvent};
use chamilo_core::types::urls::{AccessUrl, UrlMember};
use chamilo_core::types::users::UserFilter;
use chamilo_core::{Conflict, CoreError, ItemType};
use common::{at, contract_stores, course, session, user};

fn already(conflict: Conflict) -> CoreError {
    CoreError::AlreadyExists(conflict)
}

#[tokio::test]
async fn users_round_trip() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let mut alice = user("alice");
        alice.is_admin = true;
        alice.id = repo.insert_user(&alice).await.unwrap();
        let got = repo.get_user(alice.id).await.unwrap();
        assert_eq!(got.as_ref(), Some(&alice), "{backend}");

        let found = repo.find_user_by_username("ALICE").await.unwrap();
        assert_eq!(found.map(|u| u.id), Some(alice.id), "{backend}");
        assert!(repo.find_user_by_username("alic").await.unwrap().is_none());

        let mut bob = user("bob");
        bob.firstname = "Aaron".into();
        bob.status = 1;
        bob.active = false;
        bob.expiration_date = None;
        bob.is_admin = true;
        bob.id = repo.insert_user(&bob).await.unwrap();
        // the admin with the lowest id
        let admin = repo.first_admin().await.unwrap();
        assert_eq!(admin.map(|u| u.id), Some(alice.id), "{backend}");

        // update every column, the admin flag included
        alice.username = "Alice2".into();
        alice.email = "new@example.org".into();
        alice.last_login = Some(at("2025-02-03 04:05:06"));
        alice.is_admin = false;
        repo.update_user(&alice).await.unwrap();
        assert_eq!(
            repo.get_user(alice.id).await.unwrap().as_ref(),
            Some(&alice)
        );
        let admin = repo.first_admin().await.unwrap();
        assert_eq!(admin.map(|u| u.id), Some(bob.id), "{backend}");
        assert!(repo
            .find_user_by_username("alice2")
            .await
            .unwrap()
            .is_some());

        // ordered by firstname: "Aaron" < "First alice"
        let all = repo.list_users(&UserFilter::default()).await.unwrap();
        let ids: Vec<i64> = all.iter().map(|u| u.id).collect();
        assert_eq!(ids, [bob.id, alice.id], "{backend}");
        let teachers = UserFilter {
            status: Some(1),
            ..UserFilter::default()
        };
        assert_eq!(repo.list_users(&teachers).await.unwrap().len(), 1);
        let active = UserFilter {
            active_only: true,
            ..UserFilter::default()
        };
        let active = repo.list_users(&active).await.unwrap();
        assert_eq!(active.iter().map(|u| u.id).collect::<Vec<_>>(), [alice.id]);

        // url filter and paging
        repo.link_to_url(1, UrlMember::User(alice.id))
            .await
            .unwrap();
        repo.link_to_url(1, UrlMember::User(bob.id)).await.unwrap();
        let in_url = UserFilter {
            access_url_id: Some(1),
            ..UserFilter::default()
        };
        assert_eq!(repo.list_users(&in_url).await.unwrap().len(), 2);
        let (page, total) = repo.page_users(1, 1, 10).await.unwrap();
        assert_eq!(total, 2, "{backend}");
        assert_eq!(page.iter().map(|u| u.id).collect::<Vec<_>>(), [bob.id]);
        let (page, total) = repo.page_users(2, 0, 10).await.unwrap();
        assert_eq!((page.len(), total), (0, 0));

        repo.delete_user(bob.id).await.unwrap();
        assert!(repo.get_user(bob.id).await.unwrap().is_none(), "{backend}");
    }
}

/// The bulk insert writes its own SQL: every column must land where the single insert puts it.
#[tokio::test]
async fn bulk_inserted_users_read_back_as_single_inserts_do() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let distinct = |n: usize| {
            let mut u = user(&format!("Bulk{n}"));
            u.lastname = format!("Last {n}");
            u.status = 1 + n as i32;
            u.official_code = Some(format!("OC{n}"));
            u.phone = Some(format!("+33 {n}"));
            u.address = format!("{n} rue Émile-Zola");
            u.language = ["french", "spanish", "english"][n % 3].into();
            u.auth_source = format!("ldap{n}");
            u.active = n.is_multiple_of(2);
            u.expiration_date = (n != 1).then(|| at("2031-02-03 04:05:06"));
            u.registration_date =
                at("2024-05-06 07:08:09") + chrono::Duration::milliseconds(250 * n as i64);
            u.last_login = (n == 2).then(|| at("2025-01-01 00:00:01"));
            u.creator_id = (n != 0).then_some(n as i64);
            u.picture_uri = format!("pic{n}.png");
            u.password.hash = format!("hash-{n}");
            u.is_admin = n == 1;
            u
        };
        let bulk: Vec<_> = (0..3).map(distinct).collect();
        let refs: Vec<_> = bulk.iter().collect();
        let ids = repo.insert_users(&refs).await.unwrap();
        assert_eq!(ids.len(), 3, "{backend}");
        for (n, id) in ids.into_iter().enumerate() {
            let mut twin = distinct(n);
            twin.username = format!("Twin{n}");
            twin.id = repo.insert_user(&twin).await.unwrap();
            let single = repo.get_user(twin.id).await.unwrap().unwrap();
            let mut got = repo.get_user(id).await.unwrap().unwrap();
            assert_eq!(got.username, format!("Bulk{n}"), "{backend}");
            (got.id, got.username) = (single.id, single.username.clone());
            assert_eq!(got, single, "{backend}: user {n}");
            let found = repo.find_user_by_username(&format!("bulk{n}")).await;
            assert_eq!(found.unwrap().map(|u| u.id), Some(id), "{backend}");
        }
    }
}

#[tokio::test]
async fn usernames_are_unique_case_insensitively() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        repo.insert_user(&user("jdoe")).await.unwrap();
        let err = repo.insert_user(&user("JDoe")).await.unwrap_err();
        assert_eq!(err, already(Conflict::Username), "{backend}");

        let mut other = user("other");
        other.id = repo.insert_user(&other).await.unwrap();
        other.username = "JDOE".into();
        let err = repo.update_user(&other).await.unwrap_err();
        assert_eq!(err, already(Conflict::Username), "{backend}");
    }
}

#[tokio::test]
async fn courses_and_descriptions_round_trip() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let mut phys = course("PHYS");
        phys.id = repo.insert_course(&phys).await.unwrap();
        assert_eq!(
            repo.get_course(phys.id).await.unwrap().as_ref(),
            Some(&phys)
        );
        let found = repo.find_course_by_code("phys").await.unwrap();
        assert_eq!(found.map(|c| c.id), Some(phys.id), "{backend}");

        let err = repo.insert_course(&course("phys")).await.unwrap_err();
        assert_eq!(err, already(Conflict::CourseCode), "{backend}");

        phys.title = "Zoology".into();
        phys.registration_code = Some("sha1".into());
        phys.last_visit = Some(at("2024-03-03 03:03:03"));
        repo.update_course(&phys).await.unwrap();
        assert_eq!(
            repo.get_course(phys.id).await.unwrap().as_ref(),
            Some(&phys)
        );

        let mut chem = course("CHEM");
        chem.visibility = 4;
        chem.id = repo.insert_course(&chem).await.unwrap();
        let all = repo.list_courses(&CourseFilter::default()).await.unwrap();
        // by title: "Title CHEM" < "Zoology"
        assert_eq!(
            all.iter().map(|c| c.id).collect::<Vec<_>>(),
            [chem.id, phys.id],
            "{backend}"
        );
        let visible = CourseFilter {
            visibilities: Some(vec![0, 1, 2, 3]),
            ..CourseFilter::default()
        };
        let visible = repo.list_courses(&visible).await.unwrap();
        assert_eq!(visible.iter().map(|c| c.id).collect::<Vec<_>>(), [phys.id]);
        repo.link_to_url(1, UrlMember::Course(chem.id))
            .await
            .unwrap();
        let in_url = CourseFilter {
            access_url_id: Some(1),
            ..CourseFilter::default()
        };
        let in_url = repo.list_courses(&in_url).await.unwrap();
        assert_eq!(in_url.iter().map(|c| c.id).collect::<Vec<_>>(), [chem.id]);

        let mut d2 = CourseDescription {
            id: 0,
            course_id: phys.id,
            session_id: 0,
            description_type: 2,
            title: "Objectives".into(),
            content: "long ".repeat(200),
            progress: 0,
        };
        d2.id = repo.save_description(&d2).await.unwrap();
        let mut d1 = CourseDescription {
            id: 0,
            description_type: 1,
            title: "Description".into(),
            content: "General".into(),
            ..d2.clone()
        };
        d1.id = repo.save_description(&d1).await.unwrap();
        d2.progress = 50;
        assert_eq!(repo.save_description(&d2).await.unwrap(), d2.id);
        let list = repo.list_descriptions(phys.id, 0).await.unwrap();
        assert_eq!(list, [d1.clone(), d2.clone()], "{backend}");
        assert!(repo.list_descriptions(phys.id, 9).await.unwrap().is_empty());

        repo.delete_course(phys.id).await.unwrap();
        assert!(repo.get_course(phys.id).await.unwrap().is_none());
        assert!(repo.list_descriptions(phys.id, 0).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn sessions_round_trip() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let coach = repo.insert_user(&user("coach")).await.unwrap();
        let mut s = session("Spring 2024");
        s.general_coach_id = Some(coach);
        s.id = repo.insert_session(&s).await.unwrap();
        assert_eq!(repo.get_session(s.id).await.unwrap().as_ref(), Some(&s));
        let found = repo.find_session_by_name("SPRING 2024").await.unwrap();
        assert_eq!(found.map(|x| x.id), Some(s.id), "{backend}");

        let err = repo
            .insert_session(&session("spring 2024"))
            .await
            .unwrap_err();
        assert_eq!(err, already(Conflict::SessionName), "{backend}");

        s.description = "changed".into();
        s.duration = None;
        s.coach_access_end_date = Some(at("2025-01-01 00:00:00"));
        repo.update_session(&s).await.unwrap();
        assert_eq!(repo.get_session(s.id).await.unwrap().as_ref(), Some(&s));

        let other = repo.insert_session(&session("Autumn")).await.unwrap();
        let all = repo.list_sessions(&SessionFilter::default()).await.unwrap();
        assert_eq!(all.iter().map(|x| x.id).collect::<Vec<_>>(), [s.id, other]);
        repo.link_to_url(1, UrlMember::Session(other))
            .await
            .unwrap();
        let in_url = SessionFilter {
            access_url_id: Some(1),
            ..SessionFilter::default()
        };
        let in_url = repo.list_sessions(&in_url).await.unwrap();
        assert_eq!(in_url.iter().map(|x| x.id).collect::<Vec<_>>(), [other]);

        repo.delete_session(s.id).await.unwrap();
        assert!(repo.get_session(s.id).await.unwrap().is_none(), "{backend}");
    }
}

/// The listing filter (access dates, text in the name, description or extra values, taken
/// literally and case-insensitively) and the head counts of sessions.
#[tokio::test]
async fn session_filters_and_counts() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let mut ids = Vec::new();
        for (name, description, start, end) in [
            (
                "Maths 100%",
                "Algebra",
                "2024-01-01 00:00:00",
                "2024-06-30 23:59:59",
            ),
            (
                "Physics",
                "mechanics_1",
                "2024-03-01 00:00:00",
                "2024-12-31 23:59:59",
            ),
            (
                "Chemistry",
                "",
                "2025-01-01 00:00:00",
                "2025-06-30 23:59:59",
            ),
        ] {
            let mut s = session(name);
            s.description = description.into();
            s.access_start_date = Some(at(start));
            s.access_end_date = Some(at(end));
            ids.push(repo.insert_session(&s).await.unwrap());
        }
        let mut open = session("Open");
        open.access_start_date = None;
        open.access_end_date = None;
        ids.push(repo.insert_session(&open).await.unwrap());
        let field = repo
            .insert_field(&ExtraField {
                id: 0,
                item_type: ItemType::Session,
                variable: "short_description".into(),
                field_type: FIELD_TYPE_TEXT,
                display_text: "Short".into(),
                visible_to_self: true,
                filter: false,
            })
            .await
            .unwrap();
        repo.set_value(field.id, ids[2], "Lab WORK").await.unwrap();
        let listed = |filter: SessionFilter| async move {
            let found = repo.list_sessions(&filter).await.unwrap();
            found.iter().map(|s| s.id).collect::<Vec<_>>()
        };
        let text = |term: &str, in_extra_values| SessionFilter {
            text: Some(SessionText {
                term: term.into(),
                in_extra_values,
            }),
            ..SessionFilter::default()
        };

        let from = SessionFilter {
            access_starts_from: Some(at("2024-03-01 00:00:00")),
            ..SessionFilter::default()
        };
        assert_eq!(listed(from).await, [ids[1], ids[2]], "{backend}");
        let by = SessionFilter {
            access_ends_by: Some(at("2024-12-31 23:59:59")),
            ..SessionFilter::default()
        };
        assert_eq!(listed(by).await, [ids[0], ids[1]], "{backend}");
        let both = SessionFilter {
            access_starts_from: Some(at("2024-02-01 00:00:00")),
            access_ends_by: Some(at("2024-12-31 23:59:59")),
            ..SessionFilter::default()
        };
        assert_eq!(listed(both).await, [ids[1]], "{backend}");

        assert_eq!(listed(text("MATHS", false)).await, [ids[0]], "{backend}");
        assert_eq!(listed(text("ALGEBRA", false)).await, [ids[0]], "{backend}");
        // `%` and `_` are plain characters, not wildcards
        assert_eq!(listed(text("100%", false)).await, [ids[0]], "{backend}");
        assert_eq!(listed(text("0%", false)).await, [ids[0]], "{backend}");
        assert_eq!(listed(text("s_1", false)).await, [ids[1]], "{backend}");
        assert!(listed(text("h%s", false)).await.is_empty(), "{backend}");
        assert!(listed(text("!", false)).await.is_empty(), "{backend}");
        // extra values only when asked
        assert!(
            listed(text("lab work", false)).await.is_empty(),
            "{backend}"
        );
        assert_eq!(listed(text("lab work", true)).await, [ids[2]], "{backend}");
        assert_eq!(listed(text("", false)).await, ids, "{backend}");

        // courses, users other than HR managers, classes
        let c1 = repo.insert_course(&course("C1")).await.unwrap();
        let c2 = repo.insert_course(&course("C2")).await.unwrap();
        for c in [c1, c2] {
            repo.insert_session_course(&SessionCourse {
                session_id: ids[1],
                course_id: c,
                position: 0,
            })
            .await
            .unwrap();
        }
        for (name, relation_type) in [("st1", 0), ("st2", 0), ("hr", 1)] {
            let u = repo.insert_user(&user(name)).await.unwrap();
            repo.insert_session_user(&SessionUser {
                session_id: ids[1],
                user_id: u,
                relation_type,
                moved_to: None,
                moved_status: None,
                moved_at: None,
                registered_at: at("2024-01-01 00:00:00"),
            })
            .await
            .unwrap();
        }
        let class = repo
            .insert_group(&Group {
                id: 0,
                name: "Class A".into(),
                description: String::new(),
                group_type: 0,
                visibility: 1,
                url: String::new(),
                picture: String::new(),
                author_id: 0,
                created_at: at("2024-01-01 00:00:00"),
                updated_at: at("2024-01-01 00:00:00"),
            })
            .await
            .unwrap();
        repo.insert_group_link(class, GroupLink::Session(ids[1]))
            .await
            .unwrap();
        let counts = repo
            .session_counts(&[ids[1], ids[0], 999_999])
            .await
            .unwrap();
        assert_eq!(
            counts,
            [
                SessionCounts {
                    courses: 2,
                    users: 2,
                    classes: 1
                },
                SessionCounts::default(),
                SessionCounts::default()
            ],
            "{backend}"
        );
        assert!(repo.session_counts(&[]).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn subscriptions_of_all_four_kinds() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let u1 = repo.insert_user(&user("u1")).await.unwrap();
        let u2 = repo.insert_user(&user("u2")).await.unwrap();
        let c1 = repo.insert_course(&course("C1")).await.unwrap();
        let c2 = repo.insert_course(&course("C2")).await.unwrap();
        let s1 = repo.insert_session(&session("S1")).await.unwrap();

        // user <-> course
        let cu = |course_id, user_id, status| CourseUser {
            course_id,
            user_id,
            status,
        };
        repo.insert_course_user(&cu(c1, u2, 5)).await.unwrap();
        repo.insert_course_user(&cu(c1, u1, 1)).await.unwrap();
        repo.insert_course_user(&cu(c2, u1, 5)).await.unwrap();
        let err = repo.insert_course_user(&cu(c1, u1, 5)).await.unwrap_err();
        assert_eq!(err, already(Conflict::Subscription), "{backend}");
        assert_eq!(
            repo.get_course_user(c1, u1).await.unwrap(),
            Some(cu(c1, u1, 1))
        );
        assert_eq!(
            repo.course_users(c1).await.unwrap(),
            [cu(c1, u1, 1), cu(c1, u2, 5)]
        );
        assert_eq!(
            repo.user_courses(u1).await.unwrap(),
            [cu(c1, u1, 1), cu(c2, u1, 5)]
        );
        assert!(repo.delete_course_user(c2, u1).await.unwrap());
        assert!(!repo.delete_course_user(c2, u1).await.unwrap(), "{backend}");

        // user <-> session
        let su = SessionUser {
            session_id: s1,
            user_id: u2,
            relation_type: 0,
            moved_to: Some(7),
            moved_status: Some(1),
            moved_at: Some(at("2024-02-02 02:02:02")),
            registered_at: at("2024-01-01 01:01:01"),
        };
        repo.insert_session_user(&su).await.unwrap();
        let su1 = SessionUser {
            user_id: u1,
            relation_type: 1,
            moved_to: None,
            moved_status: None,
            moved_at: None,
            ..su.clone()
        };
        repo.insert_session_user(&su1).await.unwrap();
        let err = repo.insert_session_user(&su).await.unwrap_err();
        assert_eq!(err, already(Conflict::Subscription), "{backend}");
        assert_eq!(
            repo.get_session_user(s1, u2).await.unwrap(),
            Some(su.clone())
        );
        assert_eq!(
            repo.session_users(s1).await.unwrap(),
            [su1.clone(), su.clone()]
        );
        assert_eq!(
            repo.user_sessions(u2).await.unwrap(),
            std::slice::from_ref(&su)
        );
        assert!(repo.delete_session_user(s1, u2).await.unwrap());
        assert!(repo.get_session_user(s1, u2).await.unwrap().is_none());

        // course <-> session
        let sc = |course_id, position| SessionCourse {
            session_id: s1,
            course_id,
            position,
        };
        repo.insert_session_course(&sc(c2, 0)).await.unwrap();
        repo.insert_session_course(&sc(c1, 0)).await.unwrap();
        let err = repo.insert_session_course(&sc(c1, 3)).await.unwrap_err();
        assert_eq!(err, already(Conflict::Subscription), "{backend}");
        assert_eq!(
            repo.session_courses(s1).await.unwrap(),
            [sc(c1, 0), sc(c2, 0)]
        );

        // user <-> course in session
        let scu = |user_id, status| SessionCourseUser {
            session_id: s1,
            course_id: c1,
            user_id,
            status,
        };
        repo.insert_session_course_user(&scu(u2, 0)).await.unwrap();
        repo.insert_session_course_user(&scu(u1, 2)).await.unwrap();
        repo.insert_session_course_user(&scu(u1, 0)).await.unwrap();
        let err = repo
            .insert_session_course_user(&scu(u1, 0))
            .await
            .unwrap_err();
        assert_eq!(err, already(Conflict::Subscription), "{backend}");
        assert_eq!(
            repo.get_session_course_user(s1, c1, u1).await.unwrap(),
            Some(scu(u1, 2))
        );
        assert_eq!(
            repo.session_course_users(s1, c1).await.unwrap(),
            [scu(u1, 0), scu(u1, 2), scu(u2, 0)]
        );
        assert!(repo
            .delete_session_course_user(s1, c1, u1, Some(2))
            .await
            .unwrap());
        assert_eq!(
            repo.get_session_course_user(s1, c1, u1).await.unwrap(),
            Some(scu(u1, 0))
        );
        assert!(repo
            .delete_session_course_user(s1, c1, u2, None)
            .await
            .unwrap());
        assert!(!repo
            .delete_session_course_user(s1, c1, u2, None)
            .await
            .unwrap());

        // removing the course from the session
        assert!(repo.delete_session_course(s1, c2).await.unwrap());
        assert_eq!(repo.session_courses(s1).await.unwrap(), [sc(c1, 0)]);
    }
}

fn text_field(item_type: ItemType, variable: &str) -> ExtraField {
    ExtraField {
        id: 0,
        item_type,
        variable: variable.to_string(),
        field_type: FIELD_TYPE_TEXT,
        display_text: variable.to_string(),
        visible_to_self: true,
        filter: false,
    }
}

#[tokio::test]
async fn extra_fields_and_values() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let u1 = repo.insert_user(&user("u1")).await.unwrap();
        let u2 = repo.insert_user(&user("u2")).await.unwrap();

        let ext = repo
            .insert_field(&text_field(ItemType::User, "External_User_Id"))
            .await
            .unwrap();
        assert!(ext.id > 0);
        let found = repo
            .find_field(ItemType::User, "external_user_ID")
            .await
            .unwrap();
        assert_eq!(found, Some(ext.clone()), "{backend}");
        assert!(repo
            .find_field(ItemType::Course, "external_user_id")
            .await
            .unwrap()
            .is_none());
        let again = repo
            .insert_field(&text_field(ItemType::User, "EXTERNAL_USER_ID"))
            .await;
        // a second creation answers the field that is already there (what a racing creator
        // needs), on every backend
        assert_eq!(again.unwrap().id, ext.id, "{backend}");
        let course_field = repo
            .insert_field(&text_field(ItemType::Course, "external_user_id"))
            .await
            .unwrap();

        // set inserts, then updates (one row, its creation time kept)
        repo.set_value(ext.id, u1, "AbC").await.unwrap();
        // the rows themselves: (count, created_at, updated_at) of (field, u1)
        let rows = || async {
            use sea_orm::{FromQueryResult, Statement};
            #[derive(FromQueryResult)]
            struct Times {
                created_at: chrono::NaiveDateTime,
                updated_at: chrono::NaiveDateTime,
            }
            let conn = store.connection();
            let sql = match conn.get_database_backend() {
                sea_orm::DbBackend::Postgres => {
                    "SELECT created_at, updated_at FROM extra_field_values \
                     WHERE field_id = $1 AND item_id = $2"
                }
                _ => {
                    "SELECT created_at, updated_at FROM extra_field_values \
                     WHERE field_id = ? AND item_id = ?"
                }
            };
            let statement = Statement::from_sql_and_values(
                conn.get_database_backend(),
                sql,
                [ext.id.into(), u1.into()],
            );
            Times::find_by_statement(statement).all(conn).await.unwrap()
        };
        let first = rows().await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        repo.set_value(ext.id, u1, "Xyz  ").await.unwrap();
        let second = rows().await;
        assert_eq!((first.len(), second.len()), (1, 1), "{backend}");
        assert_eq!(second[0].created_at, first[0].created_at, "{backend}");
        assert!(second[0].updated_at > first[0].updated_at, "{backend}");
        assert_eq!(
            repo.get_value(ext.id, u1).await.unwrap().as_deref(),
            Some("Xyz  ")
        );
        assert_eq!(repo.get_value(ext.id, u2).await.unwrap(), None);
        repo.set_value(ext.id, u2, "xyz").await.unwrap();
        repo.set_value(course_field.id, u1, "course value")
            .await
            .unwrap();

        // case-insensitive, blind to trailing spaces, lowest id first
        for probe in ["XYZ", "xyz ", "Xyz"] {
            let ids = repo
                .items_with_value(ext.id, &lookup_key(probe))
                .await
                .unwrap();
            assert_eq!(ids, [u1, u2], "{backend}: {probe:?}");
        }
        assert!(repo
            .items_with_value(ext.id, &lookup_key("xy"))
            .await
            .unwrap()
            .is_empty());
        assert!(repo
            .items_with_value(ext.id, &lookup_key(" xyz"))
            .await
            .unwrap()
            .is_empty());

        // values longer than the indexed key still compare exactly
        // (a Chamilo platform's values are VARCHAR(255): longer ones are refused by name)
        let n = if backend == "chamilo" { 250 } else { 300 };
        let long_a = format!("{}A", "p".repeat(n));
        let long_b = format!("{}B", "p".repeat(n));
        let other = repo
            .insert_field(&text_field(ItemType::User, "long"))
            .await
            .unwrap();
        repo.set_value(other.id, u1, &long_a).await.unwrap();
        repo.set_value(other.id, u2, &long_b).await.unwrap();
        let ids = repo
            .items_with_value(other.id, &lookup_key(&long_b.to_uppercase()))
            .await
            .unwrap();
        assert_eq!(ids, [u2], "{backend}");

        // all values of an item, by field id, of that item type only
        let values = repo.values_of(ItemType::User, u1).await.unwrap();
        let pairs: Vec<(String, String)> = values
            .into_iter()
            .map(|v| (v.field.variable, v.value))
            .collect();
        assert_eq!(
            pairs,
            [
                ("External_User_Id".to_string(), "Xyz  ".to_string()),
                ("long".to_string(), long_a.clone())
            ],
            "{backend}"
        );

        assert!(repo.item_exists(ItemType::User, u1).await.unwrap());
        assert!(!repo.item_exists(ItemType::User, 9999).await.unwrap());
        assert!(!repo.item_exists(ItemType::Course, u1).await.unwrap());
        assert!(!repo.item_exists(ItemType::Session, u1).await.unwrap());

        // the row lock works inside a transaction
        let tx = store.begin().await.unwrap();
        tx.lock_field(ext.id).await.unwrap();
        tx.set_value(ext.id, u2, "new").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            repo.get_value(ext.id, u2).await.unwrap().as_deref(),
            Some("new")
        );
    }
}

#[tokio::test]
async fn api_keys_settings_urls_tracking() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let u = repo.insert_user(&user("keys")).await.unwrap();

        // api keys, ordered by id
        let k1 = repo
            .insert_api_key(u, REST_SERVICE, "b".repeat(32).as_str())
            .await
            .unwrap();
        let k2 = repo
            .insert_api_key(u, REST_SERVICE, "a".repeat(32).as_str())
            .await
            .unwrap();
        repo.insert_api_key(u, "other", "c").await.unwrap();
        assert!(k1.id < k2.id);
        assert_eq!(
            repo.api_keys(u, REST_SERVICE).await.unwrap(),
            [k1.clone(), k2.clone()]
        );
        repo.delete_api_key(k1.id).await.unwrap();
        assert_eq!(
            repo.api_keys(u, REST_SERVICE).await.unwrap(),
            std::slice::from_ref(&k2)
        );

        // settings
        assert_eq!(repo.get_setting("security_key").await.unwrap(), None);
        if backend == "chamilo" {
            // the platform's settings are Chamilo's own (its key is in configuration.php)
            assert!(repo.set_setting("security_key", "one").await.is_err());
            assert_eq!(
                repo.get_setting("platformLanguage")
                    .await
                    .unwrap()
                    .as_deref(),
                Some("english")
            );
        } else {
            repo.set_setting("security_key", "one").await.unwrap();
            repo.set_setting("security_key", "two").await.unwrap();
            assert_eq!(
                repo.get_setting("security_key").await.unwrap().as_deref(),
                Some("two"),
                "{backend}"
            );
        }

        // urls
        let mut url = AccessUrl {
            id: 0,
            url: "http://campus2/".into(),
            description: "Second".into(),
            active: true,
            created_by: u,
            tms: at("2024-01-01 00:00:00"),
        };
        url.id = repo.insert_url(&url).await.unwrap();
        url.active = false;
        url.description = "changed".into();
        repo.update_url(&url).await.unwrap();
        assert_eq!(repo.get_url(url.id).await.unwrap().as_ref(), Some(&url));
        assert_eq!(repo.list_urls().await.unwrap().len(), 2);
        // linking is idempotent, also inside a transaction
        let tx = store.begin().await.unwrap();
        tx.link_to_url(url.id, UrlMember::User(u)).await.unwrap();
        tx.link_to_url(url.id, UrlMember::User(u)).await.unwrap();
        tx.link_to_url(1, UrlMember::User(u)).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            repo.urls_of(UrlMember::User(u)).await.unwrap(),
            [1, url.id],
            "{backend}"
        );
        repo.unlink_from_url(1, UrlMember::User(u)).await.unwrap();
        assert_eq!(repo.urls_of(UrlMember::User(u)).await.unwrap(), [url.id]);
        repo.delete_url(url.id).await.unwrap();
        assert!(repo.get_url(url.id).await.unwrap().is_none());
        assert!(repo.urls_of(UrlMember::User(u)).await.unwrap().is_empty());

        // tracking, oldest first
        let login = |date: &str| LoginEvent {
            id: 0,
            user_id: u,
            login_date: at(date),
            logout_date: None,
            user_ip: "127.0.0.1".into(),
        };
        let late = repo
            .insert_login(&login("2024-05-01 00:00:00"))
            .await
            .unwrap();
        let early = repo
            .insert_login(&login("2024-04-01 00:00:00"))
            .await
            .unwrap();
        let logins = repo.logins_of(u).await.unwrap();
        assert_eq!(
            logins.iter().map(|l| l.id).collect::<Vec<_>>(),
            [early, late]
        );
        assert_eq!(logins[0].login_date, at("2024-04-01 00:00:00"));

        let access = |course_id, session_id, date: &str| CourseAccessEvent {
            id: 0,
            course_id,
            user_id: u,
            session_id,
            login_course_date: at(date),
            logout_course_date: Some(at("2024-12-31 00:00:00")),
            counter: 3,
            user_ip: "::1".into(),
        };
        let a1 = repo
            .insert_course_access(&access(1, 0, "2024-03-01 00:00:00"))
            .await
            .unwrap();
        let a2 = repo
            .insert_course_access(&access(2, 5, "2024-02-01 00:00:00"))
            .await
            .unwrap();
        let all = repo.course_accesses_of(u, None, None).await.unwrap();
        assert_eq!(all.iter().map(|a| a.id).collect::<Vec<_>>(), [a2, a1]);
        assert_eq!(
            all[1],
            CourseAccessEvent {
                id: a1,
                ..access(1, 0, "2024-03-01 00:00:00")
            }
        );
        let c1 = repo.course_accesses_of(u, Some(1), None).await.unwrap();
        assert_eq!(c1.iter().map(|a| a.id).collect::<Vec<_>>(), [a1]);
        let s5 = repo.course_accesses_of(u, None, Some(5)).await.unwrap();
        assert_eq!(
            s5.iter().map(|a| a.id).collect::<Vec<_>>(),
            [a2],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn deleting_removes_dependents() {
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let mut admin = user("victim");
        admin.is_admin = true;
        let u = repo.insert_user(&admin).await.unwrap();
        let keep = repo.insert_user(&user("keeper")).await.unwrap();
        let c = repo.insert_course(&course("DEP")).await.unwrap();
        let mut sess = session("Dep");
        sess.general_coach_id = Some(u);
        sess.session_admin_id = Some(u);
        let s = repo.insert_session(&sess).await.unwrap();
        repo.insert_course_user(&CourseUser {
            course_id: c,
            user_id: u,
            status: 5,
        })
        .await
        .unwrap();
        repo.insert_course_user(&CourseUser {
            course_id: c,
            user_id: keep,
            status: 1,
        })
        .await
        .unwrap();
        repo.insert_session_user(&SessionUser {
            session_id: s,
            user_id: u,
            relation_type: 0,
            moved_to: None,
            moved_status: None,
            moved_at: None,
            registered_at: at("2024-01-01 00:00:00"),
        })
        .await
        .unwrap();
        repo.insert_session_course(&SessionCourse {
            session_id: s,
            course_id: c,
            position: 0,
        })
        .await
        .unwrap();
        repo.insert_session_course_user(&SessionCourseUser {
            session_id: s,
            course_id: c,
            user_id: u,
            status: 0,
        })
        .await
        .unwrap();
        let field = repo
            .insert_field(&text_field(ItemType::User, "ext"))
            .await
            .unwrap();
        repo.set_value(field.id, u, "gone").await.unwrap();
        repo.set_value(field.id, keep, "stays").await.unwrap();
        repo.insert_api_key(u, REST_SERVICE, "k").await.unwrap();
        repo.link_to_url(1, UrlMember::User(u)).await.unwrap();

        // inside a transaction, as core does
        let tx = store.begin().await.unwrap();
        tx.delete_user(u).await.unwrap();
        tx.commit().await.unwrap();

        assert!(repo.get_user(u).await.unwrap().is_none(), "{backend}");
        assert!(repo.user_courses(u).await.unwrap().is_empty());
        assert!(repo.user_sessions(u).await.unwrap().is_empty());
        assert!(repo.session_course_users(s, c).await.unwrap().is_empty());
        assert_eq!(repo.get_value(field.id, u).await.unwrap(), None);
        assert_eq!(
            repo.get_value(field.id, keep).await.unwrap().as_deref(),
            Some("stays")
        );
        assert!(repo.api_keys(u, REST_SERVICE).await.unwrap().is_empty());
        assert!(repo.urls_of(UrlMember::User(u)).await.unwrap().is_empty());
        let sess = repo.get_session(s).await.unwrap().unwrap();
        assert_eq!(
            (sess.general_coach_id, sess.session_admin_id),
            (None, None),
            "{backend}"
        );
        // a new user with the old id's name is not an admin by leftover row
        let again = repo.insert_user(&user("victim")).await.unwrap();
        assert!(!repo.get_user(again).await.unwrap().unwrap().is_admin);

        // course: subscriptions, session links, values
        let cf = repo
            .insert_field(&text_field(ItemType::Course, "ext"))
            .await
            .unwrap();
        repo.set_value(cf.id, c, "c").await.unwrap();
        repo.link_to_url(1, UrlMember::Course(c)).await.unwrap();
        repo.delete_course(c).await.unwrap();
        assert!(repo.course_users(c).await.unwrap().is_empty(), "{backend}");
        assert!(repo.session_courses(s).await.unwrap().is_empty());
        assert_eq!(repo.get_value(cf.id, c).await.unwrap(), None);
        assert!(repo.urls_of(UrlMember::Course(c)).await.unwrap().is_empty());

        // session: users, values, links
        let sf = repo
            .insert_field(&text_field(ItemType::Session, "ext"))
            .await
            .unwrap();
        repo.set_value(sf.id, s, "s").await.unwrap();
        repo.link_to_url(1, UrlMember::Session(s)).await.unwrap();
        repo.insert_session_user(&SessionUser {
            session_id: s,
            user_id: keep,
            relation_type: 0,
            moved_to: None,
            moved_status: None,
            moved_at: None,
            registered_at: at("2024-01-01 00:00:00"),
        })
        .await
        .unwrap();
        repo.delete_session(s).await.unwrap();
        assert!(repo.get_session(s).await.unwrap().is_none(), "{backend}");
        assert!(repo.user_sessions(keep).await.unwrap().is_empty());
        assert_eq!(repo.get_value(sf.id, s).await.unwrap(), None);
        assert!(repo
            .urls_of(UrlMember::Session(s))
            .await
            .unwrap()
            .is_empty());
    }
}

/// The audit insert writes its own SQL: every column must come back where it was written.
#[tokio::test]
async fn audit_rows_round_trip() {
    use chamilo_core::types::audit::{AuditEvent, AuditQuery, EventMatch};
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let first = at("2026-12-03 10:11:12");
        let second = at("2026-12-03 10:11:13");
        let events = vec![
            AuditEvent {
                id: 0,
                user_id: 7,
                course_id: 8,
                session_id: 9,
                date: first,
                event_type: "access_ws_user_profile".into(),
                value_type: "username".into(),
                value: "émile".into(),
            },
            AuditEvent {
                id: 0,
                user_id: 0,
                course_id: 0,
                session_id: 0,
                date: second,
                event_type: "access_ws_WSUser.CreateUser".into(),
                value_type: "ip".into(),
                value: "127.0.0.1".into(),
            },
        ];
        repo.insert_audit_events(&events).await.unwrap();
        let all = AuditQuery::matching(EventMatch::Prefix("access_ws_".into()));
        let got: Vec<AuditEvent> = repo
            .audit_events(&all)
            .await
            .unwrap()
            .into_iter()
            .map(|e| AuditEvent { id: 0, ..e })
            .collect();
        assert_eq!(got, events, "{backend}");
        let later = AuditQuery {
            after: Some(second),
            ..all
        };
        let got = repo.audit_events(&later).await.unwrap();
        assert_eq!(got.len(), 1, "{backend}");
        assert_eq!(got[0].value, "127.0.0.1", "{backend}");
    }
}

/// An hour row of call counts (`hour`: the hour's start) for the tests below.
fn count(
    hour: &str,
    protocol: &str,
    operation: &str,
    outcome: &str,
    client: &str,
    calls: i64,
    last: &str,
) -> chamilo_core::types::calls::CallCount {
    chamilo_core::types::calls::CallCount {
        period: chamilo_core::types::calls::Period::Hour,
        start: at(hour),
        protocol: protocol.into(),
        operation: operation.into(),
        outcome: outcome.into(),
        client: client.into(),
        calls,
        last: at(last),
    }
}

/// A sum on one line: hour, protocol, operation, outcome, client (`-` for a column not grouped
/// by), calls and the latest call; the tests' times are all on 2026-12-07.
fn shown(s: &chamilo_core::types::calls::CallSum) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let hour = s
        .start
        .map_or_else(|| "-".into(), |h| h.format("%H:%M").to_string());
    format!(
        "{hour} {} {} {} {} = {} last {}",
        s.protocol,
        text(&s.operation),
        text(&s.outcome),
        text(&s.client),
        s.calls,
        s.last.format("%T")
    )
}

/// Adds add up per key (the later `last` kept, whatever order they come in); sums follow the
/// grouping asked (the others `None`), most calls first then by the grouped columns, within
/// `limit`, from `since` on; pruning removes the older hours only.
#[tokio::test]
async fn call_counts_add_up_and_sum_by_grouping() {
    use chamilo_core::types::calls::{CallGrouping, Period};
    const H0: &str = "2026-12-07 08:00:00";
    const H1: &str = "2026-12-07 09:00:00";
    const H2: &str = "2026-12-07 10:00:00";
    const SOAP: &str = "soap.php";
    const REST: &str = "v2.php";
    const CREATE: &str = "WSUser.CreateUser";
    const PROFILE: &str = "user_profile";
    let every = CallGrouping {
        start: true,
        operation: true,
        outcome: true,
        client: true,
    };
    let by_operation = CallGrouping {
        operation: true,
        outcome: true,
        ..CallGrouping::default()
    };
    let by_client = CallGrouping {
        client: true,
        operation: true,
        ..CallGrouping::default()
    };
    let by_hour = CallGrouping {
        start: true,
        ..CallGrouping::default()
    };
    let protocol_only = CallGrouping::default();
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let sums = |since: &str, grouping, limit| {
            let since = at(since);
            async move {
                let sums = repo.call_sums(Period::Hour, since, grouping, limit).await;
                let sums = sums.unwrap_or_else(|e| panic!("{backend}: {e}"));
                sums.iter().map(shown).collect::<Vec<String>>()
            }
        };
        repo.add_call_counts(&[]).await.unwrap();
        repo.add_call_counts(&[
            count(H1, SOAP, CREATE, "ok", "10.0.0.1", 3, "2026-12-07 09:05:00"),
            count(
                H1,
                REST,
                PROFILE,
                "ok",
                "10.0.0.1",
                5,
                "2026-12-07 09:10:00",
            ),
            count(
                H1,
                REST,
                PROFILE,
                "refused",
                "10.0.0.2",
                1,
                "2026-12-07 09:20:00",
            ),
            count(
                H2,
                REST,
                PROFILE,
                "ok",
                "10.0.0.2",
                4,
                "2026-12-07 10:01:00",
            ),
            count(
                H0,
                REST,
                PROFILE,
                "ok",
                "10.0.0.1",
                7,
                "2026-12-07 08:30:00",
            ),
        ])
        .await
        .unwrap_or_else(|e| panic!("{backend}: {e}"));
        // the same keys again: the calls add up, the later time stays
        repo.add_call_counts(&[
            count(
                H1,
                REST,
                PROFILE,
                "ok",
                "10.0.0.1",
                2,
                "2026-12-07 09:40:00",
            ),
            count(H1, SOAP, CREATE, "ok", "10.0.0.1", 1, "2026-12-07 09:01:00"),
        ])
        .await
        .unwrap_or_else(|e| panic!("{backend}: {e}"));

        assert_eq!(
            sums(H0, every, 100).await,
            [
                "08:00 v2.php user_profile ok 10.0.0.1 = 7 last 08:30:00",
                "09:00 v2.php user_profile ok 10.0.0.1 = 7 last 09:40:00",
                "09:00 soap.php WSUser.CreateUser ok 10.0.0.1 = 4 last 09:05:00",
                "10:00 v2.php user_profile ok 10.0.0.2 = 4 last 10:01:00",
                "09:00 v2.php user_profile refused 10.0.0.2 = 1 last 09:20:00",
            ],
            "{backend}: every row apart; ties by protocol, then hour"
        );
        assert_eq!(
            sums(H1, by_operation, 100).await,
            [
                "- v2.php user_profile ok - = 11 last 10:01:00",
                "- soap.php WSUser.CreateUser ok - = 4 last 09:05:00",
                "- v2.php user_profile refused - = 1 last 09:20:00",
            ],
            "{backend}: by operation and outcome, the hour before `since` left out"
        );
        assert_eq!(
            sums(H1, by_operation, 2).await,
            [
                "- v2.php user_profile ok - = 11 last 10:01:00",
                "- soap.php WSUser.CreateUser ok - = 4 last 09:05:00",
            ],
            "{backend}: the limit keeps the most called"
        );
        assert_eq!(
            sums(H1, by_client, 100).await,
            [
                "- v2.php user_profile - 10.0.0.1 = 7 last 09:40:00",
                "- v2.php user_profile - 10.0.0.2 = 5 last 10:01:00",
                "- soap.php WSUser.CreateUser - 10.0.0.1 = 4 last 09:05:00",
            ],
            "{backend}: by client and operation"
        );
        assert_eq!(
            sums(H1, by_hour, 100).await,
            [
                "09:00 v2.php - - - = 8 last 09:40:00",
                "09:00 soap.php - - - = 4 last 09:05:00",
                "10:00 v2.php - - - = 4 last 10:01:00",
            ],
            "{backend}: by hour"
        );
        assert_eq!(
            sums(H1, protocol_only, 100).await,
            [
                "- v2.php - - - = 12 last 10:01:00",
                "- soap.php - - - = 4 last 09:05:00",
            ],
            "{backend}: protocol only"
        );
        assert_eq!(
            sums(H0, protocol_only, 1).await,
            ["- v2.php - - - = 19 last 10:01:00"],
            "{backend}: from the earlier hour on"
        );
        // hours are kept whole: `since` within H1 leaves H1 out
        assert_eq!(
            sums("2026-12-07 09:30:00", protocol_only, 100).await,
            ["- v2.php - - - = 4 last 10:01:00"],
            "{backend}: from within an hour"
        );
        assert!(sums("2026-12-07 11:00:00", every, 100).await.is_empty());

        // pruning removes the hours before `before` only, and says how many rows went
        assert_eq!(
            repo.prune_call_counts(at(H1)).await.unwrap(),
            1,
            "{backend}"
        );
        assert_eq!(
            repo.prune_call_counts(at(H1)).await.unwrap(),
            0,
            "{backend}"
        );
        assert_eq!(
            sums(H0, protocol_only, 100).await,
            [
                "- v2.php - - - = 12 last 10:01:00",
                "- soap.php - - - = 4 last 09:05:00",
            ],
            "{backend}: after pruning"
        );
        let next_day = at("2026-12-08 00:00:00");
        assert_eq!(
            repo.prune_call_counts(next_day).await.unwrap(),
            4,
            "{backend}"
        );
        assert!(sums(H0, every, 100).await.is_empty(), "{backend}");

        // a day row is apart from the hour row of the same start and key: each period is
        // summed on its own, and pruning takes both
        let day = |calls| chamilo_core::types::calls::CallCount {
            period: Period::Day,
            ..count(DAY, REST, PROFILE, "ok", "10.0.0.1", calls, H1)
        };
        const DAY: &str = "2026-12-07 00:00:00";
        repo.add_call_counts(&[day(5), count(DAY, REST, PROFILE, "ok", "10.0.0.1", 2, H1)])
            .await
            .unwrap();
        repo.add_call_counts(&[day(1)]).await.unwrap();
        let period_sums = |period| async move {
            let sums = repo
                .call_sums(period, at(DAY), protocol_only, 10)
                .await
                .unwrap();
            sums.iter().map(shown).collect::<Vec<String>>()
        };
        assert_eq!(
            period_sums(Period::Day).await,
            ["- v2.php - - - = 6 last 09:00:00"],
            "{backend}: days"
        );
        assert_eq!(
            period_sums(Period::Hour).await,
            ["- v2.php - - - = 2 last 09:00:00"],
            "{backend}: hours"
        );
        assert_eq!(
            repo.prune_call_counts(next_day).await.unwrap(),
            2,
            "{backend}"
        );
    }
}

/// The widest keys the columns hold come back whole; a wider one is refused by field name on
/// every backend (SQLite would keep it); sums past 32 bits and rows repeated within one write
/// add up.
#[tokio::test]
async fn call_counts_keep_their_widest_keys_and_big_sums() {
    use chamilo_core::types::calls::{CallGrouping, Period, CLIENT_MAX, OPERATION_MAX};
    const HOUR: &str = "2026-12-07 11:00:00";
    // an IPv6 address with an IPv4 tail, at its longest
    let client = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    assert_eq!(client.len(), CLIENT_MAX);
    let operation = "Ü".repeat(OPERATION_MAX);
    let every = CallGrouping {
        start: true,
        operation: true,
        outcome: true,
        client: true,
    };
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        let widest = count(
            HOUR,
            "registration.soap.php",
            &operation,
            "fault",
            client,
            3_000_000_000,
            "2026-12-07 11:59:59",
        );
        repo.add_call_counts(&[widest.clone(), widest.clone()])
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        repo.add_call_counts(std::slice::from_ref(&widest))
            .await
            .unwrap();
        let sums = repo
            .call_sums(Period::Hour, at(HOUR), every, 10)
            .await
            .unwrap();
        assert_eq!(sums.len(), 1, "{backend}");
        assert_eq!(sums[0].client.as_deref(), Some(client), "{backend}");
        assert_eq!(
            sums[0].operation.as_deref(),
            Some(operation.as_str()),
            "{backend}"
        );
        assert_eq!(sums[0].protocol, "registration.soap.php", "{backend}");
        assert_eq!(sums[0].calls, 9_000_000_000, "{backend}");

        for (field, wider) in [
            (
                "client",
                count(HOUR, "v2.php", "x", "ok", &format!("{client}0"), 1, HOUR),
            ),
            (
                "operation",
                count(
                    HOUR,
                    "v2.php",
                    &format!("{operation}Ü"),
                    "ok",
                    "::1",
                    1,
                    HOUR,
                ),
            ),
            (
                "protocol",
                count(HOUR, &"p".repeat(33), "x", "ok", "::1", 1, HOUR),
            ),
            (
                "outcome",
                count(HOUR, "v2.php", "x", &"o".repeat(17), "::1", 1, HOUR),
            ),
        ] {
            let err = repo.add_call_counts(&[wider]).await.unwrap_err();
            assert!(
                matches!(err, CoreError::Invalid { field: f, .. } if f == field),
                "{backend}: {field}: {err:?}"
            );
        }
        assert_eq!(
            repo.call_sums(Period::Hour, at(HOUR), every, 10)
                .await
                .unwrap(),
            sums,
            "{backend}"
        );
    }
}

/// More rows than one statement takes (three statements) are all stored.
#[tokio::test]
async fn a_large_write_of_call_counts_is_stored_whole() {
    use chamilo_core::types::calls::{CallGrouping, Period};
    const HOUR: &str = "2026-12-07 12:00:00";
    let rows: Vec<_> = (0..1_201)
        .map(|n| {
            count(
                HOUR,
                "v2.php",
                "user_profile",
                "ok",
                &format!("10.0.{}.{}", n / 256, n % 256),
                2,
                HOUR,
            )
        })
        .collect();
    let by_client = CallGrouping {
        client: true,
        ..CallGrouping::default()
    };
    for (backend, store, _db) in contract_stores().await {
        let repo = store.repo();
        repo.add_call_counts(&rows)
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        let total = repo
            .call_sums(Period::Hour, at(HOUR), CallGrouping::default(), 10)
            .await
            .unwrap();
        assert_eq!(total.len(), 1, "{backend}");
        assert_eq!(total[0].calls, 2_402, "{backend}");
        let clients = repo
            .call_sums(Period::Hour, at(HOUR), by_client, 5_000)
            .await
            .unwrap();
        assert_eq!(clients.len(), 1_201, "{backend}");
        assert!(clients.iter().all(|c| c.calls == 2), "{backend}");
    }
}

/// `rows` (one write), then `single` alone, `times` times over.
async fn add_again(
    store: &common::Contract,
    rows: &[chamilo_core::types::calls::CallCount],
    single: &chamilo_core::types::calls::CallCount,
    times: usize,
) -> Result<(), CoreError> {
    for _ in 0..times {
        store.repo().add_call_counts(rows).await?;
        store
            .repo()
            .add_call_counts(std::slice::from_ref(single))
            .await?;
    }
    Ok(())
}

/// Two gateway processes (two pools on one database) adding to the same rows at once: every
/// add counts, and writes holding the same keys in opposite orders do not deadlock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_counts_added_at_once_by_two_stores_all_count() {
    use chamilo_core::types::calls::{CallCount, CallGrouping, Period};
    const HOUR: &str = "2026-12-07 13:00:00";
    let keys: Vec<CallCount> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|op| count(HOUR, "soap.php", op, "ok", "10.0.0.1", 1, HOUR))
        .collect();
    let reversed: Vec<CallCount> = keys.iter().rev().cloned().collect();
    let single = count(HOUR, "soap.php", "single", "ok", "10.0.0.1", 1, HOUR);
    let by_operation = CallGrouping {
        operation: true,
        ..CallGrouping::default()
    };
    for (backend, store, db) in contract_stores().await {
        let other = common::another_store(&db).await;
        let (first, second) = tokio::join!(
            add_again(&store, &keys, &single, 50),
            add_again(&other, &reversed, &single, 50)
        );
        first.unwrap_or_else(|e| panic!("{backend}: {e}"));
        second.unwrap_or_else(|e| panic!("{backend}: {e}"));
        let sums = store
            .repo()
            .call_sums(Period::Hour, at(HOUR), by_operation, 10)
            .await
            .unwrap();
        let got: Vec<(&str, i64)> = sums
            .iter()
            .map(|s| (s.operation.as_deref().unwrap(), s.calls))
            .collect();
        assert_eq!(
            got,
            [
                ("a", 100),
                ("b", 100),
                ("c", 100),
                ("d", 100),
                ("e", 100),
                ("single", 100)
            ],
            "{backend}"
        );
    }
}

/// Callers creating the same new field at once, each in its own transaction (gateway
/// processes): the first commits it; the others answer that field and go on to lock it and
/// write under it in their transactions, one after the other (they deadlocked when each held a
/// shared lock on the field row and then asked for the exclusive one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_creations_of_a_field_answer_the_same_field() {
    for (backend, store, db) in contract_stores().await {
        let u = store.repo().insert_user(&user("racer")).await.unwrap();
        let first = store.begin().await.unwrap();
        let mine = first
            .insert_field(&text_field(ItemType::User, "race_field"))
            .await
            .unwrap();
        // the others start while the first has not committed: they wait on the first's row
        // (or, on SQLite, on its write lock)
        let mut others = Vec::new();
        for n in 0..2 {
            let other = common::another_store(&db).await;
            others.push(tokio::spawn(async move {
                let tx = other.begin().await?;
                let theirs = tx
                    .insert_field(&text_field(ItemType::User, "RACE_FIELD"))
                    .await?;
                tx.lock_field(theirs.id).await?;
                tx.set_value(theirs.id, u, &format!("other {n}")).await?;
                tx.commit().await?;
                Ok::<_, CoreError>(theirs)
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        first.commit().await.unwrap();
        for other in others {
            let theirs = other
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("{backend}: {e}"));
            assert_eq!(theirs.id, mine.id, "{backend}");
        }
        let value = store.repo().get_value(mine.id, u).await.unwrap();
        assert!(
            matches!(value.as_deref(), Some("other 0" | "other 1")),
            "{backend}: {value:?}"
        );
    }
}
