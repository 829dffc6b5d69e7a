//! Classes (`crates/core/src/groups/`): links subscribe the members; unlinking keeps the
//! teachers; edits, parents, member roles, and members joining the links or not.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::NewCourse;
use chamilo_core::groups::{
    group_visibility, relation, GroupLink, GroupPatch, LinkedSubscriptions, NewGroup,
};
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
            gw.add_group_member(group, u, relation::READER, LinkedSubscriptions::Skip)
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

#[tokio::test]
async fn class_edits_keep_what_the_patch_does_not_carry() {
    for (backend, gw, _db) in gateways().await {
        let a = gw.create_group(class("Alpha")).await.unwrap();
        gw.create_group(class("Beta")).await.unwrap();
        let edited = gw
            .edit_group(
                a,
                GroupPatch {
                    name: Some("  Alpha 2 ".into()),
                    description: Some("first years".into()),
                    url: Some("http://example.org/a".into()),
                    visibility: Some(group_visibility::CLOSED),
                    picture: Some("a.png".into()),
                },
            )
            .await
            .unwrap();
        let read = gw.get_group(a).await.unwrap();
        assert_eq!(read, edited, "{backend}");
        assert_eq!(
            (
                read.name.as_str(),
                read.description.as_str(),
                read.url.as_str()
            ),
            ("Alpha 2", "first years", "http://example.org/a"),
            "{backend}"
        );
        assert_eq!((read.visibility, read.picture.as_str()), (2, "a.png"));
        assert_eq!(read.group_type, 0, "the type stays");

        // an empty patch changes nothing but the date
        let same = gw.edit_group(a, GroupPatch::default()).await.unwrap();
        assert_eq!((same.name, same.url), (read.name, read.url), "{backend}");

        // refusals write nothing
        let rename = |name: &str| GroupPatch {
            name: Some(name.into()),
            description: Some("changed".into()),
            ..GroupPatch::default()
        };
        assert_eq!(
            gw.edit_group(a, rename("BETA")).await,
            Err(CoreError::AlreadyExists(chamilo_core::Conflict::GroupName)),
            "{backend}"
        );
        assert!(matches!(
            gw.edit_group(a, rename("  ")).await,
            Err(CoreError::Invalid { field: "name", .. })
        ));
        let bad_visibility = GroupPatch {
            visibility: Some(5),
            ..GroupPatch::default()
        };
        assert!(matches!(
            gw.edit_group(a, bad_visibility).await,
            Err(CoreError::Invalid {
                field: "visibility",
                ..
            })
        ));
        assert_eq!(
            gw.get_group(a).await.unwrap().description,
            "first years",
            "{backend}"
        );
        assert_eq!(
            gw.edit_group(999, rename("Gamma")).await,
            Err(CoreError::NotFound(Entity::Group))
        );
        // its own name in another case is no clash
        gw.edit_group(a, rename("ALPHA 2")).await.unwrap();
    }
}

#[tokio::test]
async fn class_parents_form_trees() {
    for (backend, gw, _db) in gateways().await {
        let [a, b, c] = [
            gw.create_group(class("A")).await.unwrap(),
            gw.create_group(class("B")).await.unwrap(),
            gw.create_group(class("C")).await.unwrap(),
        ];
        gw.set_group_parent(b, Some(a)).await.unwrap();
        gw.set_group_parent(c, Some(b)).await.unwrap();
        assert_eq!(gw.group_parent(b).await, Ok(Some(a)), "{backend}");
        assert_eq!(gw.group_parent(c).await, Ok(Some(b)), "{backend}");
        assert_eq!(gw.group_parent(a).await, Ok(None), "{backend}");

        // a class is never its own ancestor
        for (child, parent) in [(a, a), (a, b), (a, c), (b, c)] {
            assert!(
                matches!(
                    gw.set_group_parent(child, Some(parent)).await,
                    Err(CoreError::Invalid {
                        field: "parent_id",
                        ..
                    })
                ),
                "{backend}: {child} under {parent}"
            );
        }
        assert_eq!(
            gw.set_group_parent(c, Some(999)).await,
            Err(CoreError::NotFound(Entity::Group))
        );
        assert_eq!(
            gw.set_group_parent(999, None).await,
            Err(CoreError::NotFound(Entity::Group))
        );
        assert_eq!(
            gw.group_parent(c).await,
            Ok(Some(b)),
            "refusals change nothing"
        );

        // one parent: binding again replaces it; unbinding twice is fine
        gw.set_group_parent(c, Some(a)).await.unwrap();
        assert_eq!(gw.group_parent(c).await, Ok(Some(a)), "{backend}");
        gw.set_group_parent(b, None).await.unwrap();
        gw.set_group_parent(b, None).await.unwrap();
        assert_eq!(gw.group_parent(b).await, Ok(None), "{backend}");

        // deleting a parent leaves its children top-level
        gw.delete_group(a).await.unwrap();
        assert_eq!(gw.group_parent(c).await, Ok(None), "{backend}");
        gw.set_group_parent(b, Some(c)).await.unwrap();
        gw.delete_group(b).await.unwrap();
        assert_eq!(gw.group_parent(c).await, Ok(None), "{backend}");
    }
}

