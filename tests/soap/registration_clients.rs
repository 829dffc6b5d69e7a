//! Real clients calling registration.soap.php's operations: PHP's SoapClient, NuSOAP (as
//! Chamilo's example client `client_soap.php` calls it) and zeep run a lifecycle of users,
//! course and session enrolment, listing, disabling and deleting (scripts in `clients/`, each
//! checking every answer); what they leave behind is then read here through v2.php (another
//! protocol, the same data) and the core. The README's registration.soap.php examples are
//! regions of these scripts, and are checked to be quoted exactly.

use crate::clients::{php_soap, run_client, zeep};
use crate::common::rest::Rest;
use crate::common::soap::{self, core};
use crate::common::{spawn_apps_and_platform, SECURITY_KEY};
use chamilo_core::{ExternalRef, ItemType};
use serde_json::Value;

/// What a script leaves behind, in its own names.
struct Left {
    /// The external id field of its users (`<field>_course`, `<field>_session` for the others).
    field: &'static str,
    /// Its external ids: `<ext>-1` Ada (teacher, disabled at the end), `-2` Bob, `-3` Cy
    /// (edited), `-7` Gus (deleted); sessions `<ext>S-1`.
    ext: &'static str,
    /// The user with a pre-hashed password: login and clear password.
    hashed: (&'static str, &'static str),
    /// Ada's extras as sent.
    ada_extras: &'static [(&'static str, &'static str)],
    /// The course's students, by username.
    students: &'static [&'static str],
}

const PHP: Left = Left {
    field: "php_reg",
    ext: "PR",
    hashed: ("php_reg_dee", "dee-secret"),
    ada_extras: &[("dept", "maths")],
    students: &["php_reg_bob", "php_reg_cyrus"],
};

/// Chamilo's example client's password is sha1 of the login: the clear password is the login.
const NUSOAP: Left = Left {
    field: "nusoap_reg",
    ext: "NR",
    hashed: ("nusoap_reg_jbrion42", "nusoap_reg_jbrion42"),
    ada_extras: &[],
    students: &["nusoap_reg_bob", "nusoap_reg_cyrus", "nusoap_reg_jbrion42"],
};

const ZEEP: Left = Left {
    field: "zeep_reg",
    ext: "ZR",
    hashed: ("zeep_reg_dee", "dee-secret"),
    ada_extras: &[("dept", "maths")],
    students: &["zeep_reg_bob", "zeep_reg_cyrus"],
};

/// Reads back what the script left: users through the core; the session's and the course's
/// members, and the pre-hashed password, through v2.php.
async fn read_back(rest: &Rest, left: &Left) {
    let gw = core(&rest.app).await;
    let user = |n: u32| ExternalRef::new(left.field, format!("{}-{n}", left.ext));
    let ada = gw.resolve(ItemType::User, user(1)).await.unwrap();
    let ada = gw.get_user(ada).await.unwrap();
    assert!(!ada.active, "{}: Ada disabled last", left.field);
    let extras = gw.user_extras(ada.id).await.unwrap();
    for (field, value) in left.ada_extras {
        assert!(
            extras
                .iter()
                .any(|v| v.field.variable == *field && v.value == *value),
            "{}: Ada's extras {extras:?}",
            left.field
        );
    }
    let cy = gw.resolve(ItemType::User, user(3)).await.unwrap();
    let cy = gw.get_user(cy).await.unwrap();
    assert_eq!(
        (
            cy.firstname.as_str(),
            cy.lastname.as_str(),
            cy.username.as_str(),
            cy.email.as_str(),
            cy.language.as_str(),
            cy.active
        ),
        (
            "Cyrus",
            "Edited",
            &*format!("{}_cyrus", left.field),
            "cyrus@example.org",
            "french",
            true
        ),
        "{}: the edit",
        left.field
    );
    assert!(gw.resolve(ItemType::User, user(7)).await.is_err());
    let gus = format!("{}_gus", left.field);
    assert!(gw.find_user_by_username(&gus).await.unwrap().is_none());

    // v2.php: the pre-hashed password works for a login (authenticate answers a key)
    let (login, password) = left.hashed;
    assert_eq!(rest.authenticate(login, password).await.len(), 32);

    // v2.php: the session's students are the two the client subscribed (Gus was never in it)
    let session_field = format!("{}_session", left.field);
    let session = gw
        .resolve(
            ItemType::Session,
            ExternalRef::new(&session_field, format!("{}S-1", left.ext)),
        )
        .await
        .unwrap();
    let answer = rest
        .admin(
            "get_users_subscribed_to_session",
            &[("id_session", &session.to_string())],
        )
        .await;
    let mut in_session = usernames(&answer.json(), None);
    in_session.sort();
    assert_eq!(in_session, left.students[..2], "{}", answer.body);

    // v2.php: the course's students and its teacher, Ada
    let course_field = format!("{}_course", left.field);
    let course = gw
        .resolve(
            ItemType::Course,
            ExternalRef::new(&course_field, format!("{}C-1", left.ext)),
        )
        .await
        .unwrap();
    let answer = rest
        .admin(
            "get_users_subscribed_to_course",
            &[("course", &course.to_string())],
        )
        .await;
    let mut students = usernames(&answer.json(), Some("5"));
    students.sort();
    assert_eq!(students, left.students, "{}", answer.body);
    assert_eq!(
        usernames(&answer.json(), Some("1")),
        [ada.username.as_str()],
        "{}",
        answer.body
    );
}

