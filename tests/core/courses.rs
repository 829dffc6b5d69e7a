//! Courses (`crates/core/src/courses/`): codes derived from titles, varied when taken; the
//! per-user catalogue rules.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::{CatalogueRule, CoursePatch, NewCourse};
use chamilo_core::{CoreError, Entity, ItemRef, ItemType};

#[tokio::test]
async fn course_codes_are_derived_and_varied_when_taken() {
    for (backend, gw, _db) in gateways().await {
        let first = gw
            .create_course(NewCourse {
                title: "Économie 101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(first.code, "ECONOMIE101", "{backend}");
        let second = gw
            .create_course(NewCourse {
                title: "Another".into(),
                wanted_code: "economie101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(second.code, "ECONOMIE1011", "{backend}");
        let third = gw
            .create_course(NewCourse {
                title: "Économie 101".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(third.code, "ECONOMIE1012", "{backend}");
        assert_eq!(
            gw.find_course_by_code("economie1011")
                .await
                .unwrap()
                .unwrap()
                .id,
            second.id
        );
        assert!(matches!(
            gw.create_course(NewCourse {
                title: "x".into(),
                visibility: 7,
                ..NewCourse::default()
            })
            .await,
            Err(CoreError::Invalid {
                field: "visibility",
                ..
            })
        ));
        gw.edit_course(
            first.id,
            CoursePatch {
                visibility: Some(0),
                subscribe: Some(false),
                ..CoursePatch::default()
            },
        )
        .await
        .unwrap();
        let edited = gw.get_course(first.id).await.unwrap();
        assert_eq!((edited.visibility, edited.subscribe), (0, false));
    }
}

#[tokio::test]
async fn catalogue_rules_one_per_user_and_course() {
    for (backend, gw, _db) in gateways().await {
        let ann = user(&gw, "ann").await;
        let bob = user(&gw, "bob").await;
        let course = |title: &str| NewCourse {
            title: title.into(),
            ..NewCourse::default()
        };
        let maths = gw.create_course(course("Maths")).await.unwrap().id;
        let art = gw.create_course(course("Art")).await.unwrap().id;
        gw.set_extras(ItemType::User, ann, &[("uid".into(), "U-ANN".into())])
            .await
            .unwrap();
        let rule = |user_id, course_id, visible| CatalogueRule {
            user_id,
            course_id,
            visible,
        };

        // by external id as by internal id; the last rule set wins
        let by_external = ItemRef::pair(ItemType::User, "uid", "u-ann", |_| 0);
        gw.set_catalogue_visibility(by_external, maths, 1)
            .await
            .unwrap();
        gw.set_catalogue_visibility(ann, art, 1).await.unwrap();
        gw.set_catalogue_visibility(ann, maths, 0).await.unwrap();
        assert_eq!(
            gw.catalogue_rules(ann).await.unwrap(),
            [rule(ann, maths, 0), rule(ann, art, 1)],
            "{backend}"
        );

        // a removal takes the rule of its visibility only
        assert_eq!(
            gw.remove_catalogue_visibility(ann, maths, 1).await,
            Ok(false)
        );
        assert_eq!(
            gw.remove_catalogue_visibility(ann, maths, 0).await,
            Ok(true)
        );
        assert_eq!(
            gw.catalogue_rules(ann).await.unwrap(),
            [rule(ann, art, 1)],
            "{backend}"
        );

        // refusals: a visibility that is none, the user looked up before the course
        assert!(matches!(
            gw.set_catalogue_visibility(ann, art, 2).await,
            Err(CoreError::Invalid {
                field: "visible",
                ..
            })
        ));
        assert_eq!(
            gw.set_catalogue_visibility(999, 999, 1).await,
            Err(CoreError::NotFound(Entity::User))
        );
        assert_eq!(
            gw.remove_catalogue_visibility(ann, 999, 1).await,
            Err(CoreError::NotFound(Entity::Course))
        );
        assert_eq!(
            gw.catalogue_rules(ann).await.unwrap(),
            [rule(ann, art, 1)],
            "{backend}"
        );

        // rules go with their course and with their user
        gw.set_catalogue_visibility(bob, art, 0).await.unwrap();
        gw.delete_course(art).await.unwrap();
        assert!(
            gw.catalogue_rules(ann).await.unwrap().is_empty(),
            "{backend}"
        );
        assert!(
            gw.catalogue_rules(bob).await.unwrap().is_empty(),
            "{backend}"
        );
        gw.set_catalogue_visibility(bob, maths, 1).await.unwrap();
        gw.delete_user(bob).await.unwrap();
        gw.set_catalogue_visibility(ann, maths, 1).await.unwrap();
        assert_eq!(
            gw.catalogue_rules(ann).await.unwrap(),
            [rule(ann, maths, 1)],
            "{backend}"
        );
    }
}
