//! Sessions both ways: built through the core (create, courses, users, coaches, removals) and
//! checked as PHP Chamilo reads them, counters included; written as PHP Chamilo writes them
//! (`store-smoke.sql`, zero dates) and served by the gateway.

use crate::common::chamilo::ChamiloDb;
use chamilo_core::passwords::PasswordInput;
use chamilo_core::ports::Store;
use chamilo_core::sessions::{NewSession, SessionPatch};
use chamilo_core::types::sessions::{visibility, SessionCounts, SessionFilter};
use chamilo_core::types::subscriptions::SessionCourseUser;
use chamilo_core::users::NewUser;
use chamilo_core::{Conflict, CoreError, ExternalRef, Gateway, ItemType};

/// A date and time as `YYYY-MM-DD hh:mm:ss` (chrono's, which this crate does not name).
pub(crate) fn at<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.replacen(' ', "T", 1).parse().expect("a date and time")
}

/// A course as `AddCourse::register_course` writes its row (store-smoke.sql's shape); the
/// course repository is not what these tests are about.
pub(crate) fn chamilo_course(db: &ChamiloDb, code: &str) -> i64 {
    db.sql(&format!(
        "INSERT INTO course (code, directory, course_language, title, description, \
         category_code, visibility, show_score, disk_quota, creation_date, expiration_date, \
         last_edit, tutor_name, department_name, department_url, subscribe, unsubscribe, \
         visual_code) VALUES ('{code}', '{code}', 'english', 'Course {code}', '', '', 2, 1, \
         100000000, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 YEAR, UTC_TIMESTAMP(), NULL, \
         NULL, '', 1, 0, '{code}'); \
         INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (LAST_INSERT_ID(), 1); \
         SELECT id FROM course WHERE code = '{code}'"
    ))
    .parse()
    .expect("a course id")
}

pub(crate) async fn student(gw: &Gateway, username: &str) -> i64 {
    gw.create_user(NewUser {
        username: username.into(),
        firstname: username.into(),
        lastname: "Student".into(),
        email: format!("{username}@example.org"),
        password: PasswordInput::Clear("S3cret pass".into()),
        ..NewUser::default()
    })
    .await
    .expect("user created")
}

/// The session's counters as stored next to what count queries over its rows give (PHP's
/// own recount queries, `SessionManager::subscribeUsersToSession` and
/// `add_courses_to_session`), which must agree; returns the counts.
pub(crate) fn counters(db: &ChamiloDb, session_id: i64) -> (String, String) {
    let session = db.sql(&format!(
        "SELECT nbr_courses, (SELECT COUNT(1) FROM session_rel_course c WHERE c.session_id = s.id), \
         nbr_users, (SELECT COUNT(1) FROM session_rel_user r \
                     WHERE r.session_id = s.id AND r.relation_type <> 1) \
         FROM session s WHERE s.id = {session_id}"
    ));
    let f: Vec<&str> = session.split('\t').collect();
    assert_eq!(
        (f[0], f[2]),
        (f[1], f[3]),
        "session {session_id}: stored vs counted"
    );
    let courses = db.sql(&format!(
        "SELECT c.c_id, c.nbr_users, (SELECT COUNT(1) FROM session_rel_course_rel_user u \
          WHERE u.session_id = c.session_id AND u.c_id = c.c_id AND u.status <> 2) \
         FROM session_rel_course c WHERE c.session_id = {session_id} ORDER BY c.c_id"
    ));
    let mut per_course = Vec::new();
    for line in courses.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f[1], f[2], "course {} of session {session_id}", f[0]);
        per_course.push(format!("{}:{}", f[0], f[1]));
    }
    (
        format!("{} courses, {} users", f[1], f[3]),
        per_course.join(" "),
    )
}

