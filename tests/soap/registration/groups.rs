//! WSRegistration end to end: classes ("usergroups") by Chamilo ids (`crates/soap/src/ws_registration/groups.rs`).

use super::*;
use chamilo_core::groups::GroupLink;
use chamilo_core::{CoreError, Entity};

const BAD_KEY: &str = "0000000000000000000000000000000000000000";

/// The original's answer to a wrong key.
fn assert_bad_key(body: &str) {
    assert_eq!(
        fault_of(body),
        (
            "Server".to_owned(),
            "Secret key is not correct or params are not correctly set".to_owned()
        )
    );
}

fn create_group(name: &str, key: &str) -> String {
    call(
        "WSCreateGroup",
        "createGroup",
        "createGroup",
        &[("secret_key", key), ("name", name)],
    )
}

/// WSUpdateGroup with every member, as SoapClient sends it.
fn update_group(id: &str, name: &str, visibility: &str, key: &str) -> String {
    call(
        "WSUpdateGroup",
        "updateGroup",
        "updateGroup",
        &[
            ("secret_key", key),
            ("id", id),
            ("name", name),
            ("description", "Second years"),
            ("url", "http://example.org/b"),
            ("visibility", visibility),
            ("picture_uri", "b.png"),
            ("allow_member_group_to_leave", "1"),
        ],
    )
}

fn by_id(op: &str, part: &str, id: &str, key: &str) -> String {
    call(op, part, part, &[("secret_key", key), ("id", id)])
}

fn bind(id: &str, parent: &str, key: &str) -> String {
    call(
        "GroupBindToParent",
        "groupBindToParent",
        "groupBindToParent",
        &[("secret_key", key), ("id", id), ("parent_id", parent)],
    )
}

/// A member operation on (user, group), with a relation unless `None`.
fn member(
    op: &str,
    part: &str,
    user: &str,
    group: &str,
    relation: Option<&str>,
    key: &str,
) -> String {
    let mut members = vec![("secret_key", key), ("user_id", user), ("group_id", group)];
    if let Some(r) = relation {
        members.push(("relation_type", r));
    }
    call(op, part, part, &members)
}

