//! Courses both ways: created by the gateway, checked as PHP Chamilo's course home, tools and
//! file tools read them; written as PHP Chamilo writes them, served, edited and described by
//! the gateway; catalogue rules; deletion of what hangs on a course.

use crate::common::chamilo::ChamiloDb;
use chamilo_core::courses::{CourseFilter, CoursePatch, NewCourse, SectionRules};
use chamilo_core::{Conflict, CoreError, ExternalRef, ItemRef};

fn physics() -> NewCourse {
    NewCourse {
        title: "Physics 101".into(),
        wanted_code: "phys101".into(),
        external_id: Some(ExternalRef {
            field_name: "external_course_id".into(),
            value: "SIS-PHYS-101".into(),
        }),
        ..NewCourse::default()
    }
}

/// A course row as `AddCourse::register_course` writes it (store-smoke.sql), with a section
/// as Chamilo's description tool writes it; its id.
fn insert_as_chamilo(db: &ChamiloDb, code: &str, title: &str) -> i64 {
    db.sql(&format!(
        "INSERT INTO course (code, directory, course_language, title, description, \
         category_code, visibility, show_score, disk_quota, creation_date, expiration_date, \
         last_edit, tutor_name, department_name, department_url, subscribe, unsubscribe, \
         visual_code) VALUES ('{code}', '{code}', 'english', '{title}', 'Course description', \
         '', 2, 1, 100000000, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 YEAR, \
         UTC_TIMESTAMP(), NULL, NULL, '', 1, 0, '{code}'); \
         SET @c = LAST_INSERT_ID(); \
         INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (@c, 1); \
         INSERT INTO c_course_description (c_id, description_type, title, content, progress, \
         session_id) VALUES (@c, 1, 'Description', '<p>Hello</p>', 0, 0); \
         UPDATE c_course_description SET id = iid WHERE iid = LAST_INSERT_ID()"
    ));
    db.sql(&format!("SELECT id FROM course WHERE code = '{code}'"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_course_created_through_the_core_has_its_tools_settings_groups_url_and_folder() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // the platform's choices the new course's tools follow: wiki off, attendances on, search on
    db.sql(
        "UPDATE settings_current SET selected_value = 'false' \
         WHERE variable = 'course_create_active_tools' AND subkey = 'wiki'; \
         UPDATE settings_current SET selected_value = 'true' \
         WHERE variable = 'course_create_active_tools' AND subkey = 'attendances'; \
         UPDATE settings_current SET selected_value = 'true' WHERE variable = 'search_enabled'",
    );
    let gw = db.gateway().await;
    let created = gw.create_course(physics()).await.expect("created");
    assert_eq!(created.code, "PHYS101");
    let id = created.id;

    // the row register_course writes: directory and visual code, dates, quota, score, language
    assert_eq!(
        db.sql(&format!(
            "SELECT code, directory, visual_code, title, course_language, visibility, \
             show_score, disk_quota, creation_date IS NOT NULL, subscribe, unsubscribe \
             FROM course WHERE id = {id}"
        )),
        "PHYS101\tPHYS101\tPHYS101\tPhysics 101\tenglish\t2\t1\t104857600\t1\t1\t0"
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM access_url_rel_course WHERE c_id = {id} AND access_url_id = 1"
        )),
        "1"
    );

    // c_tool: 1-20, search (23, enabled), blogs and the three admin tools
    assert_eq!(
        db.sql(&format!(
            "SELECT GROUP_CONCAT(id ORDER BY iid) FROM c_tool WHERE c_id = {id}"
        )),
        "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,23,24,25,26,27"
    );
    // each tool with a setting is visible exactly when the platform's setting says 'true'
    let settings_on = db.sql(
        "SELECT COUNT(*) FROM settings_current WHERE variable = 'course_create_active_tools' \
         AND access_url = 1 AND selected_value = 'true' AND subkey IN ('course_description', \
         'agenda', 'documents', 'learning_path', 'links', 'quiz', 'announcements', 'forums', \
         'dropbox', 'users', 'groups', 'chat', 'student_publications', 'survey', 'wiki', \
         'gradebook', 'glossary', 'notebook', 'attendances', 'course_progress', \
         'enable_search', 'blogs')",
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM c_tool WHERE c_id = {id} AND visibility = 1"
        )),
        settings_on
    );
    assert_eq!(
        settings_on, "18",
        "18 tools on in a fresh install, wiki off, attendances on"
    );
    let tool = |name: &str| {
        db.sql(&format!(
            "SELECT CONCAT_WS('|', link, image, visibility, admin, address, added_tool, target, \
             category, session_id) FROM c_tool WHERE c_id = {id} AND name = '{name}'"
        ))
    };
    assert_eq!(
        tool("document"),
        "document/document.php|folder_document.gif|1|0|squaregrey.gif|0|_self|authoring|0"
    );
    assert_eq!(
        tool("wiki"),
        "wiki/index.php|wiki.gif|0|0|squaregrey.gif|0|_self|interaction|0"
    );
    assert_eq!(
        tool("attendance"),
        "attendance/index.php|attendance.gif|1|0|squaregrey.gif|0|_self|authoring|0"
    );
    assert_eq!(
        tool("course_progress"),
        "course_progress/index.php|course_progress.gif|0|0|squaregrey.gif|0|_self|authoring|0"
    );
    assert_eq!(
        tool("search"),
        "search/|info.gif|0|0|search.gif|0|_self|authoring|0"
    );
    assert_eq!(
        tool("tracking"),
        "tracking/courseLog.php|statistics.gif|0|1||0|_self|admin|0"
    );
    assert_eq!(
        tool("blog_management"),
        "blog/blog_admin.php|blog_admin.gif|0|1|squaregrey.gif|0|_self|admin|0"
    );

    // c_course_setting: the 24 defaults, ids from 1, some from the platform's settings
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*), MIN(id), MAX(id) FROM c_course_setting WHERE c_id = {id}"
        )),
        "24\t1\t24"
    );
    let setting = |variable: &str| {
        db.sql(&format!(
            "SELECT CONCAT_WS('|', id, value, category, title) FROM c_course_setting \
             WHERE c_id = {id} AND variable = '{variable}'"
        ))
    };
    // a fresh install says 'true' to email_alert_manager_on_new_quiz,
    // 'false' to allow_public_certificates
    assert_eq!(setting("email_alert_manager_on_new_quiz"), "5|1|quiz|");
    assert_eq!(setting("allow_public_certificates"), "18||certificates|");
    assert_eq!(
        setting("documents_default_visibility"),
        "19|visible|document|"
    );
    assert_eq!(setting("show_course_in_user_language"), "20|2||");

    // the group tool's default category
    assert_eq!(
        db.sql(&format!(
            "SELECT id, title, doc_state, chat_state, max_student, groups_per_user \
             FROM c_group_category WHERE c_id = {id}"
        )),
        "2\tDefault groups\t1\t1\t0\t0"
    );

    // the folder the document, upload and work tools write into
    let folder = db.root.join("app/courses/PHYS101");
    for file in [
        "document/index.html",
        "dropbox/.htaccess",
        "upload/forum/images/index.html",
        "upload/announcements/images/index.html",
        "work/index.html",
        "exercises/index.html",
    ] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    assert!(folder.join("document/chat_files").is_dir());

    // the external id is a course extra-field value PHP Chamilo's lookup finds
    assert_eq!(
        db.sql(
            "SELECT v.item_id FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = 2 AND f.variable = 'external_course_id' \
             AND v.value = 'sis-phys-101'"
        ),
        id.to_string()
    );
}