#[tokio::test]
async fn a_session_built_through_the_core_has_the_rows_and_counters_chamilo_keeps() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let (c1, c2) = (chamilo_course(&db, "ALG1"), chamilo_course(&db, "GEO2"));
    let ann = student(&gw, "ann").await;
    let bob = student(&gw, "bob").await;
    let cat = student(&gw, "cat").await;

    let mut new = NewSession::named("Spring Term");
    let s = &mut new.session;
    s.description = "Algebra and geometry".into();
    s.visibility = visibility::VISIBLE;
    s.access_start_date = Some(at("2027-03-01 00:00:00"));
    s.access_end_date = Some(at("2027-06-30 23:59:59"));
    s.display_start_date = Some(at("2027-03-02 00:00:00"));
    s.display_end_date = Some(at("2027-06-29 23:59:59"));
    s.coach_access_start_date = Some(at("2027-02-20 00:00:00"));
    s.coach_access_end_date = Some(at("2027-07-10 23:59:59"));
    s.general_coach_id = Some(1);
    s.session_admin_id = Some(1);
    s.send_subscription_notification = true;
    new.external_id = Some(ExternalRef {
        field_name: "external_session_id".into(),
        value: "SES-1".into(),
    });
    let expected = new.session.clone();
    let sid = gw.create_session(new).await.expect("created");

    // the row create_session writes: the six dates, duration 0, counters NULL
    assert_eq!(
        db.sql(&format!(
            "SELECT name, id_coach, session_admin_id, visibility, description, show_description, \
             send_subscription_notification, duration, access_start_date, access_end_date, \
             display_start_date, display_end_date, coach_access_start_date, \
             coach_access_end_date, session_category_id IS NULL, nbr_courses IS NULL, \
             nbr_users IS NULL, nbr_classes IS NULL FROM session WHERE id = {sid}"
        )),
        "Spring Term\t1\t1\t2\tAlgebra and geometry\t1\t1\t0\t2027-03-01 00:00:00\t\
         2027-06-30 23:59:59\t2027-03-02 00:00:00\t2027-06-29 23:59:59\t2027-02-20 00:00:00\t\
         2027-07-10 23:59:59\t1\t1\t1\t1"
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT access_url_id FROM access_url_rel_session WHERE session_id = {sid}"
        )),
        "1"
    );
    let read = gw.get_session(sid).await.unwrap();
    assert_eq!(
        read,
        chamilo_core::types::sessions::Session {
            id: sid,
            ..expected
        }
    );
    assert_eq!(
        gw.resolve(
            ItemType::Session,
            ExternalRef {
                field_name: "EXTERNAL_SESSION_ID".into(),
                value: "ses-1".into()
            }
        )
        .await
        .unwrap(),
        sid
    );

    // courses, then students: each course gets them, with the session's visibility
    gw.add_course_to_session(sid, c1).await.unwrap();
    gw.add_course_to_session(sid, c2).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 0 users".into(), format!("{c1}:0 {c2}:0"))
    );
    gw.subscribe_user_to_session(sid, ann).await.unwrap();
    gw.subscribe_user_to_session(sid, bob).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 2 users".into(), format!("{c1}:2 {c2}:2"))
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT user_id, relation_type, registered_at IS NOT NULL, duration IS NULL \
             FROM session_rel_user WHERE session_id = {sid} ORDER BY user_id"
        )),
        format!("{ann}\t0\t1\t1\n{bob}\t0\t1\t1")
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*), MIN(visibility), MAX(visibility), MAX(status) \
             FROM session_rel_course_rel_user WHERE session_id = {sid}"
        )),
        "4\t2\t2\t0"
    );
    // a second subscription adds nothing
    gw.subscribe_user_to_session(sid, ann).await.unwrap();
    gw.add_course_to_session(sid, c1).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 2 users".into(), format!("{c1}:2 {c2}:2"))
    );

    // a coach of one course: status 2, not counted among the course's users
    gw.add_session_course_coach(sid, c1, cat).await.unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT status, visibility FROM session_rel_course_rel_user \
             WHERE session_id = {sid} AND c_id = {c1} AND user_id = {cat}"
        )),
        "2\t2"
    );
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 2 users".into(), format!("{c1}:2 {c2}:2"))
    );
    assert_eq!(
        gw.session_course_users(sid, c1).await.unwrap(),
        [ann, bob, cat].map(|user_id| SessionCourseUser {
            session_id: sid,
            course_id: c1,
            user_id,
            status: if user_id == cat { 2 } else { 0 },
        })
    );

    // removals
    assert!(gw.unsubscribe_user_from_session(sid, bob).await.unwrap());
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 1 users".into(), format!("{c1}:1 {c2}:1"))
    );
    gw.remove_course_from_session(sid, c2).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("1 courses, 1 users".into(), format!("{c1}:1"))
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM session_rel_course_rel_user \
             WHERE session_id = {sid} AND (c_id = {c2} OR user_id = {bob})"
        )),
        "0"
    );
    gw.remove_session_course_coach(sid, c1, cat).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("1 courses, 1 users".into(), format!("{c1}:1"))
    );

    // what a search shows is what the rows count, a class PHP Chamilo subscribed included
    db.sql(&format!(
        "INSERT INTO usergroup_rel_session (usergroup_id, session_id) VALUES (7, {sid})"
    ));
    let found = gw.fetch_session(sid, &[]).await.unwrap();
    assert_eq!(
        found.counts,
        SessionCounts {
            courses: 1,
            users: 1,
            classes: 1
        }
    );
    // a course added later takes the session's students, with its visibility
    gw.add_course_to_session(sid, c2).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 1 users".into(), format!("{c1}:1 {c2}:1"))
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT visibility, status FROM session_rel_course_rel_user \
             WHERE session_id = {sid} AND c_id = {c2} AND user_id = {ann}"
        )),
        "2\t0"
    );

    // and deleting it leaves nothing of it, though a course tool recorded an item in it (a
    // foreign key to the session, which would refuse the delete)
    db.sql(&format!(
        "INSERT INTO c_item_property (c_id, session_id, tool, insert_date, lastedit_date, ref, \
         lastedit_type, lastedit_user_id, visibility) VALUES ({c1}, {sid}, 'document', \
         UTC_TIMESTAMP(), UTC_TIMESTAMP(), 1, 'DocumentAdded', 1, 1)"
    ));
    gw.delete_session(sid).await.unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT (SELECT COUNT(*) FROM session WHERE id = {sid}) \
             + (SELECT COUNT(*) FROM session_rel_user WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM session_rel_course WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM session_rel_course_rel_user WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM access_url_rel_session WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM usergroup_rel_session WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM c_item_property WHERE session_id = {sid}) \
             + (SELECT COUNT(*) FROM extra_field_values v JOIN extra_field f \
                ON f.id = v.field_id WHERE f.extra_field_type = 3 AND v.item_id = {sid})"
        )),
        "0"
    );
}

