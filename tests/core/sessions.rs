//! Session listings (`crates/core/src/sessions/listing.rs`) on every backend: a page of a
//! filter, the search by text (extra-field values only when fields are asked for) and the
//! fetch by id, each with head counts and the extra-field values asked for.

use crate::common::gateways::gateways;
use crate::user;
use chamilo_core::courses::NewCourse;
use chamilo_core::sessions::{
    coach_window, parse_datetime, parse_upper_bound, NewSession, SessionCounts, SessionFilter,
    SessionListing,
};
use chamilo_core::{CoreError, Entity, ItemType};

#[tokio::test]
async fn session_listing_search_and_fetch_on_every_backend() {
    for (backend, gw, _db) in gateways().await {
        let coach = user(&gw, "coach").await;
        let ann = user(&gw, "ann").await;
        let mut ids = Vec::new();
        for (name, description, start, end) in [
            ("Spring Maths", "Algebra", "2030-01-10", "2030-03-31"),
            ("Summer Physics", "Mechanics", "2030-04-01", "2030-06-30"),
            ("Autumn Chemistry", "", "2030-09-01", "2030-12-20"),
        ] {
            let start = parse_datetime("start", start).unwrap();
            let end = parse_upper_bound("end", end).unwrap();
            let (coach_start, coach_end) = coach_window(Some(start), Some(end), 2, 3);
            let mut new = NewSession::named(name);
            new.session.description = description.into();
            new.session.access_start_date = Some(start);
            new.session.access_end_date = Some(end);
            new.session.coach_access_start_date = coach_start;
            new.session.coach_access_end_date = coach_end;
            new.session.general_coach_id = Some(coach);
            new.extras = vec![("short_description".into(), format!("{name} lab"))];
            ids.push(gw.create_session(new).await.unwrap());
        }
        ids.push(gw.create_session(NewSession::named("Open")).await.unwrap());

        // a page of the filter: by id, offset and cap
        let page = |filter: SessionFilter, offset, limit| SessionListing {
            filter,
            offset,
            limit,
        };
        let listed = |listing: SessionListing| {
            let gw = gw.clone();
            async move {
                let found = gw.list_sessions_page(&listing).await.unwrap();
                found.iter().map(|s| s.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(page(SessionFilter::default(), 0, None)).await, ids);
        assert_eq!(
            listed(page(SessionFilter::default(), 1, Some(2))).await,
            ids[1..3],
            "{backend}"
        );
        assert!(listed(page(SessionFilter::default(), 9, None))
            .await
            .is_empty());
        // ending by a date alone includes that whole day (Summer ends 06-30 23:59:59)
        let window = SessionFilter {
            access_starts_from: Some(parse_datetime("from", "2030-01-10").unwrap()),
            access_ends_by: Some(parse_upper_bound("by", "2030-06-30").unwrap()),
            ..SessionFilter::default()
        };
        assert_eq!(listed(page(window, 0, None)).await, ids[..2], "{backend}");

        // the search: name or description, case-insensitively; extra values only when
        // fields are asked for, and then only those fields are answered
        let names = |found: &[chamilo_core::sessions::SessionDetails]| {
            found.iter().map(|d| d.session.id).collect::<Vec<_>>()
        };
        let found = gw.search_sessions("MATHS", &[]).await.unwrap();
        assert_eq!(names(&found), [ids[0]], "{backend}");
        assert!(found[0].extras.is_empty());
        let found = gw.search_sessions("mechanics", &[]).await.unwrap();
        assert_eq!(names(&found), [ids[1]], "{backend}");
        assert!(gw.search_sessions("LAB", &[]).await.unwrap().is_empty());
        let asked = [
            " Short_Description ".to_string(),
            String::new(),
            "nope".into(),
        ];
        let found = gw.search_sessions("LAB", &asked).await.unwrap();
        assert_eq!(names(&found), ids[..3], "{backend}");
        assert_eq!(
            found[2].extras,
            [(
                "short_description".to_string(),
                "Autumn Chemistry lab".to_string()
            )]
        );
        assert_eq!(gw.search_sessions("", &[]).await.unwrap().len(), 4);

        // counts: courses, users other than HR managers
        let course = gw
            .create_course(NewCourse {
                title: "Maths".into(),
                ..NewCourse::default()
            })
            .await
            .unwrap();
        gw.add_course_to_session(ids[0], course.id).await.unwrap();
        gw.subscribe_user_to_session(ids[0], ann).await.unwrap();
        let fetched = gw.fetch_session(ids[0], &[]).await.unwrap();
        assert_eq!(
            fetched.counts,
            SessionCounts {
                courses: 1,
                users: 1,
                classes: 0
            },
            "{backend}"
        );
        assert_eq!(fetched.session.general_coach_id, Some(coach));
        assert_eq!(chamilo_core::sessions::coach_days(&fetched.session), (2, 3));
        assert!(fetched.extras.is_empty());
        let fetched = gw
            .fetch_session(ids[1], &["short_description".into()])
            .await
            .unwrap();
        assert_eq!(fetched.extras.len(), 1, "{backend}");
        assert_eq!(
            gw.fetch_session(999_999, &[]).await,
            Err(CoreError::NotFound(Entity::Session))
        );
        assert_eq!(
            gw.fetch_session(0, &[]).await,
            Err(CoreError::NotFound(Entity::Session))
        );
        assert!(gw
            .find_extra_field(ItemType::Session, "nope")
            .await
            .unwrap()
            .is_none());
    }
}
