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

/// The calls registration.soap.php's user lookups and (un)subscriptions added: a user with its
/// extra-field values, the `dokeos` api key that binds an external id by username, users
/// leaving an open course, disabled accounts left alone by the session unsubscription.
#[tokio::test]
async fn registration_user_calls_on_every_backend() {
    use chamilo_core::api_keys::{DOKEOS_SERVICE, REST_SERVICE};
    use chamilo_core::subscriptions::CourseLeaving;
    use chamilo_core::ExternalRef;

    for (backend, gw, _db) in gateways().await {
        let ann = user(&gw, "ann").await;
        let bob = user(&gw, "bob").await;
        let cid = user(&gw, "cid").await;

        // a user by username with its extra-field values, by field
        gw.set_extras(
            ItemType::User,
            ann,
            &[("zeta".into(), "Z".into()), ("alpha".into(), "A".into())],
        )
        .await
        .unwrap();
        let (found, extras) = gw
            .find_user_with_extras(ItemRef::Username("ANN".into()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, ann, "{backend}");
        let pairs: Vec<(&str, &str)> = extras
            .iter()
            .map(|v| (v.field.variable.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(pairs, [("zeta", "Z"), ("alpha", "A")], "{backend}");
        assert!(gw
            .find_user_with_extras(ItemRef::Username("nobody".into()))
            .await
            .unwrap()
            .is_none());

        // the dokeos key: nobody has the external id, so bob (by username) takes it, with the
        // field created; the same key again; it is not bob's REST key
        let ext = || ExternalRef::new("sis_id", "S-1");
        let key = gw
            .api_key_binding_external_id(ext(), Some("BOB"), DOKEOS_SERVICE)
            .await
            .unwrap();
        assert_eq!(key.len(), 32, "{backend}");
        assert_eq!(gw.resolve(ItemType::User, ext()).await, Ok(bob));
        assert_eq!(
            gw.api_key_binding_external_id(ext(), None, DOKEOS_SERVICE)
                .await,
            Ok(key.clone())
        );
        // the external id wins over the username once bound
        assert_eq!(
            gw.api_key_binding_external_id(ext(), Some("cid"), DOKEOS_SERVICE)
                .await,
            Ok(key.clone())
        );
        assert_eq!(gw.current_api_key(bob).await.unwrap(), None, "{backend}");
        assert!(gw.validate_api_key("bob", &key).await.unwrap().is_none());
        assert_ne!(gw.api_key_for(bob).await.unwrap(), key);
        assert_eq!(REST_SERVICE, "MsgREST");
        // nobody: no external id holder and no (known) username
        let nobody = || ExternalRef::new("sis_id", "S-2");
        for bind_to in [None, Some("nobody")] {
            assert_eq!(
                gw.api_key_binding_external_id(nobody(), bind_to, DOKEOS_SERVICE)
                    .await,
                Err(CoreError::NotFound(Entity::User)),
                "{backend}"
            );
        }
        // an external id without a value is never bound
        assert!(matches!(
            gw.api_key_binding_external_id(
                ExternalRef::new("sis_id", " "),
                Some("cid"),
                DOKEOS_SERVICE
            )
            .await,
            Err(CoreError::Invalid { .. })
        ));
        assert_eq!(
            gw.resolve(ItemType::User, ExternalRef::new("sis_id", " "))
                .await,
            Err(CoreError::NotFound(Entity::User))
        );

        // users leaving an open course: unknown and disabled ones are left out
        let course = gw
            .create_course(NewCourse {
                title: "Latin".into(),
                teacher: Some(ann.into()),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        for u in [bob, cid] {
            gw.subscribe_user_to_course(course.id, u, 5).await.unwrap();
        }
        gw.set_user_active(cid, false).await.unwrap();
        let named = [
            ItemRef::Id(cid),
            ItemRef::Username("nobody".into()),
            ItemRef::Id(bob),
        ];
        let leaving = gw
            .unsubscribe_active_users_from_open_course(course.id, &named)
            .await
            .unwrap();
        assert_eq!(
            leaving,
            CourseLeaving {
                user_ids: vec![bob],
                done: true
            },
            "{backend}"
        );
        assert!(!gw.is_subscribed_to_course(course.id, bob).await.unwrap());
        assert!(gw.is_subscribed_to_course(course.id, cid).await.unwrap());
        // nobody left: not done; an unknown course: not done, the users still named
        let leaving = gw
            .unsubscribe_active_users_from_open_course(course.id, &[ItemRef::Id(cid)])
            .await
            .unwrap();
        assert_eq!(leaving.user_ids, Vec::<i64>::new());
        assert!(!leaving.done);
        let leaving = gw
            .unsubscribe_active_users_from_open_course(
                ItemRef::CourseCode("NOPE".into()),
                &[ItemRef::Id(ann)],
            )
            .await
            .unwrap();
        assert_eq!((leaving.user_ids, leaving.done), (vec![ann], false));
        // a closed course is left alone
        gw.remove_course(course.id.into(), CourseRemoval::Close)
            .await
            .unwrap();
        let leaving = gw
            .unsubscribe_active_users_from_open_course(course.id, &[ItemRef::Id(ann)])
            .await
            .unwrap();
        assert!(!leaving.done, "{backend}");
        assert!(gw.is_subscribed_to_course(course.id, ann).await.unwrap());

        // the session unsubscription of registration.soap.php leaves a disabled member in
        let session = gw
            .create_session(NewSession::named("Winter"))
            .await
            .unwrap();
        gw.subscribe_user_to_session(session, cid).await.unwrap();
        assert!(matches!(
            gw.unsubscribe_active_user_from_session(session, cid).await,
            Err(CoreError::Forbidden(_))
        ));
        assert_eq!(gw.session_users(session).await.unwrap().len(), 1);
        assert_eq!(
            gw.unsubscribe_user_from_session(session, cid).await,
            Ok(true),
            "{backend}"
        );
        gw.subscribe_user_to_session(session, bob).await.unwrap();
        assert_eq!(
            gw.unsubscribe_active_user_from_session(session, bob).await,
            Ok(true)
        );
        assert!(gw.session_users(session).await.unwrap().is_empty());
    }
}

/// registration.soap.php's edits keep a platform admin a teacher whatever `status` they carry
/// (`UserPatch::admins_stay_teachers`); other edits set the status asked for.
#[tokio::test]
async fn admins_stay_teachers_through_registration_edits() {
    for (backend, gw, _db) in gateways().await {
        let admin = gw
            .ensure_admin("root.admin", "admin-pw", None)
            .await
            .unwrap();
        let student = user(&gw, "plain").await;
        let to_student = |keep: bool| UserPatch {
            status: Some(5),
            admins_stay_teachers: keep,
            ..UserPatch::default()
        };
        for id in [admin, student] {
            gw.edit_user(id, to_student(true)).await.unwrap();
        }
        assert_eq!(gw.get_user(admin).await.unwrap().status, 1, "{backend}");
        assert_eq!(gw.get_user(student).await.unwrap().status, 5, "{backend}");
        // without the flag (soap.php, v2.php) the admin takes the status asked for
        gw.edit_user(admin, to_student(false)).await.unwrap();
        assert_eq!(gw.get_user(admin).await.unwrap().status, 5, "{backend}");
    }
}