#[tokio::test]
async fn members_join_the_links_only_when_asked_and_roles_change_for_members() {
    for (backend, gw, _db) in gateways().await {
        let [ann, bob, cat] = [
            user(&gw, "ann").await,
            user(&gw, "bob").await,
            user(&gw, "cat").await,
        ];
        let course = gw
            .create_course(NewCourse {
                title: "Linked".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap()
            .id;
        let session = gw
            .create_session(chamilo_core::sessions::NewSession::named("Linked"))
            .await
            .unwrap();
        let group = gw.create_group(class("Linked")).await.unwrap();
        gw.link_group(group, GroupLink::Course(course))
            .await
            .unwrap();
        gw.link_group(group, GroupLink::Session(session))
            .await
            .unwrap();

        gw.add_group_member(
            group,
            ann,
            relation::CLASS_MEMBER,
            LinkedSubscriptions::Subscribe,
        )
        .await
        .unwrap();
        gw.add_group_member(group, bob, relation::READER, LinkedSubscriptions::Skip)
            .await
            .unwrap();
        assert!(
            gw.is_subscribed_to_course(course, ann).await.unwrap(),
            "{backend}"
        );
        assert!(
            !gw.is_subscribed_to_course(course, bob).await.unwrap(),
            "{backend}"
        );
        let in_session: Vec<i64> = gw
            .session_users(session)
            .await
            .unwrap()
            .iter()
            .map(|u| u.user_id)
            .collect();
        assert_eq!(in_session, [ann], "{backend}");
        let relation_of = |members: Vec<chamilo_core::groups::GroupMember>, u: i64| {
            members
                .iter()
                .find(|m| m.user_id == u)
                .map(|m| m.relation_type)
        };
        let members = gw.group_members(group).await.unwrap();
        assert_eq!(relation_of(members.clone(), ann), Some(0), "{backend}");
        assert_eq!(relation_of(members, bob), Some(2), "{backend}");

        // roles change for members only, to known relations
        gw.set_group_member_role(group, ann, relation::MODERATOR)
            .await
            .unwrap();
        assert_eq!(
            relation_of(gw.group_members(group).await.unwrap(), ann),
            Some(relation::MODERATOR),
            "{backend}"
        );
        assert_eq!(
            gw.set_group_member_role(group, cat, relation::ADMIN).await,
            Err(CoreError::NotFound(Entity::Subscription))
        );
        assert!(matches!(
            gw.set_group_member_role(group, bob, 8).await,
            Err(CoreError::Invalid { .. })
        ));
        assert_eq!(
            gw.set_group_member_role(group, 999, relation::ADMIN).await,
            Err(CoreError::NotFound(Entity::User))
        );
        assert_eq!(
            gw.add_group_member(group, 999, relation::READER, LinkedSubscriptions::Subscribe)
                .await,
            Err(CoreError::NotFound(Entity::User))
        );
        assert_eq!(
            relation_of(gw.group_members(group).await.unwrap(), cat),
            None,
            "{backend}"
        );
    }
}
