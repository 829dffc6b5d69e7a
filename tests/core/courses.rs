//! Courses (`crates/core/src/courses/`): codes derived from titles, varied when taken.

use crate::common::gateways::gateways;
use chamilo_core::courses::{CoursePatch, NewCourse};
use chamilo_core::CoreError;

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
