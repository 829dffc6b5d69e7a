//! The reference of v2.php, made from the action table (`dispatch::ACTIONS`) and the docs its
//! rows name: the OpenAPI 3.1 document ([`openapi`]) and the HTML page a person reads
//! ([`page`]). Both are served beside v2.php (`http`); neither can drift from what is served.

pub mod openapi;
pub mod page;
mod schema;

use crate::action_doc::Fail;
use crate::ctx::Level;
use crate::dispatch::Action;
use crate::{errors, messages as texts};

/// Where the document and the page are served.
pub const OPENAPI_PATH: &str = "/main/webservices/api/openapi.json";
pub const PAGE_PATH: &str = "/main/webservices/api/reference";

/// Each level and who may call an action of it.
pub fn levels() -> [(Level, &'static str); 4] {
    [
        (Level::Anyone, "no key: anyone may call it"),
        (
            Level::User,
            "any user, with `username` and the `api_key` authenticate gave",
        ),
        (
            Level::Admin,
            "a platform admin, with `username` and `api_key`",
        ),
        (
            Level::Course,
            "any user with `username` and `api_key`, in the course `course` names",
        ),
    ]
}

/// Every error message a call of `action` may answer: the pipeline's for its level, then the
/// action's own; each once.
pub fn messages(action: &Action) -> Vec<String> {
    // a key, course or session given is checked before any action (authenticate's too)
    let mut keys = vec!["InvalidApiKey", "NoCourse", "NoSession"];
    if action.level == Level::Admin {
        keys.push("NotAllowed");
    }
    keys.push("ErrorOccurred");
    let mut out: Vec<String> = keys
        .into_iter()
        .map(|k| texts::text(k).to_owned())
        .collect();
    for fail in action.doc.fails {
        let more = match fail {
            Fail::Op(op) => errors::messages_of(*op),
            Fail::Key(k) => vec![texts::text(k).to_owned()],
            Fail::Text(t) => vec![(*t).to_owned()],
        };
        for m in more {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// Whether `message` is one of `documented`, where `<…>` in a documented message stands for
/// any text.
pub fn is_documented(message: &str, documented: &[String]) -> bool {
    documented.iter().any(|d| matches_template(message, d))
}

fn matches_template(message: &str, template: &str) -> bool {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('<') {
        match rest[start..].find('>') {
            Some(end) => {
                parts.push(&rest[..start]);
                rest = &rest[start + end + 1..];
            }
            None => break,
        }
    }
    parts.push(rest);
    if parts.len() == 1 {
        return message == template;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    let Some(mut left) = message.strip_prefix(first) else {
        return false;
    };
    for part in &parts[1..parts.len() - 1] {
        match left.find(part) {
            Some(i) => left = &left[i + part.len()..],
            None => return false,
        }
    }
    left.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::ACTIONS;

    #[test]
    fn templates_stand_for_any_text() {
        let documented = vec![
            "Invalid <field>: <reason>".to_owned(),
            "Course doesn't exists".to_owned(),
        ];
        assert!(is_documented(
            "Invalid status: unknown status 2",
            &documented
        ));
        assert!(is_documented("Course doesn't exists", &documented));
        assert!(!is_documented("Course doesn't exist", &documented));
        assert!(!is_documented("Invalid", &documented));
        assert!(matches_template(
            "<a> redirects to x",
            "<action> redirects to x"
        ));
    }

    /// Served is documented: every row of the table is an operation of the document, with its
    /// parameters, and the document has no operation that is not served.
    #[test]
    fn every_served_action_is_in_the_document() {
        let doc = serde_json::to_value(openapi::document("http://h", "/v2.php")).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for action in ACTIONS {
            let path = openapi::operation_path("/v2.php", action.name);
            let op = &paths
                .get(&path)
                .unwrap_or_else(|| panic!("{} is served but not in the document", action.name))
                ["post"];
            assert_eq!(op["operationId"], action.name);
            assert!(
                !action.doc.summary.is_empty(),
                "{} has no summary",
                action.name
            );
            let text = op.to_string();
            for input in action.doc.params {
                assert!(
                    text.contains(&format!("\"{}", input.name.split('<').next().unwrap())),
                    "{}: parameter {} not in the document",
                    action.name,
                    input.name
                );
            }
            assert!(
                op["responses"]["200"].is_object(),
                "{}: no 200 answer",
                action.name
            );
        }
        for path in paths.keys() {
            let name = path.rsplit('=').next().unwrap();
            assert!(
                crate::dispatch::find(name).is_some(),
                "{path} is documented but not served"
            );
        }
        assert_eq!(paths.len(), ACTIONS.len());
    }

    /// Each action names what it reads once: no parameter twice, no routing parameter.
    #[test]
    fn parameters_are_named_once() {
        for action in ACTIONS {
            let mut names: Vec<&str> = action.doc.params.iter().map(|i| i.name).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "{}: a parameter twice", action.name);
            for routing in ["action", "username", "api_key", "course", "session", "hash"] {
                assert!(!names.contains(&routing), "{}: {routing}", action.name);
            }
        }
    }
}
