//! WSRegistration end to end: a compound value where the WSDL types a member simple is a
//! `Client` fault before the key check, and nothing is written (`crates/soap/src/member_shapes.rs`).

use super::*;

/// A `WSCreateUser` call for `login` (external id `ext`, active) under `key`, its `firstname`
/// member as `firstname` (an element) and `extra` appended when given.
fn create_user(login: &str, ext: &str, key: &str, firstname: &str, extra: &str) -> String {
    let mut m = person(login, ext);
    m.push(("secret_key".into(), key.to_owned()));
    m.push(("active".into(), "1".into()));
    let plain = format!("<firstname xsi:type=\"xsd:string\">First {login}</firstname>");
    let request = call("WSCreateUser", "createUser", "createUser", &members(&m));
    assert!(request.contains(&plain));
    request.replacen(&plain, firstname, 1).replacen(
        "<secret_key",
        &format!("{extra}<secret_key"),
        1,
    )
}

async fn user_count(gw: &chamilo_core::Gateway) -> usize {
    gw.list_users(&Default::default()).await.unwrap().len()
}

/// `firstname` sent as a struct (or an array): the Client fault naming it and its WSDL type,
/// with the right key and with a wrong one alike (the shapes are checked first), and no user.
#[tokio::test]
async fn a_compound_firstname_is_refused_and_creates_nobody() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let before = user_count(&gw).await;
    let expected = (
        "Client".to_owned(),
        "Member 'firstname' of 'createUser' must be a simple value (xsd:string)".to_owned(),
    );
    let as_struct = "<firstname><given xsi:type=\"xsd:string\">Ada</given></firstname>";
    let body = snap_raw(
        &app,
        "WSCreateUser-compound-firstname",
        create_user("ada", "MS1", &key(), as_struct, ""),
    )
    .await;
    assert_eq!(fault_of(&body), expected);
    let as_array = "<firstname SOAP-ENC:arrayType=\"xsd:string[1]\" xsi:type=\"SOAP-ENC:Array\">\
                    <item xsi:type=\"xsd:string\">Ada</item></firstname>";
    let (status, _, body) = post_to(
        &app,
        REGISTRATION,
        create_user("ada", "MS1", &key(), as_array, ""),
    )
    .await;
    assert_eq!((status, fault_of(&body)), (500, expected.clone()));
    // a wrong key gets the same fault, not the key's
    let (_, _, body) = post_to(
        &app,
        REGISTRATION,
        create_user("ada", "MS1", &"0".repeat(40), as_struct, ""),
    )
    .await;
    assert_eq!(fault_of(&body), expected);
    assert!(gw.find_user_by_username("ada").await.unwrap().is_none());
    assert_eq!(user_count(&gw).await, before);
}

/// In `WSCreateUsers`, the third item's `firstname` as a struct: the fault names the item
/// (counted from 1), and not even the items before it are created.
#[tokio::test]
async fn a_compound_member_of_an_item_is_refused_for_the_whole_batch() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let before = user_count(&gw).await;
    let item = |login: &str, ext: &str| {
        let fields: String = person(login, ext)
            .iter()
            .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{v}</{k}>"))
            .collect();
        format!("<item xsi:type=\"ns1:usersParams\">{fields}</item>")
    };
    let third = item("cal", "MS4").replacen(
        "<firstname xsi:type=\"xsd:string\">First cal</firstname>",
        "<firstname><given xsi:type=\"xsd:string\">Cal</given></firstname>",
        1,
    );
    let users = format!(
        "<users SOAP-ENC:arrayType=\"ns1:usersParams[3]\" xsi:type=\"ns1:usersParamsList\">{}{}{third}</users>",
        item("abe", "MS2"),
        item("bea", "MS3"),
    );
    let request = call(
        "WSCreateUsers",
        "createUsers",
        "createUsers",
        &[("secret_key", &key())],
    )
    .replacen("<secret_key", &format!("{users}<secret_key"), 1);
    let body = snap_raw(&app, "WSCreateUsers-compound-firstname", request).await;
    assert_eq!(
        fault_of(&body),
        (
            "Client".to_owned(),
            "Member 'firstname' of item 3 of 'users' of 'createUsers' must be a simple value \
             (xsd:string)"
                .to_owned()
        )
    );
    for login in ["abe", "bea", "cal"] {
        assert!(gw.find_user_by_username(login).await.unwrap().is_none());
    }
    assert_eq!(user_count(&gw).await, before);
}

/// Compound values where the WSDL has an array (`extra`, its items structs) and nil members
/// are served as before; an extra field's name sent as a struct is refused.
#[tokio::test]
async fn arrays_where_declared_and_nil_members_pass() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let plain =
        |login: &str| format!("<firstname xsi:type=\"xsd:string\">First {login}</firstname>");
    let extra = "<extra SOAP-ENC:arrayType=\"ns1:extras[1]\" xsi:type=\"ns1:extrasList\">\
                 <item xsi:type=\"ns1:extras\"><field_name xsi:type=\"xsd:string\">dept\
                 </field_name><field_value xsi:type=\"xsd:string\">maths</field_value></item>\
                 </extra>";
    let body = post_to(
        &app,
        REGISTRATION,
        create_user("dee", "MS5", &key(), &plain("dee"), extra),
    )
    .await
    .2;
    let dee: i64 = text(&body, "return").unwrap().parse().unwrap();
    let extras = gw.user_extras(dee).await.unwrap();
    assert!(
        extras
            .iter()
            .any(|e| e.field.variable == "dept" && e.value == "maths"),
        "{extras:?}"
    );

    // nil members, a nil extra among them
    let nil = create_user(
        "eve",
        "MS6",
        &key(),
        &plain("eve"),
        "<extra xsi:nil=\"true\"/>",
    )
    .replacen(
        "<phone xsi:type=\"xsd:string\"></phone>",
        "<phone xsi:nil=\"true\"/>",
        1,
    );
    assert!(nil.contains("<phone xsi:nil=\"true\"/>"));
    let body = post_to(&app, REGISTRATION, nil).await.2;
    let eve: i64 = text(&body, "return").unwrap().parse().unwrap();
    assert_eq!(gw.get_user(eve).await.unwrap().firstname, "First eve");

    // inside the array, the item's members are typed too
    let bad_extra = extra.replacen(
        "<field_name xsi:type=\"xsd:string\">dept</field_name>",
        "<field_name><n xsi:type=\"xsd:string\">dept</n></field_name>",
        1,
    );
    assert_ne!(bad_extra, extra);
    let body = post_to(
        &app,
        REGISTRATION,
        create_user("fox", "MS7", &key(), &plain("fox"), &bad_extra),
    )
    .await
    .2;
    assert_eq!(
        fault_of(&body),
        (
            "Client".to_owned(),
            "Member 'field_name' of item 1 of 'extra' of 'createUser' must be a simple value \
             (xsd:string)"
                .to_owned()
        )
    );
    assert!(gw.find_user_by_username("fox").await.unwrap().is_none());
}
