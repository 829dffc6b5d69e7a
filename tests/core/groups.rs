//! Classes (`crates/core/src/groups.rs`): links subscribe the members; unlinking keeps the
//! teachers.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::NewCourse;
use chamilo_core::groups::{relation, GroupLink, NewGroup};
use chamilo_core::subscriptions::course_status;
use chamilo_core::{CoreError, Entity};

fn class(name: &str) -> NewGroup {
    NewGroup {
        name: name.into(),
        description: String::new(),
        group_type: 0,
        visibility: 1,
        url: String::new(),
        author_id: 0,
    }
}

#[tokio::test]
async fn class_links_subscribe_members_and_unlinking_keeps_teachers() {
    for (backend, gw, _db) in gateways().await {
        let teacher = user(&gw, "tom").await;
        let student = user(&gw, "sue").await;
        let course = gw
            .create_course(NewCourse {
                title: "Course".into(),
                teacher: Some(teacher.into()),
                ..NewCourse::default()
            })
            .await
            .unwrap()
            .id;
        let group = gw.create_group(class("Class")).await.unwrap();
        assert_eq!(
            gw.create_group(class("CLASS")).await,
            Err(CoreError::AlreadyExists(chamilo_core::Conflict::GroupName)),
            "{backend}"
        );
        for u in [teacher, student] {
            gw.add_group_member(group, u, relation::READER)
                .await
                .unwrap();
        }
        assert!(gw
            .link_group(group, GroupLink::Course(course))
            .await
            .unwrap());
        assert!(!gw
            .link_group(group, GroupLink::Course(course))
            .await
            .unwrap());
        let status = |rows: Vec<chamilo_core::subscriptions::CourseUser>, u: i64| {
            rows.iter().find(|r| r.user_id == u).map(|r| r.status)
        };
        let rows = gw.course_users(course).await.unwrap();
        assert_eq!(status(rows.clone(), teacher), Some(course_status::TEACHER));
        assert_eq!(status(rows, student), Some(course_status::STUDENT));
        assert!(gw
            .unlink_group(group, GroupLink::Course(course))
            .await
            .unwrap());
        let rows = gw.course_users(course).await.unwrap();
        assert_eq!(
            status(rows.clone(), teacher),
            Some(course_status::TEACHER),
            "{backend}"
        );
        assert_eq!(status(rows, student), None, "{backend}");
        // a missing session fails the link and writes nothing
        assert_eq!(
            gw.link_group(group, GroupLink::Session(999)).await,
            Err(CoreError::NotFound(Entity::Session)),
            "{backend}"
        );
        assert!(gw.group_links(group, false).await.unwrap().is_empty());
        // deleting a user removes the membership with it
        gw.delete_user(student).await.unwrap();
        let members = gw.group_members(group).await.unwrap();
        assert_eq!(members.len(), 1, "{backend}");
    }
}
