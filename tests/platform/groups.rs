//! Classes (`usergroup`) both ways: created and changed through the core, checked as PHP
//! Chamilo stores them; inserted the way PHP Chamilo writes them, served by the core.

use crate::common::chamilo::ChamiloDb;
use chamilo_core::groups::{
    group_type, group_visibility, relation, GroupLink, GroupMember, GroupPatch,
    LinkedSubscriptions, NewGroup,
};
use chamilo_core::passwords::PasswordInput;
use chamilo_core::ports::Store;
use chamilo_core::users::NewUser;
use chamilo_core::{Conflict, CoreError, Gateway};

fn class(name: &str) -> NewGroup {
    NewGroup {
        name: name.into(),
        description: "Second year, group B".into(),
        group_type: group_type::CLASS,
        visibility: group_visibility::CLOSED,
        url: "https://example.org/2b".into(),
        author_id: 1,
    }
}

async fn user(gw: &Gateway, username: &str) -> i64 {
    gw.create_user(NewUser {
        username: username.into(),
        firstname: "Ann".into(),
        lastname: "Lee".into(),
        email: format!("{username}@example.org"),
        password: PasswordInput::Clear("S3cret pass".into()),
        status: 5,
        active: true,
        ..NewUser::default()
    })
    .await
    .expect("user created")
}

#[tokio::test]
async fn a_class_created_through_the_core_is_stored_as_chamilo_stores_it() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let id = gw.create_group(class("Class 2B")).await.expect("created");
    // visibility is text in Chamilo; no picture is NULL; no member may leave unless allowed
    assert_eq!(
        db.sql(&format!(
            "SELECT name, description, group_type, visibility, url, picture IS NULL, \
             allow_members_leave_group, created_at IS NOT NULL, updated_at IS NOT NULL \
             FROM usergroup WHERE id = {id}"
        )),
        "Class 2B\tSecond year, group B\t0\t2\thttps://example.org/2b\t1\t0\t1\t1"
    );
    // a single-URL platform: no URL link, as Chamilo's UserGroup::save
    assert_eq!(db.sql("SELECT COUNT(*) FROM access_url_rel_usergroup"), "0");
    // read back; this install has no author_id column
    let g = gw.get_group(id).await.unwrap();
    assert_eq!(
        (g.name.as_str(), g.visibility, g.group_type, g.author_id),
        ("Class 2B", group_visibility::CLOSED, group_type::CLASS, 0)
    );
    assert_eq!(g.picture, "");

    // names are unique through the collation: case, accents, trailing spaces
    for clash in ["class 2b", "Cláss 2B", "CLASS 2B  "] {
        let res = gw.create_group(class(clash)).await;
        assert_eq!(
            res.unwrap_err(),
            CoreError::AlreadyExists(Conflict::GroupName),
            "{clash:?}"
        );
    }
    let other = gw.create_group(class("Class 2C")).await.unwrap();
    let rename = gw
        .edit_group(
            other,
            GroupPatch {
                name: Some("CLASS 2b".into()),
                ..GroupPatch::default()
            },
        )
        .await;
    assert_eq!(
        rename.unwrap_err(),
        CoreError::AlreadyExists(Conflict::GroupName)
    );
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM usergroup WHERE name = 'class 2b'"),
        "1"
    );

    // an edit writes what it changes, visibility as text again
    let edited = gw
        .edit_group(
            id,
            GroupPatch {
                name: Some("Class 2B (2025)".into()),
                visibility: Some(group_visibility::OPEN),
                picture: Some("2b.png".into()),
                ..GroupPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.visibility, group_visibility::OPEN);
    assert_eq!(
        db.sql(&format!(
            "SELECT name, visibility, picture, description FROM usergroup WHERE id = {id}"
        )),
        "Class 2B (2025)\t1\t2b.png\tSecond year, group B"
    );
    // renaming a class to its own name (another case) is no clash
    gw.edit_group(
        id,
        GroupPatch {
            name: Some("class 2b (2025)".into()),
            ..GroupPatch::default()
        },
    )
    .await
    .expect("own name");

    let listed: Vec<String> = gw
        .groups(Some(group_type::CLASS))
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(listed, ["class 2b (2025)", "Class 2C"]);
    assert!(gw
        .groups(Some(group_type::SOCIAL))
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn members_are_chamilos_usergroup_rel_user_rows() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let group = gw.create_group(class("Class 3A")).await.unwrap();
    let ann = user(&gw, "ann.lee").await;
    let bob = user(&gw, "bob.lee").await;
    for (u, rel) in [(ann, relation::CLASS_MEMBER), (bob, relation::MODERATOR)] {
        gw.add_group_member(group, u, rel, LinkedSubscriptions::Subscribe)
            .await
            .expect("added");
    }
    // adding again changes nothing, and no second row appears
    gw.add_group_member(group, ann, relation::ADMIN, LinkedSubscriptions::Skip)
        .await
        .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT user_id, relation_type FROM usergroup_rel_user \
             WHERE usergroup_id = {group} ORDER BY user_id"
        )),
        format!("{ann}\t0\n{bob}\t5")
    );
    gw.set_group_member_role(group, bob, relation::READER)
        .await
        .unwrap();
    assert_eq!(
        gw.group_members(group).await.unwrap(),
        vec![
            GroupMember {
                group_id: group,
                user_id: ann,
                relation_type: relation::CLASS_MEMBER
            },
            GroupMember {
                group_id: group,
                user_id: bob,
                relation_type: relation::READER
            },
        ]
    );
    assert_eq!(gw.groups_of_user(bob).await.unwrap(), vec![group]);

    assert!(gw.remove_group_member(group, ann).await.unwrap());
    assert!(!gw.remove_group_member(group, ann).await.unwrap());
    assert_eq!(
        db.sql(&format!(
            "SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = {group}"
        )),
        bob.to_string()
    );
}