#[tokio::test]
async fn a_session_written_as_chamilo_writes_it_is_found_by_name_and_lists_its_members() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let smoke = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/spec/chamilo-db/store-smoke.sql"
    ))
    .unwrap();
    db.sql(&smoke);
    let ids = db.sql(
        "SELECT s.id, c.id, u.id FROM session s, course c, user u \
         WHERE s.name = 'Spring 2027' AND c.code = 'PHYS101' AND u.username = 'Jane.Roe'",
    );
    let ids: Vec<i64> = ids.split('\t').map(|v| v.parse().unwrap()).collect();
    let (sid, course, jane) = (ids[0], ids[1], ids[2]);

    let store = chamilo_platform_store::connect(db.platform(), None, &Default::default())
        .await
        .unwrap();
    for spelling in ["Spring 2027", "SPRING 2027", "spring 2027  ", "Sprîng 2027"] {
        let found = store.repo().find_session_by_name(spelling).await.unwrap();
        assert_eq!(found.map(|s| s.id), Some(sid), "{spelling:?}");
    }
    assert!(store
        .repo()
        .find_session_by_name("Spring 2028")
        .await
        .unwrap()
        .is_none());

    let gw = db.gateway().await;
    // the name is taken whatever the case or accents
    for clash in ["SPRING 2027", "sprîng 2027"] {
        let err = gw
            .create_session(NewSession::named(clash))
            .await
            .unwrap_err();
        assert_eq!(
            err,
            CoreError::AlreadyExists(Conflict::SessionName),
            "{clash}"
        );
    }
    let s = gw.get_session(sid).await.unwrap();
    assert_eq!(
        (
            s.name.as_str(),
            s.access_start_date,
            s.access_end_date,
            s.display_start_date,
            s.duration,
            s.visibility,
            s.general_coach_id,
            s.show_description
        ),
        (
            "Spring 2027",
            Some(at("2027-03-01 00:00:00")),
            Some(at("2027-06-30 23:59:59")),
            None,
            None,
            1,
            Some(1),
            false
        )
    );
    let courses: Vec<i64> = gw
        .session_courses(sid)
        .await
        .unwrap()
        .iter()
        .map(|c| c.course_id)
        .collect();
    assert_eq!(courses, [course]);
    let users: Vec<i64> = gw
        .session_users(sid)
        .await
        .unwrap()
        .iter()
        .map(|u| u.user_id)
        .collect();
    assert_eq!(users, [jane]);
    let mine: Vec<i64> = gw
        .user_sessions(jane)
        .await
        .unwrap()
        .iter()
        .map(|u| u.session_id)
        .collect();
    assert_eq!(mine, [sid]);
    assert_eq!(
        gw.session_course_users(sid, course).await.unwrap(),
        [SessionCourseUser {
            session_id: sid,
            course_id: course,
            user_id: jane,
            status: 0
        }]
    );
    let found = gw.search_sessions("SPRING", &[]).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].counts,
        SessionCounts {
            courses: 1,
            users: 1,
            classes: 0
        }
    );

    // the gateway's changes keep Chamilo's counters and its row
    let joe = student(&gw, "joe").await;
    gw.subscribe_user_to_session(sid, joe).await.unwrap();
    assert_eq!(
        counters(&db, sid),
        ("1 courses, 2 users".into(), format!("{course}:2"))
    );
    gw.edit_session(
        sid,
        SessionPatch {
            name: Some("Spring 2027 (B)".into()),
            ..SessionPatch::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT name, access_start_date, visibility, id_coach, session_admin_id, nbr_users \
             FROM session WHERE id = {sid}"
        )),
        "Spring 2027 (B)\t2027-03-01 00:00:00\t1\t1\t1\t2"
    );
}

