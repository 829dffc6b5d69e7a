//! Subscriptions in Chamilo's link tables: the columns PHP Chamilo writes, the HR-manager
//! relations it keeps apart, and writers racing from two gateways over one database (no
//! unique index there to stop a second row).

use crate::common::chamilo::ChamiloDb;
use crate::sessions::{chamilo_course, counters, student};
use chamilo_core::sessions::NewSession;
use chamilo_core::types::subscriptions::CourseUser;
use chamilo_core::{Conflict, CoreError};

// several workers: a transaction the core drops on an error is rolled back by a pool task,
// which must run while the test blocks on the mysql client
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_subscription_is_the_row_subscribe_user_writes() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let course = chamilo_course(&db, "CHEM1");
    let other = chamilo_course(&db, "CHEM2");
    let ann = student(&gw, "ann").await;
    let tom = student(&gw, "tom").await;
    let hr = student(&gw, "hr").await;
    // ann already follows a course, sorted third on her page
    db.sql(&format!(
        "INSERT INTO course_rel_user (c_id, user_id, status, is_tutor, sort, relation_type, \
         user_course_cat) VALUES ({other}, {ann}, 5, 0, 3, 0, 0)"
    ));
    gw.subscribe_user_to_course(course, ann, 5).await.unwrap();
    gw.subscribe_user_to_course(course, tom, 1).await.unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT user_id, status, relation_type, is_tutor, sort, user_course_cat \
             FROM course_rel_user WHERE c_id = {course} ORDER BY user_id"
        )),
        format!("{ann}\t5\t0\t0\t4\t0\n{tom}\t1\t0\t0\t1\t0")
    );
    let again = gw.subscribe_user_to_course(course, ann, 5).await;
    assert_eq!(again, Err(CoreError::AlreadyExists(Conflict::Subscription)));

    // an HR manager following the course is no member of it, and stays when it leaves
    db.sql(&format!(
        "INSERT INTO course_rel_user (c_id, user_id, status, is_tutor, sort, relation_type, \
         user_course_cat) VALUES ({course}, {hr}, 5, 0, 1, 1, 0)"
    ));
    assert!(!gw.is_subscribed_to_course(course, hr).await.unwrap());
    assert_eq!(
        gw.course_users(course).await.unwrap(),
        [
            CourseUser {
                course_id: course,
                user_id: ann,
                status: 5
            },
            CourseUser {
                course_id: course,
                user_id: tom,
                status: 1
            }
        ]
    );
    gw.subscribe_user_to_course(course, hr, 5).await.unwrap();
    assert!(gw.is_subscribed_to_course(course, hr).await.unwrap());
    assert!(gw.unsubscribe_user_from_course(course, hr).await.unwrap());
    assert!(!gw.unsubscribe_user_from_course(course, hr).await.unwrap());
    assert_eq!(
        db.sql(&format!(
            "SELECT relation_type FROM course_rel_user WHERE c_id = {course} AND user_id = {hr}"
        )),
        "1"
    );
    let ann_courses: Vec<i64> = gw
        .user_courses(ann)
        .await
        .unwrap()
        .iter()
        .map(|c| c.course_id)
        .collect();
    assert_eq!(ann_courses, [course, other]);
}

#[tokio::test]
async fn hr_relations_to_a_session_are_neither_counted_nor_removed_with_the_student() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let course = chamilo_course(&db, "BIO1");
    let sid = gw
        .create_session(NewSession::named("Autumn"))
        .await
        .unwrap();
    gw.add_course_to_session(sid, course).await.unwrap();
    let ann = student(&gw, "ann").await;
    let boss = student(&gw, "boss").await;
    // PHP Chamilo's HR manager of the session, who is a student of it too
    db.sql(&format!(
        "INSERT INTO session_rel_user (relation_type, session_id, user_id, registered_at) \
         VALUES (1, {sid}, {boss}, UTC_TIMESTAMP()), (0, {sid}, {boss}, UTC_TIMESTAMP())"
    ));
    gw.subscribe_user_to_session(sid, ann).await.unwrap();
    assert_eq!(counters(&db, sid).0, "1 courses, 2 users");
    let details = gw.fetch_session(sid, &[]).await.unwrap();
    assert_eq!(details.counts.users, 2);
    assert!(gw.unsubscribe_user_from_session(sid, boss).await.unwrap());
    assert_eq!(
        db.sql(&format!(
            "SELECT relation_type FROM session_rel_user WHERE session_id = {sid} AND user_id = {boss}"
        )),
        "1"
    );
    assert_eq!(counters(&db, sid).0, "1 courses, 1 users");
    assert_eq!(gw.fetch_session(sid, &[]).await.unwrap().counts.users, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_subscriptions_from_two_gateways_leave_one_row() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // two processes' worth of pools over one database
    let (a, b) = (db.gateway().await, db.gateway().await);
    let (c1, c2) = (chamilo_course(&db, "RACE1"), chamilo_course(&db, "RACE2"));
    let sid = a.create_session(NewSession::named("Race")).await.unwrap();
    let (x, y) = tokio::join!(
        a.add_course_to_session(sid, c1),
        b.add_course_to_session(sid, c1)
    );
    assert_eq!((x, y), (Ok(()), Ok(())));
    a.add_course_to_session(sid, c2).await.unwrap();

    let mut users = Vec::new();
    for i in 0..8 {
        users.push(student(&a, &format!("racer{i}")).await);
    }
    for &user in &users {
        let (x, y) = tokio::join!(
            a.subscribe_user_to_session(sid, user),
            b.subscribe_user_to_session(sid, user)
        );
        assert_eq!((x, y), (Ok(()), Ok(())), "user {user}");
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM session_rel_user WHERE session_id = {sid}"
        )),
        "8\t8"
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*), COUNT(DISTINCT c_id, user_id) FROM session_rel_course_rel_user \
             WHERE session_id = {sid}"
        )),
        "16\t16"
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM session_rel_course WHERE session_id = {sid}"
        )),
        "2"
    );
    assert_eq!(
        counters(&db, sid),
        ("2 courses, 8 users".into(), format!("{c1}:8 {c2}:8"))
    );

    // outside sessions: one wins, the other is told the user is subscribed already
    for &user in &users {
        let (x, y) = tokio::join!(
            a.subscribe_user_to_course(c1, user, 5),
            b.subscribe_user_to_course(c1, user, 5)
        );
        let mut results = [x, y];
        results.sort_by_key(|r| r.is_err());
        assert_eq!(
            results,
            [
                Ok(()),
                Err(CoreError::AlreadyExists(Conflict::Subscription))
            ],
            "user {user}"
        );
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM course_rel_user WHERE c_id = {c1}"
        )),
        "8\t8"
    );
}