#[tokio::test]
async fn a_class_chamilo_wrote_is_served_and_deleted_with_its_links() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // as UserGroup::save and its subscribe_* functions write them (sql_mode ''), admin = user 1
    db.sql(
        "INSERT INTO usergroup (name, description, group_type, picture, url, visibility, \
         allow_members_leave_group, created_at, updated_at) \
         VALUES ('Année 1', NULL, 0, NULL, NULL, '1', 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()); \
         SET @g = LAST_INSERT_ID(); \
         INSERT INTO usergroup (name, description, group_type, visibility, \
         allow_members_leave_group, created_at, updated_at) \
         VALUES ('Année 1 - A', 'half', 0, '2', 0, UTC_TIMESTAMP(), UTC_TIMESTAMP()); \
         SET @child = LAST_INSERT_ID(); \
         INSERT INTO usergroup (name, description, group_type, visibility, \
         allow_members_leave_group, created_at, updated_at) \
         VALUES ('Social', '', 1, '1', 0, '0000-00-00 00:00:00', UTC_TIMESTAMP()); \
         INSERT INTO usergroup_rel_user (user_id, usergroup_id, relation_type) VALUES (1, @g, 0); \
         INSERT INTO usergroup_rel_course (usergroup_id, course_id) VALUES (@g, 7), (@g, 3); \
         INSERT INTO usergroup_rel_session (usergroup_id, session_id) VALUES (@g, 5); \
         INSERT INTO usergroup_rel_usergroup (group_id, subgroup_id, relation_type) \
         VALUES (@g, @child, 1); \
         INSERT INTO access_url_rel_usergroup (access_url_id, usergroup_id) VALUES (1, @g)",
    );
    let ids: Vec<i64> = db
        .sql("SELECT id FROM usergroup ORDER BY id")
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    let (g, child, social) = (ids[0], ids[1], ids[2]);
    let gw = db.gateway().await;

    let read = gw.get_group(g).await.unwrap();
    assert_eq!(
        (
            read.name.as_str(),
            read.description.as_str(),
            read.visibility,
            read.url.as_str()
        ),
        ("Année 1", "", group_visibility::OPEN, "")
    );
    // a zero date (Chamilo's empty sql_mode) reads without failing
    assert_eq!(gw.get_group(social).await.unwrap().group_type, 1);
    assert!(gw.group_exists("ANNEE 1").await.unwrap());
    let names: Vec<String> = gw
        .groups(None)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["Année 1", "Année 1 - A", "Social"]);
    assert_eq!(
        gw.group_members(g).await.unwrap(),
        vec![GroupMember {
            group_id: g,
            user_id: 1,
            relation_type: relation::CLASS_MEMBER
        }]
    );
    assert_eq!(gw.groups_of_user(1).await.unwrap(), vec![g]);
    assert_eq!(gw.group_links(g, true).await.unwrap(), vec![3, 7]);
    assert_eq!(gw.group_links(g, false).await.unwrap(), vec![5]);
    assert_eq!(gw.group_parent(child).await.unwrap(), Some(g));
    assert_eq!(gw.group_parent(g).await.unwrap(), None);

    gw.delete_group(g).await.unwrap();
    for table in [
        "usergroup_rel_user",
        "usergroup_rel_course",
        "usergroup_rel_session",
        "access_url_rel_usergroup",
    ] {
        assert_eq!(
            db.sql(&format!(
                "SELECT COUNT(*) FROM {table} WHERE usergroup_id = {g}"
            )),
            "0",
            "{table}"
        );
    }
    // the child stays, now a top-level class
    assert_eq!(db.sql("SELECT COUNT(*) FROM usergroup_rel_usergroup"), "0");
    assert_eq!(gw.group_parent(child).await.unwrap(), None);
    assert_eq!(
        db.sql("SELECT GROUP_CONCAT(name ORDER BY id) FROM usergroup"),
        "Année 1 - A,Social"
    );
    // the member itself stays
    assert_eq!(db.sql("SELECT COUNT(*) FROM user WHERE id = 1"), "1");
}