#[tokio::test]
async fn zero_dates_read_as_none_and_pass_no_date_filter() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // as Chamilo's empty sql_mode lets its own code store them
    db.sql(
        "SET SESSION sql_mode = ''; \
         INSERT INTO session (name, visibility, access_start_date, access_end_date, \
         display_start_date, coach_access_end_date, duration) VALUES ('Zero dates', 1, \
         '0000-00-00 00:00:00', '0000-00-00 00:00:00', '2027-01-01 00:00:00', \
         '0000-00-00 00:00:00', 0); \
         INSERT INTO session (name, visibility, access_start_date, access_end_date, duration) \
         VALUES ('Dated', 1, '2027-01-01 00:00:00', '2027-02-01 00:00:00', 30)",
    );
    let gw = db.gateway().await;
    let found = gw.search_sessions("zero", &[]).await.unwrap();
    assert_eq!(found.len(), 1);
    let s = &found[0].session;
    assert_eq!(
        (
            s.access_start_date,
            s.access_end_date,
            s.display_start_date,
            s.coach_access_end_date,
            s.duration
        ),
        (None, None, Some(at("2027-01-01 00:00:00")), None, None)
    );
    let names = |filter: SessionFilter| {
        let gw = &gw;
        async move {
            gw.list_sessions(&filter)
                .await
                .unwrap()
                .into_iter()
                .map(|s| (s.name, s.duration))
                .collect::<Vec<_>>()
        }
    };
    let dated = vec![("Dated".to_string(), Some(30))];
    let by = SessionFilter {
        access_ends_by: Some(at("2030-01-01 00:00:00")),
        ..SessionFilter::default()
    };
    assert_eq!(names(by).await, dated);
    let from = SessionFilter {
        access_starts_from: Some(at("2000-01-01 00:00:00")),
        ..SessionFilter::default()
    };
    assert_eq!(names(from).await, dated);
}

#[tokio::test]
async fn search_text_is_literal_and_compared_through_the_collation() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    for (name, description) in [("Maths 100%", "Álgebra"), ("Physics", "mechanics_1")] {
        let mut new = NewSession::named(name);
        new.session.description = description.into();
        gw.create_session(new).await.unwrap();
    }
    let search = |term: &'static str| {
        let gw = &gw;
        async move {
            gw.search_sessions(term, &[])
                .await
                .unwrap()
                .into_iter()
                .map(|d| d.session.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("ALGEBRA").await, ["Maths 100%"]);
    assert_eq!(search("0%").await, ["Maths 100%"]);
    assert_eq!(search("s_1").await, ["Physics"]);
    assert!(search("h%s").await.is_empty());
    assert!(search("😀").await.is_empty());
    assert_eq!(search("").await.len(), 2);
}