#[tokio::test]
async fn a_taken_folder_gets_another_name_and_a_taken_code_is_refused() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // a folder left behind (a course removed by hand)
    std::fs::create_dir_all(db.root.join("app/courses/CHEM")).unwrap();
    let gw = db.gateway().await;
    let chem = gw
        .create_course(NewCourse {
            title: "Chemistry".into(),
            wanted_code: "chem".into(),
            ..NewCourse::default()
        })
        .await
        .unwrap();
    let directory = db.sql(&format!(
        "SELECT directory FROM course WHERE id = {}",
        chem.id
    ));
    assert_ne!(directory, "CHEM");
    assert!(
        directory.starts_with("CHEM") && directory.len() == 8,
        "{directory}"
    );
    assert!(db
        .root
        .join("app/courses")
        .join(&directory)
        .join("document/index.html")
        .is_file());

    // a code the collation counts as taken (course codes are unique under utf8_unicode_ci)
    insert_as_chamilo(&db, "BIO1", "Biology");
    let clash = gw
        .create_course(NewCourse {
            title: "Biology again".into(),
            wanted_code: "bio1".into(),
            refuse_taken_code: true,
            ..NewCourse::default()
        })
        .await;
    assert_eq!(
        clash.unwrap_err(),
        CoreError::AlreadyExists(Conflict::CourseCode)
    );
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM course WHERE code = 'bio1'"),
        "1"
    );
}