#[tokio::test]
async fn a_class_parent_is_one_usergroup_rel_usergroup_row() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let a = gw.create_group(class("A")).await.unwrap();
    let b = gw.create_group(class("B")).await.unwrap();
    let c = gw.create_group(class("C")).await.unwrap();
    gw.set_group_parent(c, Some(a)).await.unwrap();
    gw.set_group_parent(c, Some(b)).await.unwrap();
    // as UserGroup::setParentGroup: one row per child, relation 1
    assert_eq!(
        db.sql("SELECT group_id, subgroup_id, relation_type FROM usergroup_rel_usergroup"),
        format!("{b}\t{c}\t1")
    );
    // a circle is refused (the core walks the parents the store reads)
    assert!(gw.set_group_parent(b, Some(c)).await.is_err());
    gw.set_group_parent(c, None).await.unwrap();
    assert_eq!(db.sql("SELECT COUNT(*) FROM usergroup_rel_usergroup"), "0");
}

#[tokio::test]
async fn course_and_session_links_are_written_once() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // the core links a class through courses and sessions the store serves; the link rows
    // themselves are the repository's
    let store = chamilo_platform_store::connect(db.platform(), None, &Default::default())
        .await
        .unwrap();
    let gw = db.gateway().await;
    let g = gw.create_group(class("Linked")).await.unwrap();
    let repo = store.repo();
    assert!(repo
        .insert_group_link(g, GroupLink::Course(4))
        .await
        .unwrap());
    assert!(!repo
        .insert_group_link(g, GroupLink::Course(4))
        .await
        .unwrap());
    assert!(repo
        .insert_group_link(g, GroupLink::Session(9))
        .await
        .unwrap());
    assert_eq!(
        db.sql("SELECT usergroup_id, course_id FROM usergroup_rel_course"),
        format!("{g}\t4")
    );
    assert_eq!(
        db.sql("SELECT usergroup_id, session_id FROM usergroup_rel_session"),
        format!("{g}\t9")
    );
    assert!(repo
        .delete_group_link(g, GroupLink::Course(4))
        .await
        .unwrap());
    assert!(!repo
        .delete_group_link(g, GroupLink::Course(4))
        .await
        .unwrap());
    assert_eq!(gw.group_links(g, true).await.unwrap(), Vec::<i64>::new());
    assert_eq!(gw.group_links(g, false).await.unwrap(), vec![9]);
    // a class that is gone takes no link
    assert_eq!(
        repo.insert_group_link(g + 100, GroupLink::Course(4)).await,
        Err(CoreError::NotFound(chamilo_core::Entity::Group))
    );

    // racing transactions that read before they link (as the core's link_group does) still
    // write one row: Chamilo has no unique index to stop a second
    let store = std::sync::Arc::new(store);
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let tx = store.begin().await?;
            tx.group_links(g, true).await?;
            let added = tx.insert_group_link(g, GroupLink::Course(12)).await?;
            tx.commit().await?;
            Ok::<bool, CoreError>(added)
        }));
    }
    let mut added = 0;
    for t in tasks {
        added += usize::from(t.await.unwrap().unwrap());
    }
    assert_eq!(added, 1);
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM usergroup_rel_course WHERE course_id = 12"),
        "1"
    );
}

