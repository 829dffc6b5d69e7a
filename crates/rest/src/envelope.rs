//! The response envelope of `v2.php` (`rest-v2.md` §1.7): exactly the keys
//! `error` then `data` (success) or `error` then `message` (failure).

use serde_json::Value;

use crate::messages;
use crate::php_json::{php_json_string, write_php_json};

/// First guess of an answer's size; the buffer grows from there at most a few times.
const INITIAL_CAPACITY: usize = 512;
/// What every success envelope starts with; `}` ends it.
const SUCCESS_HEAD: &str = "{\"error\":false,\"data\":";

/// `{"error":false,"data":…}`. The original only accepts PHP arrays here, so
/// `data` should be an array or object (an empty object is written `[]`).
/// Envelope and data are written into one buffer.
pub fn success(data: Value) -> String {
    let capacity = match &data {
        // a listing: about 128 bytes per row
        Value::Array(rows) => 32 + rows.len() * 128,
        _ => INITIAL_CAPACITY,
    };
    let mut out = String::with_capacity(capacity);
    out.push_str(SUCCESS_HEAD);
    write_php_json(&mut out, &data);
    out.push('}');
    out
}

/// `{"error":false,"data":…}` around data already written as JSON.
pub fn success_json(data: &str) -> String {
    let mut out = String::with_capacity(SUCCESS_HEAD.len() + data.len() + 1);
    out.push_str(SUCCESS_HEAD);
    out.push_str(data);
    out.push('}');
    out
}

/// `{"error":true,"message":"…"}` with `message` used verbatim.
pub fn error(message: &str) -> String {
    format!(
        "{{\"error\":true,\"message\":{}}}",
        php_json_string(message)
    )
}

/// An error envelope whose message is the English text of a message key.
pub fn error_key(key: &str) -> String {
    error(messages::text(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn authenticate_success() {
        let data = json!({
            "url": "https://campus.example.org/",
            "apiKey": "4f2c0000000000000000000000000000",
            "gcmSenderId": null
        });
        insta::assert_snapshot!(success(data), @r#"{"error":false,"data":{"url":"https:\/\/campus.example.org\/","apiKey":"4f2c0000000000000000000000000000","gcmSenderId":null}}"#);
    }

    #[test]
    fn success_shapes() {
        insta::assert_snapshot!(success(json!([])), @r#"{"error":false,"data":[]}"#);
        insta::assert_snapshot!(success(json!({})), @r#"{"error":false,"data":[]}"#);
        insta::assert_snapshot!(success(json!([57])), @r#"{"error":false,"data":[57]}"#);
        insta::assert_snapshot!(success(json!({"1": false, "2": true})), @r#"{"error":false,"data":{"1":false,"2":true}}"#);
        insta::assert_snapshot!(success(json!([{"id": "12", "firstname": "Jérôme"}])), @r#"{"error":false,"data":[{"id":"12","firstname":"J\u00e9r\u00f4me"}]}"#);
    }

    #[test]
    fn errors() {
        insta::assert_snapshot!(error_key("InvalidApiKey"), @r#"{"error":true,"message":"Invalid API key"}"#);
        insta::assert_snapshot!(error_key("NotDeleted"), @r#"{"error":true,"message":"NotDeleted"}"#);
        insta::assert_snapshot!(error(""), @r#"{"error":true,"message":""}"#);
        insta::assert_snapshot!(
            error(&messages::could_not_update_extra_field_value_item(
                &crate::params::gather("POST", "", Some("application/x-www-form-urlencoded"), b"e[field_name]=foo&e[field_value]=b%2Fr", &Default::default())
                    .unwrap()
                    .post("e")
                    .param()
                    .unwrap()
                    .clone()
            )),
            @r#"{"error":true,"message":"Could not update extra field value.: Array\n(\n    [field_name] => foo\n    [field_value] => b\/r\n)\n"}"#
        );
    }
}