#[tokio::test]
async fn a_course_written_as_chamilo_writes_it_is_found_listed_edited_and_described() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let id = insert_as_chamilo(&db, "PHYS101", "Physics 101");
    // and one with nothing but a code, its other columns NULL
    db.sql("INSERT INTO course (code) VALUES ('BARE')");
    let gw = db.gateway().await;

    for spelling in ["PHYS101", "phys101", "Phys101  "] {
        let found = gw.find_course_by_code(spelling).await.unwrap();
        assert_eq!(found.map(|c| c.id), Some(id), "{spelling:?}");
    }
    let course = gw.get_course(id).await.unwrap();
    assert_eq!(
        (course.title.as_str(), course.visibility, course.disk_quota),
        ("Physics 101", 2, 100_000_000)
    );
    assert!(course.expiration_date.is_some());
    let bare = gw
        .find_course_by_code("bare")
        .await
        .unwrap()
        .expect("found");
    assert_eq!((bare.title.as_str(), bare.visibility), ("", 0));

    // listed: by title ("" < "Physics 101"), and by URL (BARE is in none)
    let all = gw.list_courses(&CourseFilter::default()).await.unwrap();
    let codes: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["BARE", "PHYS101"]);
    let in_url = gw
        .list_courses(&CourseFilter {
            access_url_id: Some(1),
            visibilities: Some(vec![1, 2, 3]),
        })
        .await
        .unwrap();
    assert_eq!(in_url.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);

    // edited: the row PHP Chamilo reads
    gw.edit_course(
        ItemRef::CourseCode("phys101".into()),
        CoursePatch {
            title: Some("Physics I".into()),
            visibility: Some(1),
            ..CoursePatch::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT title, visibility, code, directory, description FROM course WHERE id = {id}"
        )),
        "Physics I\t1\tPHYS101\tPHYS101\tCourse description"
    );
    let long = gw
        .edit_course(
            id,
            CoursePatch {
                department_name: Some("d".repeat(31)),
                ..CoursePatch::default()
            },
        )
        .await;
    assert!(
        matches!(
            long,
            Err(CoreError::Invalid {
                field: "department_name",
                ..
            })
        ),
        "{long:?}"
    );

    // described: Chamilo's section is served, a new one is written as Chamilo writes it
    let sections = gw.course_descriptions(id).await.unwrap();
    assert_eq!(sections.len(), 1);
    assert_eq!(
        (sections[0].title.as_str(), sections[0].content.as_str()),
        ("Description", "<p>Hello</p>")
    );
    let objectives = gw
        .save_course_description(id, 2, "Objectives", "<p>Learn</p>", SectionRules::default())
        .await
        .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT id = iid, c_id, session_id, description_type, title, content, progress \
             FROM c_course_description WHERE iid = {objectives}"
        )),
        format!("1\t{id}\t0\t2\tObjectives\t<p>Learn</p>\t0")
    );
    // the existing section of a type is updated, not doubled
    let general = gw
        .save_course_description(id, 1, "General", "<p>Bye</p>", SectionRules::default())
        .await
        .unwrap();
    assert_eq!(general, sections[0].id);
    assert_eq!(
        db.sql(&format!(
            "SELECT description_type, title, content FROM c_course_description \
             WHERE c_id = {id} ORDER BY description_type"
        )),
        "1\tGeneral\t<p>Bye</p>\n2\tObjectives\t<p>Learn</p>"
    );
    let emoji = gw
        .save_course_description(id, 3, "Topics", "🙂", SectionRules::default())
        .await;
    assert!(
        matches!(
            emoji,
            Err(CoreError::Invalid {
                field: "course_desc_content",
                ..
            })
        ),
        "{emoji:?}"
    );
}