#[tokio::test]
async fn racing_writers_create_one_class_and_one_membership() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // two pools, as two gateway processes would have
    let gws = [db.gateway().await, db.gateway().await];
    let ann = user(&gws[0], "ann.race").await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let gw = gws[i % 2].clone();
        let name = ["Race", "race", "RACE ", "Râce"][i % 4];
        tasks.push(tokio::spawn(
            async move { gw.create_group(class(name)).await },
        ));
    }
    let mut created = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(id) => created.push(id),
            Err(e) => assert_eq!(e, CoreError::AlreadyExists(Conflict::GroupName)),
        }
    }
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM usergroup WHERE name = 'race'"),
        "1"
    );

    let group = created[0];
    let mut tasks = Vec::new();
    for i in 0..8 {
        let gw = gws[i % 2].clone();
        tasks.push(tokio::spawn(async move {
            gw.add_group_member(
                group,
                ann,
                relation::CLASS_MEMBER,
                LinkedSubscriptions::Skip,
            )
            .await
        }));
    }
    for t in tasks {
        t.await.unwrap().expect("member");
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT COUNT(*) FROM usergroup_rel_user WHERE usergroup_id = {group}"
        )),
        "1"
    );
}

#[tokio::test]
async fn author_id_is_written_where_the_install_added_the_column() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // configuration.dist.php's hand-run ALTER for allow_teachers_to_classes
    db.sql("ALTER TABLE usergroup ADD author_id INT DEFAULT NULL");
    let gw = db.gateway().await;
    let id = gw.create_group(class("Authored")).await.unwrap();
    assert_eq!(
        db.sql(&format!("SELECT author_id FROM usergroup WHERE id = {id}")),
        "1"
    );
    assert_eq!(gw.get_group(id).await.unwrap().author_id, 1);
    // an edit keeps it
    gw.edit_group(
        id,
        GroupPatch {
            description: Some("edited".into()),
            ..GroupPatch::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        db.sql(&format!(
            "SELECT author_id, description FROM usergroup WHERE id = {id}"
        )),
        "1\tedited"
    );
    // a class Chamilo wrote without an author reads as author 0
    db.sql(
        "INSERT INTO usergroup (name, group_type, visibility, allow_members_leave_group, \
         created_at, updated_at) VALUES ('No author', 0, '1', 0, NOW(), NOW())",
    );
    let authors: Vec<(String, i64)> = gw
        .groups(None)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.name, g.author_id))
        .collect();
    assert_eq!(
        authors,
        [("Authored".to_string(), 1), ("No author".to_string(), 0)]
    );
}

#[tokio::test]
async fn a_multi_url_platform_links_new_classes_to_the_url() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let mut config = std::fs::read_to_string(&db.config).unwrap();
    config.push_str("$_configuration['multiple_access_urls'] = true;\n");
    std::fs::write(&db.config, config).unwrap();
    let gw = db.gateway().await;
    let id = gw.create_group(class("On the URL")).await.unwrap();
    // Chamilo lists a multi-URL platform's classes through this link
    assert_eq!(
        db.sql("SELECT access_url_id, usergroup_id FROM access_url_rel_usergroup"),
        format!("1\t{id}")
    );
    gw.delete_group(id).await.unwrap();
    assert_eq!(db.sql("SELECT COUNT(*) FROM access_url_rel_usergroup"), "0");
}

#[tokio::test]
async fn values_the_class_columns_cannot_hold_are_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let res = gw
        .create_group(NewGroup {
            description: "Our class 🎓".into(),
            ..class("Emoji")
        })
        .await;
    assert!(
        matches!(
            res,
            Err(CoreError::Invalid {
                field: "description",
                ..
            })
        ),
        "{res:?}"
    );
    assert_eq!(db.sql("SELECT COUNT(*) FROM usergroup"), "0");
}