/// WSCreateGroup (the id; empty for a name in use), WSUpdateGroup and WSDeleteGroup (`1`, or
/// empty for an unknown class), each refusing a wrong key with the original's fault.
#[tokio::test]
async fn create_update_delete_groups() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();

    let body = snap_raw(&app, "WSCreateGroup-ok", create_group("Class A", &k)).await;
    let id = ret_int(&body);
    let group = gw.get_group(id).await.unwrap();
    assert_eq!(
        (group.name.as_str(), group.group_type, group.visibility),
        ("Class A", 0, 1),
        "a class, open"
    );
    let body = snap_raw(&app, "WSCreateGroup-taken", create_group("class a", &k)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = snap_raw(
        &app,
        "WSCreateGroup-bad-key",
        create_group("Class Z", BAD_KEY),
    )
    .await;
    assert_bad_key(&body);
    assert_eq!(gw.groups(None).await.unwrap().len(), 1, "nothing created");

    let i = id.to_string();
    let body = snap_raw(
        &app,
        "WSUpdateGroup-ok",
        update_group(&i, "Class B", "2", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let group = gw.get_group(id).await.unwrap();
    assert_eq!(
        (
            group.name.as_str(),
            group.description.as_str(),
            group.url.as_str(),
            group.visibility,
            group.picture.as_str()
        ),
        (
            "Class B",
            "Second years",
            "http://example.org/b",
            2,
            "b.png"
        )
    );
    // an empty name and visibility keep theirs
    let body = post_to(&app, REGISTRATION, update_group(&i, "", "", &k))
        .await
        .2;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let group = gw.get_group(id).await.unwrap();
    assert_eq!((group.name.as_str(), group.visibility), ("Class B", 2));
    let body = snap_raw(
        &app,
        "WSUpdateGroup-unknown",
        update_group("999", "Class C", "1", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = post_to(&app, REGISTRATION, update_group(&i, "Class B", "7", &k))
        .await
        .2;
    assert_eq!(
        text(&body, "return").unwrap_or_default(),
        "",
        "no such visibility"
    );
    let body = snap_raw(
        &app,
        "WSUpdateGroup-bad-key",
        update_group(&i, "Hijacked", "1", BAD_KEY),
    )
    .await;
    assert_bad_key(&body);
    assert_eq!(gw.get_group(id).await.unwrap().name, "Class B");

    let delete = |id: &str, key: &str| by_id("WSDeleteGroup", "deleteGroup", id, key);
    let body = snap_raw(&app, "WSDeleteGroup-bad-key", delete(&i, BAD_KEY)).await;
    assert_bad_key(&body);
    assert!(gw.get_group(id).await.is_ok());
    let body = snap_raw(&app, "WSDeleteGroup-ok", delete(&i, &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(
        gw.get_group(id).await,
        Err(CoreError::NotFound(Entity::Group))
    );
    let body = snap_raw(&app, "WSDeleteGroup-unknown", delete(&i, &k)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
}

/// GroupBindToParent and GroupUnbindFromParent: `1` bound or unbound (a `parent_id` of 0
/// unbinds), empty for an unknown class or parent and for a parent that would close a circle.
#[tokio::test]
async fn bind_and_unbind_parents() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let mut ids = Vec::new();
    for name in ["Faculty", "Department", "Year"] {
        let body = post_to(&app, REGISTRATION, create_group(name, &k)).await.2;
        ids.push(ret_int(&body));
    }
    let [faculty, department, year] = [ids[0], ids[1], ids[2]];
    let (f, d, y) = (
        faculty.to_string(),
        department.to_string(),
        year.to_string(),
    );

    let body = snap_raw(&app, "GroupBindToParent-ok", bind(&d, &f, &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(gw.group_parent(department).await, Ok(Some(faculty)));
    let body = post_to(&app, REGISTRATION, bind(&y, &d, &k)).await.2;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let body = snap_raw(&app, "GroupBindToParent-circle", bind(&f, &y, &k)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = snap_raw(&app, "GroupBindToParent-unknown", bind(&y, "999", &k)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = snap_raw(&app, "GroupBindToParent-bad-key", bind(&y, &f, BAD_KEY)).await;
    assert_bad_key(&body);
    assert_eq!(gw.group_parent(faculty).await, Ok(None));
    assert_eq!(gw.group_parent(year).await, Ok(Some(department)));

    let unbind =
        |id: &str, key: &str| by_id("GroupUnbindFromParent", "groupUnbindFromParent", id, key);
    let body = snap_raw(&app, "GroupUnbindFromParent-bad-key", unbind(&y, BAD_KEY)).await;
    assert_bad_key(&body);
    assert_eq!(gw.group_parent(year).await, Ok(Some(department)));
    let body = snap_raw(&app, "GroupUnbindFromParent-ok", unbind(&y, &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(gw.group_parent(year).await, Ok(None));
    let body = snap_raw(&app, "GroupUnbindFromParent-unknown", unbind("999", &k)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    // parent_id 0 unbinds, as the original's library does
    let body = post_to(&app, REGISTRATION, bind(&d, "0", &k)).await.2;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(gw.group_parent(department).await, Ok(None));
}

/// WSAddUserToGroup (a new member joins the class's courses), WSUpdateUserRoleInGroup (members
/// only) and WSDeleteUserFromGroup (`1` once out): empty answers for unknown classes and users.
#[tokio::test]
async fn members_and_their_roles() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let ann = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("ann", "M1")).await);
    let bob = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("bob", "M2")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Botany", "M1", "MC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let group = ret_int(
        &post_to(&app, REGISTRATION, create_group("Botanists", &k))
            .await
            .2,
    );
    gw.link_group(group, GroupLink::Course(course))
        .await
        .unwrap();
    let (a, b, g) = (ann.to_string(), bob.to_string(), group.to_string());
    let relation_of = |members: Vec<chamilo_core::groups::GroupMember>, u: i64| {
        members
            .iter()
            .find(|m| m.user_id == u)
            .map(|m| m.relation_type)
    };

    let add = |user: &str, group: &str, relation: Option<&str>, key: &str| {
        member(
            "WSAddUserToGroup",
            "addUserToGroup",
            user,
            group,
            relation,
            key,
        )
    };
    let body = snap_raw(&app, "WSAddUserToGroup-ok", add(&b, &g, Some("2"), &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(
        relation_of(gw.group_members(group).await.unwrap(), bob),
        Some(2)
    );
    assert!(
        gw.is_subscribed_to_course(course, bob).await.unwrap(),
        "a new member joins the class's courses"
    );
    // build B's call carries no relation: a class's plain member
    let body = post_to(&app, REGISTRATION, add(&a, &g, None, &k)).await.2;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(
        relation_of(gw.group_members(group).await.unwrap(), ann),
        Some(0)
    );
    let body = snap_raw(
        &app,
        "WSAddUserToGroup-unknown-user",
        add("999", &g, Some("2"), &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = post_to(&app, REGISTRATION, add(&a, "999", Some("2"), &k))
        .await
        .2;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = snap_raw(
        &app,
        "WSAddUserToGroup-bad-key",
        add(&a, &g, Some("1"), BAD_KEY),
    )
    .await;
    assert_bad_key(&body);

    let role = |user: &str, relation: &str, key: &str| {
        member(
            "WSUpdateUserRoleInGroup",
            "updateUserRoleInGroup",
            user,
            &g,
            Some(relation),
            key,
        )
    };
    let body = snap_raw(&app, "WSUpdateUserRoleInGroup-ok", role(&a, "1", &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(
        relation_of(gw.group_members(group).await.unwrap(), ann),
        Some(1)
    );
    let body = post_to(&app, REGISTRATION, role(&a, "9", &k)).await.2;
    assert_eq!(
        text(&body, "return").unwrap_or_default(),
        "",
        "no such relation"
    );
    let body = snap_raw(
        &app,
        "WSUpdateUserRoleInGroup-bad-key",
        role(&a, "5", BAD_KEY),
    )
    .await;
    assert_bad_key(&body);
    assert_eq!(
        relation_of(gw.group_members(group).await.unwrap(), ann),
        Some(1)
    );

    let remove = |user: &str, group: &str, key: &str| {
        member(
            "WSDeleteUserFromGroup",
            "deleteUserFromGroup",
            user,
            group,
            None,
            key,
        )
    };
    let body = snap_raw(
        &app,
        "WSDeleteUserFromGroup-bad-key",
        remove(&b, &g, BAD_KEY),
    )
    .await;
    assert_bad_key(&body);
    let body = snap_raw(&app, "WSDeleteUserFromGroup-ok", remove(&b, &g, &k)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(
        relation_of(gw.group_members(group).await.unwrap(), bob),
        None
    );
    assert!(
        gw.is_subscribed_to_course(course, bob).await.unwrap(),
        "course subscriptions stay, as in the original"
    );
    let body = snap_raw(
        &app,
        "WSUpdateUserRoleInGroup-not-member",
        role(&b, "1", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
    let body = snap_raw(
        &app,
        "WSDeleteUserFromGroup-unknown-group",
        remove(&a, "999", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
}

/// A class created and filled over registration.soap.php is the class v2.php's group actions
/// list, with its members: one domain, two protocols.
#[tokio::test]
async fn a_registration_class_is_v2_phps_class() {
    let r = crate::common::rest::Rest::start().await;
    let k = key();
    let group = ret_int(
        &post_to(&r.app, REGISTRATION, create_group("Shared", &k))
            .await
            .2,
    );
    let ann = r.create_user("ann", "ann-secret-1").await;
    let body = post_to(
        &r.app,
        REGISTRATION,
        member(
            "WSAddUserToGroup",
            "addUserToGroup",
            &ann.to_string(),
            &group.to_string(),
            Some("5"),
            &k,
        ),
    )
    .await
    .2;
    assert_eq!(text(&body, "return").unwrap(), "1");

    let groups = r.admin("get_groups", &[("type", "*")]).await.json();
    assert_eq!(groups["data"][0]["id"], group.to_string(), "{groups}");
    assert_eq!(groups["data"][0]["name"], "Shared");
    assert_eq!(groups["data"][0]["type_name"], "class");
    let members = r
        .admin("get_group_sub_users", &[("id", &group.to_string())])
        .await
        .json();
    assert_eq!(
        members["data"][ann.to_string()]["relation_type"],
        "5",
        "{members}"
    );
    // and back: v2.php's delete is seen by registration.soap.php
    r.admin("delete_group", &[("id", &group.to_string())]).await;
    let body = post_to(
        &r.app,
        REGISTRATION,
        by_id("WSDeleteGroup", "deleteGroup", &group.to_string(), &k),
    )
    .await
    .2;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
}
