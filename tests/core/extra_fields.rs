//! External ids, which are extra-field values (`crates/core/src/extra_fields.rs`,
//! `resolve`): case-insensitive, unique per field.

use crate::common::gateways::gateways;
use crate::users::user;
use chamilo_core::courses::NewCourse;
use chamilo_core::{Conflict, CoreError, Entity, ExternalRef, ItemRef, ItemType};

#[tokio::test]
async fn external_ids_resolve_case_insensitively_and_are_unique_per_field() {
    for (backend, gw, _db) in gateways().await {
        let mut a = user("alice");
        a.external_id = Some(ExternalRef::new("HR_ID", "Emp-001"));
        let alice = gw.create_user(a).await.unwrap();

        for (name, value) in [
            ("hr_id", "emp-001"),
            ("HR_ID", "EMP-001 "),
            ("Hr_Id", "Emp-001"),
        ] {
            let got = gw
                .resolve(ItemType::User, &ExternalRef::new(name, value))
                .await;
            assert_eq!(got, Ok(alice), "{backend}: {name}={value}");
        }
        // the internal id (adapters read it off the wire by the reserved name); the reserved
        // name is case-sensitive
        assert_eq!(gw.resolve(ItemType::User, alice).await, Ok(alice));
        assert_eq!(
            gw.resolve(ItemType::User, ItemRef::Id(alice + 1000)).await,
            Err(CoreError::NotFound(Entity::User))
        );
        assert_eq!(
            gw.resolve(
                ItemType::User,
                &ExternalRef::new("Chamilo_User_Id", alice.to_string())
            )
            .await,
            Err(CoreError::NotFound(Entity::User))
        );

        let mut b = user("bob");
        b.external_id = Some(ExternalRef::new("hr_id", "EMP-001"));
        assert_eq!(
            gw.create_user(b).await,
            Err(CoreError::AlreadyExists(Conflict::ExternalId {
                field: "hr_id".into()
            })),
            "{backend}"
        );
        assert!(gw.find_user_by_username("bob").await.unwrap().is_none());

        // the same value in another field, or for another item type, is fine
        let mut c = user("carol");
        c.external_id = Some(ExternalRef::new("payroll_id", "EMP-001"));
        assert!(gw.create_user(c).await.is_ok());
        let course = gw
            .create_course(NewCourse {
                title: "Physics".into(),
                external_id: Some(ExternalRef::new("hr_id", "EMP-001")),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(
            gw.resolve(ItemType::Course, &ExternalRef::new("HR_ID", "emp-001"))
                .await,
            Ok(course.id)
        );

        // deleting the record frees its id
        gw.delete_user(alice).await.unwrap();
        assert_eq!(
            gw.resolve(ItemType::User, &ExternalRef::new("hr_id", "EMP-001"))
                .await,
            Err(CoreError::NotFound(Entity::User))
        );
    }
}
