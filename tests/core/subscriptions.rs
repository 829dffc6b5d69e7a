//! Subscriptions (`crates/core/src/subscriptions/`): additive, following the session.

use crate::common::gateways::gateways;
use crate::users::user;
use chamilo_core::courses::NewCourse;
use chamilo_core::sessions::NewSession;
use chamilo_core::{Conflict, CoreError, Entity};

#[tokio::test]
async fn subscriptions_are_additive_and_follow_the_session() {
    for (backend, gw, _db) in gateways().await {
        let teacher = gw.create_user(user("teach")).await.unwrap();
        let s1 = gw.create_user(user("stud1")).await.unwrap();
        let s2 = gw.create_user(user("stud2")).await.unwrap();
        let course = gw
            .create_course(NewCourse {
                title: "Maths".into(),
                teacher: Some(teacher.into()),
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
