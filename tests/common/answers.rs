//! Every v2.php answer a test gets through `common::rest` is checked against the row of the
//! action it called (`chamilo_rest::dispatch::ACTIONS` and the doc the row names, the source
//! of the OpenAPI document): a success's `data` has the documented shape, an error's message is
//! one the action documents, and the parameters of a successful call are ones it documents. So
//! the document cannot drift from what is served without some test failing.

use chamilo_rest::dispatch;
use chamilo_rest::reference;

/// Messages any request may get before an action is found (malformed input, the kill switch).
const PIPELINE: &[&str] = &[
    "Invalid action",
    "Web services are disabled",
    "Request body too large",
    "Unreadable request body: <error>",
    "invalid UTF-8 in the <origin> (parameter <name>)",
    "too many input variables in the <origin> (limit <n>)",
    "input variable nesting level exceeded in the <origin> (limit <n>)",
    "malformed multipart/form-data body: <error>",
];

/// Routing parameters: documented once for every action.
const ROUTING: &[&str] = &["action", "username", "api_key", "course", "session", "hash"];

/// `name=value` pairs of an urlencoded text, decoded.
pub fn pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16) {
                    Ok(x) => {
                        out.push(x);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parameter a sent name fills: `list_users[]` and `extra[0][field_name]` fill their
/// first part.
fn base_name(sent: &str) -> &str {
    sent.split('[').next().unwrap_or(sent)
}

/// Checks one answer of v2.php to a request of these query and body parameters.
pub fn check(query: &[(String, String)], body: &[(String, String)], status: u16, text: &str) {
    let value = |src: &[(String, String)], name: &str| {
        src.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if value(query, "hash").is_some() {
        return; // the routing may sit inside the JSON: not read here
    }
    let action = value(query, "action")
        .filter(|a| !a.is_empty() && a != "0")
        .or_else(|| value(body, "action"))
        .unwrap_or_default();
    let Some(row) = dispatch::find(&action) else {
        return;
    };
    if status != 200 {
        return; // a redirect, or the edge's answer
    }
    let Ok(envelope) = serde_json::from_str::<serde_json::Value>(text) else {
        return; // not an envelope: the hostile tests look at those themselves
    };
    if envelope["error"] == false {
        if let Err(why) = row.doc.data.check(&envelope["data"]) {
            panic!("{action}: data is not as documented: {why}\n{text}");
        }
        for (name, _) in query.iter().chain(body) {
            let name = base_name(name);
            // update_user_from_username compares names in any case (`loginName`)
            let known = |p: &chamilo_rest::action_doc::Input| {
                p.names(name) || p.name.eq_ignore_ascii_case(name)
            };
            assert!(
                ROUTING.contains(&name) || row.doc.params.iter().any(known),
                "{action}: parameter {name:?} sent in a successful call but not documented"
            );
        }
    } else if let Some(message) = envelope["message"].as_str() {
        let mut documented = reference::messages(row);
        documented.extend(PIPELINE.iter().map(|m| (*m).to_owned()));
        assert!(
            reference::is_documented(message, &documented),
            "{action}: message {message:?} is not documented"
        );
    }
}