#[tokio::test]
async fn racing_section_writers_make_one_section() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let id = insert_as_chamilo(&db, "RACE", "Race");
    let gw = std::sync::Arc::new(db.gateway().await);
    let writers: Vec<_> = (0..16)
        .map(|n| {
            let gw = gw.clone();
            tokio::spawn(async move {
                gw.save_course_description(
                    id,
                    4,
                    &format!("Methodology {n}"),
                    "",
                    SectionRules::default(),
                )
                .await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for w in writers {
        ids.push(w.await.unwrap().expect("saved"));
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM c_course_description WHERE c_id = {id} AND description_type = 4"
        )),
        "1"
    );
    ids.dedup();
    assert_eq!(ids.len(), 1, "every writer saved the one section");
}

#[tokio::test]
async fn racing_catalogue_writers_of_other_courses_and_users_all_succeed() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // new courses without rules: their writers' index gaps touch each other
    let courses: Vec<i64> = (0..4)
        .map(|n| insert_as_chamilo(&db, &format!("CAT{n}"), &format!("Catalogue {n}")))
        .collect();
    let gw = std::sync::Arc::new(db.gateway().await);
    let mut writers = Vec::new();
    for user in [1i64, 2] {
        for &course in &courses {
            for visible in [1, 0] {
                let gw = gw.clone();
                writers.push(tokio::spawn(async move {
                    gw.set_catalogue_visibility(user, course, visible).await
                }));
            }
        }
    }
    for w in writers {
        w.await.unwrap().expect("set");
    }
    // one rule per (user, course): whichever visibility was set last
    assert_eq!(
        db.sql("SELECT COUNT(*), COUNT(DISTINCT user_id, c_id) FROM course_rel_user_catalogue"),
        "8\t8"
    );
}

#[tokio::test]
async fn catalogue_rules_round_trip() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let phys = insert_as_chamilo(&db, "PHYS101", "Physics 101");
    let chem = insert_as_chamilo(&db, "CHEM", "Chemistry");
    let gw = db.gateway().await;
    let admin = ItemRef::Username("admin".into());

    gw.set_catalogue_visibility(admin.clone(), ItemRef::CourseCode("chem".into()), 1)
        .await
        .unwrap();
    gw.set_catalogue_visibility(admin.clone(), phys, 1)
        .await
        .unwrap();
    // setting it again, then the other way: still one rule for the pair
    gw.set_catalogue_visibility(admin.clone(), phys, 1)
        .await
        .unwrap();
    gw.set_catalogue_visibility(admin.clone(), phys, 0)
        .await
        .unwrap();
    assert_eq!(
        db.sql("SELECT c_id, user_id, visible FROM course_rel_user_catalogue ORDER BY c_id"),
        format!("{phys}\t1\t0\n{chem}\t1\t1")
    );
    let rules = gw.catalogue_rules(admin.clone()).await.unwrap();
    let rules: Vec<(i64, i64, i32)> = rules
        .iter()
        .map(|r| (r.user_id, r.course_id, r.visible))
        .collect();
    assert_eq!(rules, [(1, phys, 0), (1, chem, 1)]);

    // rules Chamilo's page wrote are served too, one of each visibility side by side
    db.sql(&format!(
        "INSERT INTO course_rel_user_catalogue (user_id, c_id, visible) \
         VALUES (2, {chem}, 1), (2, {phys}, 0), (2, {chem}, 0)"
    ));
    let anon: Vec<(i64, i32)> = gw
        .catalogue_rules(2)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.course_id, r.visible))
        .collect();
    assert_eq!(anon, [(phys, 0), (chem, 0), (chem, 1)]);

    // removed only with its own visibility
    assert!(!gw
        .remove_catalogue_visibility(admin.clone(), phys, 1)
        .await
        .unwrap());
    assert!(gw
        .remove_catalogue_visibility(admin.clone(), phys, 0)
        .await
        .unwrap());
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM course_rel_user_catalogue WHERE user_id = 1 AND c_id = {phys}"
        )),
        "0"
    );
}

