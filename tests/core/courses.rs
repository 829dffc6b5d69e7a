//! Courses (`crates/core/src/courses/`): codes derived from titles, varied when taken (or
//! refused, if so asked); creations that update the course their external id names; tutors
//! from the platform admin; the standard description sections; the per-user catalogue rules.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::{
    description_type, visibility, CatalogueRule, ClosedCourse, CoursePatch, CourseRemoval,
    NewCourse, SectionRules, UpdateExisting,
};
use chamilo_core::{Conflict, CoreError, Entity, ExternalRef, ItemRef, ItemType};

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

/// A creation with `update_existing` whose external id names an open course updates it, in the
/// same call: title, category, tutor, the visual code from the wanted code, extras of fields
/// that exist; visibility and language only when given. A closed course keeps its id refused,
/// as does every course for a creation without `update_existing`.
#[tokio::test]
async fn a_creation_updates_the_course_its_external_id_names() {
    for (backend, gw, _db) in gateways().await {
        let ext = || Some(ExternalRef::new("sis_id", "S1"));
        let updating = |title: &str, update: UpdateExisting| NewCourse {
            title: title.into(),
            category_code: "LANG".into(),
            tutor_name: "Tutor".into(),
            course_language: "spanish".into(),
            external_id: ext(),
            extras: vec![("dept".into(), "math".into()), ("new".into(), "x".into())],
            update_existing: Some(update),
            ..NewCourse::default()
        };
        let first = gw
            .create_course(NewCourse {
                title: "Physics".into(),
                course_language: "french".into(),
                external_id: ext(),
                extras: vec![("dept".into(), "phys".into())],
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert!(!first.updated);

        let again = gw
            .create_course(NewCourse {
                wanted_code: "phys 2".into(),
                ..updating("Physics II", UpdateExisting::default())
            })
            .await
            .unwrap();
        assert_eq!(
            (again.id, again.code.as_str(), again.updated),
            (first.id, "PHYSICS", true),
            "{backend}"
        );
        let c = gw.get_course(first.id).await.unwrap();
        assert_eq!(
            (
                c.title.as_str(),
                c.category_code.as_str(),
                c.tutor_name.as_str()
            ),
            ("Physics II", "LANG", "Tutor")
        );
        assert_eq!(c.visual_code, "PHYS2", "{backend}");
        assert_eq!(c.course_language, "french", "kept: none given (Q17)");
        assert_eq!(c.visibility, visibility::OPEN_PLATFORM);
        let extras: Vec<(String, String)> = gw
            .course_extras(first.id)
            .await
            .unwrap()
            .into_iter()
            .map(|v| (v.field.variable, v.value))
            .collect();
        assert!(
            extras.contains(&("dept".into(), "math".into())),
            "{backend}"
        );
        assert!(
            !extras.iter().any(|(k, _)| k == "new"),
            "existing fields only"
        );
        assert_eq!(
            gw.list_courses(&Default::default()).await.unwrap().len(),
            1,
            "no second course"
        );

        let given = UpdateExisting {
            visibility: Some(visibility::OPEN_WORLD),
            course_language: Some("German".into()),
        };
        gw.create_course(updating("Physics III", given))
            .await
            .unwrap();
        let c = gw.get_course(first.id).await.unwrap();
        assert_eq!((c.visibility, c.course_language.as_str()), (3, "german"));
        assert_eq!(
            c.visual_code, "PHYSICSIII",
            "from the title when no code is wanted"
        );

        // an invalid update writes nothing
        assert!(matches!(
            gw.create_course(updating(" ", UpdateExisting::default()))
                .await,
            Err(CoreError::Invalid { field: "title", .. })
        ));
        assert_eq!(gw.get_course(first.id).await.unwrap().title, "Physics III");

        // without update_existing the id is taken
        let plain = NewCourse {
            title: "Other".into(),
            external_id: ext(),
            ..NewCourse::default()
        };
        assert!(matches!(
            gw.create_course(plain).await,
            Err(CoreError::AlreadyExists(Conflict::ExternalId { .. }))
        ));
        // a closed course is not updated, nor is its id given to a new course
        gw.remove_course(first.id.into(), CourseRemoval::Close)
            .await
            .unwrap();
        assert!(matches!(
            gw.create_course(updating("Reopened?", UpdateExisting::default()))
                .await,
            Err(CoreError::AlreadyExists(Conflict::ExternalId { .. }))
        ));
        let c = gw.get_course(first.id).await.unwrap();
        assert_eq!(
            (c.title.as_str(), c.visibility),
            ("Physics III", 0),
            "{backend}"
        );
        assert_eq!(gw.list_courses(&Default::default()).await.unwrap().len(), 1);
    }
}

/// `tutor_defaults_to_admin` names the platform admin with the lowest id ("firstname lastname")
/// when no tutor is given, and leaves the name empty without an admin; `refuse_taken_code`
/// refuses a derived code some course has instead of varying it.
#[tokio::test]
async fn tutor_from_the_admin_and_taken_codes_refused() {
    for (backend, gw, _db) in gateways().await {
        let by_title = |title: &str, tutor: &str| NewCourse {
            title: title.into(),
            tutor_name: tutor.into(),
            tutor_defaults_to_admin: true,
            refuse_taken_code: true,
            ..NewCourse::default()
        };
        let alone = gw.create_course(by_title("Alone", "")).await.unwrap();
        assert_eq!(
            gw.get_course(alone.id).await.unwrap().tutor_name,
            "",
            "{backend}"
        );
        crate::user(&gw, "plain").await;
        gw.ensure_admin("root", "secret", None).await.unwrap();
        gw.ensure_admin("second", "secret", None).await.unwrap();
        let c = gw.create_course(by_title("Chemistry", "")).await.unwrap();
        assert_eq!(
            gw.get_course(c.id).await.unwrap().tutor_name,
            "Admin root",
            "{backend}"
        );
        let c = gw
            .create_course(by_title("Biology", "Dr Who"))
            .await
            .unwrap();
        assert_eq!(gw.get_course(c.id).await.unwrap().tutor_name, "Dr Who");

        assert_eq!(
            gw.create_course(by_title("chemistry", "")).await,
            Err(CoreError::AlreadyExists(Conflict::CourseCode)),
            "{backend}"
        );
        let varied = gw
            .create_course(NewCourse {
                title: "chemistry".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        assert_eq!(varied.code, "CHEMISTRY1");
    }
}

/// The eight standard sections, stored or not; writes under registration.soap.php's rules
/// (closed course as deleted, types 1-8 only, an empty title is the default title) and
/// soap.php's (any type, the title as given, closed courses are courses).
#[tokio::test]
async fn standard_description_sections() {
    for (backend, gw, _db) in gateways().await {
        let course = gw
            .create_course(NewCourse {
                title: "History".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap()
            .id;
        let strict = SectionRules {
            closed: ClosedCourse::Deleted,
            standard_only: true,
        };
        let sections = gw
            .standard_course_sections(course, ClosedCourse::Deleted)
            .await
            .unwrap();
        let defaults: Vec<&str> = sections.iter().map(|s| s.default_title).collect();
        assert_eq!(defaults, description_type::DEFAULT_TITLES, "{backend}");
        assert!(sections
            .iter()
            .all(|s| s.title.is_empty() && s.content.is_empty()));

        gw.save_course_description(course, 2, "", "<p>goals</p>", strict)
            .await
            .unwrap();
        gw.save_course_description(course, 2, "Aims", "<p>aims</p>", strict)
            .await
            .unwrap();
        let sections = gw
            .standard_course_sections(course, ClosedCourse::Deleted)
            .await
            .unwrap();
        assert_eq!(
            (sections[1].title.as_str(), sections[1].content.as_str()),
            ("Aims", "<p>aims</p>"),
            "{backend}: updated in place"
        );
        assert_eq!(gw.course_descriptions(course).await.unwrap().len(), 1);
        gw.save_course_description(course, 7, " ", "tests", strict)
            .await
            .unwrap();
        let stored = gw.course_descriptions(course).await.unwrap();
        assert_eq!(
            stored[1].title, "Assessment",
            "the default title when empty"
        );

        for t in [0, 9] {
            assert!(matches!(
                gw.save_course_description(course, t, "x", "y", strict)
                    .await,
                Err(CoreError::Invalid {
                    field: "course_desc_id",
                    ..
                })
            ));
        }
        // soap.php's rules: any type, the title as given
        gw.save_course_description(course, 9, "", "free", SectionRules::default())
            .await
            .unwrap();
        let stored = gw.course_descriptions(course).await.unwrap();
        assert_eq!(
            (stored[2].description_type, stored[2].title.as_str()),
            (9, "")
        );
        assert_eq!(
            gw.standard_course_sections(course, ClosedCourse::Deleted)
                .await
                .unwrap()
                .len(),
            8,
            "other types are not standard sections"
        );

        gw.remove_course(course.into(), CourseRemoval::Close)
            .await
            .unwrap();
        assert_eq!(
            gw.standard_course_sections(course, ClosedCourse::Deleted)
                .await,
            Err(CoreError::NotFound(Entity::Course)),
            "{backend}"
        );
        assert_eq!(
            gw.save_course_description(course, 1, "t", "c", strict)
                .await,
            Err(CoreError::NotFound(Entity::Course))
        );
        assert_eq!(
            gw.standard_course_sections(course, ClosedCourse::Present)
                .await
                .unwrap()[1]
                .title,
            "Aims"
        );
        gw.save_course_description(course, 1, "t", "c", SectionRules::default())
            .await
            .unwrap();
    }
}
