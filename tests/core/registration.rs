//! The core calls registration.soap.php added, on every backend: references by course code and
//! username, closing a course, the variants that refuse closed courses and disabled users,
//! extras written only to existing fields, the catalogue listing, credential edits.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::{CourseListing, CourseRemoval, NewCourse};
use chamilo_core::sessions::NewSession;
use chamilo_core::users::UserPatch;
use chamilo_core::{CoreError, Entity, ItemRef, ItemType};

#[tokio::test]
async fn registration_core_calls_on_every_backend() {
    for (backend, gw, _db) in gateways().await {
        let ann = user(&gw, "ann").await;
        let bob = user(&gw, "bob").await;
        let created = gw
            .create_course(NewCourse {
                title: "Maths".into(),
                teacher: Some(ann.into()),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        let session = gw
            .create_session(NewSession::named("Spring"))
            .await
            .unwrap();

        // a course by its code, a user by username (case-insensitively, as usernames compare)
        let by_code = ItemRef::CourseCode(created.code.to_lowercase());
        assert_eq!(
            gw.resolve(ItemType::Course, by_code.clone()).await,
            Ok(created.id),
            "{backend}"
        );
        assert_eq!(
            gw.resolve(ItemType::User, ItemRef::Username("BOB".into()))
                .await,
            Ok(bob)
        );
        assert!(
            gw.is_subscribed_to_course(by_code, ann).await.unwrap(),
            "{backend}"
        );
        assert!(!gw.is_subscribed_to_course(created.id, bob).await.unwrap());

        // a disabled user is refused by the registration variant only
        gw.set_user_active(bob, false).await.unwrap();
        assert!(matches!(
            gw.subscribe_active_user_to_session(session, bob).await,
            Err(CoreError::Forbidden(_))
        ));
        gw.subscribe_user_to_session(session, bob).await.unwrap();

        // a closed course counts as deleted for the registration variants
        gw.remove_course(created.id.into(), CourseRemoval::Close)
            .await
            .unwrap();
        assert_eq!(
            gw.get_course(created.id).await.unwrap().visibility,
            0,
            "{backend}"
        );
        assert_eq!(
            gw.remove_course(created.id.into(), CourseRemoval::Close)
                .await,
            Err(CoreError::NotFound(Entity::Course))
        );
        assert_eq!(
            gw.add_open_course_to_session(session, created.id).await,
            Err(CoreError::NotFound(Entity::Course))
        );
        gw.add_course_to_session(session, created.id).await.unwrap();

        // extras only for fields that exist
        gw.set_extras(ItemType::User, ann, &[("hr_id".into(), "H1".into())])
            .await
            .unwrap();
        let patch = UserPatch {
            extras: vec![("hr_id".into(), "H2".into()), ("nope".into(), "x".into())],
            extras_existing_only: true,
            ..UserPatch::default()
        };
        let edited = gw
            .edit_user_as_read(ItemRef::Username("ann".into()), Ok(patch))
            .await;
        assert_eq!(edited.map(|u| u.id), Ok(ann), "{backend}");
        assert!(gw
            .find_extra_field(ItemType::User, "nope")
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            gw.find_user(chamilo_core::ExternalRef::new("hr_id", "h2"))
                .await
                .unwrap()
                .map(|u| u.id),
            Some(ann)
        );

        // the catalogue: each course with its external id and students
        gw.set_extras(
            ItemType::Course,
            created.id,
            &[("ext".into(), "C-1".into())],
        )
        .await
        .unwrap();
        let listed = gw
            .list_courses_with(&CourseListing {
                external_field: Some("ext".into()),
                ..CourseListing::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 1, "{backend}");
        assert_eq!(
            (listed[0].external_id.as_str(), listed[0].students),
            ("C-1", 0)
        );

        // credentials: refused for a disabled user, set for an active one
        assert!(matches!(
            gw.edit_user_credentials(bob, "bob2", "pw").await,
            Err(CoreError::Forbidden(_))
        ));
        gw.edit_user_credentials(ann, "ann2", "").await.unwrap();
        assert_eq!(
            gw.get_user(ann).await.unwrap().username,
            "ann2",
            "{backend}"
        );
    }
}