#[tokio::test]
async fn deleting_a_course_removes_what_hangs_on_it_and_keeps_its_files() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let id = gw.create_course(physics()).await.unwrap().id;
    gw.save_course_description(id, 1, "Description", "<p>x</p>", SectionRules::default())
        .await
        .unwrap();
    gw.set_catalogue_visibility(1, id, 1).await.unwrap();
    // what PHP Chamilo hangs on it: a teacher, a session with the course and a student in it,
    // a document's item property, a class link, a course visit
    db.sql(&format!(
        "INSERT INTO course_rel_user (c_id, user_id, status, is_tutor, sort, relation_type, \
         user_course_cat) VALUES ({id}, 1, 1, 0, 1, 0, 0); \
         INSERT INTO session (name, id_coach, session_admin_id, visibility, description, \
         show_description, send_subscription_notification, duration, nbr_courses, nbr_users, \
         nbr_classes) VALUES ('Spring', 1, 1, 1, '', 0, 0, 0, 1, 1, 0); \
         SET @s = LAST_INSERT_ID(); \
         INSERT INTO session_rel_course (session_id, c_id, nbr_users, position) \
         VALUES (@s, {id}, 1, 0); \
         INSERT INTO session_rel_user (relation_type, session_id, user_id, registered_at) \
         VALUES (0, @s, 2, UTC_TIMESTAMP()); \
         INSERT INTO session_rel_course_rel_user (session_id, c_id, user_id, visibility, status) \
         VALUES (@s, {id}, 2, 1, 0); \
         INSERT INTO c_item_property (c_id, tool, insert_user_id, insert_date, lastedit_date, \
         ref, lastedit_type, lastedit_user_id, visibility) \
         VALUES ({id}, 'document', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 1, 'DocumentAdded', 1, 1); \
         INSERT INTO track_e_course_access (c_id, user_id, login_course_date, counter, \
         session_id, user_ip) VALUES ({id}, 1, UTC_TIMESTAMP(), 1, 0, '127.0.0.1')"
    ));

    gw.delete_course(ItemRef::CourseCode("phys101".into()))
        .await
        .unwrap();

    for (table, column) in [
        ("course", "id"),
        ("course_rel_user", "c_id"),
        ("session_rel_course", "c_id"),
        ("session_rel_course_rel_user", "c_id"),
        ("access_url_rel_course", "c_id"),
        ("c_course_description", "c_id"),
        ("c_tool", "c_id"),
        ("c_course_setting", "c_id"),
        ("c_group_category", "c_id"),
        ("c_item_property", "c_id"),
        ("course_rel_user_catalogue", "c_id"),
        ("track_e_course_access", "c_id"),
    ] {
        assert_eq!(
            db.sql(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {column} = {id}"
            )),
            "0",
            "{table}"
        );
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = 2 AND v.item_id = {id}"
        )),
        "0"
    );
    // the session's counters follow (its student stays in the session)
    assert_eq!(
        db.sql("SELECT nbr_courses, nbr_users FROM session WHERE name = 'Spring'"),
        "0\t1"
    );
    // the files are kept in app/cache, as Chamilo keeps them
    assert!(!db.root.join("app/courses/PHYS101").exists());
    let archived: Vec<String> = std::fs::read_dir(db.root.join("app/cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        archived.len() == 1 && archived[0].starts_with("PHYS101_"),
        "{archived:?}"
    );
    assert!(gw.find_course_by_code("PHYS101").await.unwrap().is_none());
}

/// A creation that fails after its folder was made (here an extra value wider than Chamilo's
/// column, written last) leaves neither the row nor the folder; a course deleted keeps its
/// folder until the delete commits, then it is moved to `app/cache/`.
#[tokio::test]
async fn a_rolled_back_creation_leaves_no_folder() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let mut too_wide = physics();
    too_wide.extras = vec![("level".into(), "x".repeat(300))];
    let refused = gw.create_course(too_wide).await.unwrap_err();
    assert!(matches!(refused, CoreError::Invalid { .. }), "{refused:?}");
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM course WHERE code = 'PHYS101'"),
        "0"
    );
    let folder = db.root.join("app/courses/PHYS101");
    assert!(!folder.exists(), "{} is left behind", folder.display());

    // the same course made afterwards gets the folder's own name, not a suffixed one
    let made = gw.create_course(physics()).await.unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT directory FROM course WHERE id = {}",
            made.id
        )),
        "PHYS101"
    );
    assert!(folder.join("document/index.html").is_file());
}