/// The usernames of a v2.php member list (`status_rel` = `status`, when given).
fn usernames(answer: &Value, status: Option<&str>) -> Vec<String> {
    answer["data"]
        .as_array()
        .unwrap_or_else(|| panic!("a member list: {answer}"))
        .iter()
        .filter(|m| status.is_none_or(|s| m["status_rel"] == s))
        .map(|m| m["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn php_soapclient_registration_lifecycle() {
    if !php_soap() {
        return;
    }
    for app in spawn_apps_and_platform("sha1").await {
        let rest = Rest::on(app).await;
        run_client(
            &rest.app,
            "php",
            "registration_lifecycle.php",
            &[SECURITY_KEY],
        );
        read_back(&rest, &PHP).await;
    }
}

#[tokio::test]
async fn nusoap_registration_lifecycle() {
    let Some(nusoap) = soap::nusoap::library() else {
        return;
    };
    for app in spawn_apps_and_platform("sha1").await {
        let rest = Rest::on(app).await;
        run_client(
            &rest.app,
            "php",
            "registration_nusoap_lifecycle.php",
            &[SECURITY_KEY, nusoap.to_str().unwrap()],
        );
        read_back(&rest, &NUSOAP).await;
    }
}

/// zeep, with arrays as `{"item": [...]}`; the script also shows that a bare list is sent as
/// an empty array (no rows, nobody created), which is why.
#[tokio::test]
async fn zeep_registration_lifecycle() {
    if !zeep() {
        return;
    }
    for app in spawn_apps_and_platform("md5").await {
        let rest = Rest::on(app).await;
        run_client(
            &rest.app,
            "python3",
            "registration_lifecycle.py",
            &[SECURITY_KEY],
        );
        read_back(&rest, &ZEEP).await;
        let gw = core(&rest.app).await;
        assert!(gw
            .find_user_by_username("zeep_reg_lost")
            .await
            .unwrap()
            .is_none());
    }
}

/// The lines of `script` between its `README <title>: begin` and `: end` comment lines,
/// without their common indentation.
fn example(script: &str, title: &str) -> String {
    let path = format!("{}/tests/soap/clients/{script}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let marker = |end: &str| {
        lines
            .iter()
            .position(|l| {
                l.trim_start().trim_start_matches(['/', '#', ' '])
                    == format!("README {title}: {end}")
            })
            .unwrap_or_else(|| panic!("{script}: no README {title}: {end}"))
    };
    let region = &lines[marker("begin") + 1..marker("end")];
    let indent = region
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    region
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").to_owned() + "\n")
        .collect()
}

/// The README's registration.soap.php examples are exactly what the lifecycle scripts run.
#[test]
fn readme_examples_are_the_scripts() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for (script, title, fence) in [
        (
            "registration_lifecycle.php",
            "registration.soap.php (PHP SoapClient)",
            "```php\n",
        ),
        (
            "registration_lifecycle.py",
            "registration.soap.php (zeep)",
            "```python\n",
        ),
    ] {
        let quoted = format!("{fence}{}```\n", example(script, title));
        assert!(
            readme.contains(&quoted),
            "README.md must quote {script}'s example as it is:\n{quoted}"
        );
    }
}
