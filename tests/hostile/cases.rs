//! What a hostile case is and what its answer must look like.

use super::wire::Request;

/// The answer a case must get (besides: server healthy, database unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A SOAP Fault envelope, with HTTP 500, 400 or 413.
    Fault,
    /// A SOAP envelope: a Fault, or the legacy 200 answer some operations give for records
    /// that do not exist (e.g. an empty `GetCourseDescriptions` list).
    SoapAnswer,
    /// A SOAP Fault, or the operation's refusal: a 200 SOAP answer whose every value is `0`,
    /// empty, or a value of the request echoed (registration.soap.php's batch rows) — never
    /// an id or a name from the database.
    Refused,
    /// A REST error envelope `{"error":true,"message":…}` with HTTP 200, or 413.
    RestError,
    /// A REST envelope, error or not (read-only actions that answer "nothing found" as data).
    RestAnswer,
    /// Refused by the HTTP layer before any adapter runs (broken framing): a 4xx.
    HttpReject,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub category: &'static str,
    pub name: String,
    pub req: Request,
    pub expect: Expect,
}

/// The SQL and HTML payloads put into text parameters.
pub const PAYLOADS: &[&str] = &[
    "' OR '1'='1",
    "' OR 1=1 --",
    "'; DROP TABLE user; --",
    "\"; DELETE FROM course WHERE \"\"=\"",
    "1 UNION SELECT username, password FROM user --",
    "%' OR username LIKE '%",
    "\\'; UPDATE user SET status = 1; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.cookie)>",
    "\"><svg/onload=alert(1)>",
    "]]><!-- &amp; &lt;b&gt; {{7*7}} ${7*7}",
];

/// A short label for a payload in case names.
pub fn short(p: &str) -> String {
    p.chars().take(18).collect()
}

/// Checks an answer to `request` against its expectation; `Err` explains the mismatch.
pub fn check(
    expect: Expect,
    request: &[u8],
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    let soap_envelope = || content_type.starts_with("text/xml") && text.contains("Envelope>");
    let fault = || {
        soap_envelope()
            && text.contains("<SOAP-ENV:Fault><faultcode")
            && text.contains("</faultstring>")
    };
    let rest_envelope = |want_error: bool| -> Result<(), String> {
        if !content_type.starts_with("application/json") {
            return Err(format!("content type {content_type:?}"));
        }
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
        match v.get("error").and_then(serde_json::Value::as_bool) {
            Some(true) if v.get("message").is_some_and(serde_json::Value::is_string) => Ok(()),
            Some(false) if !want_error => Ok(()),
            _ => Err("not an error envelope".into()),
        }
    };
    let ok = match expect {
        Expect::Fault => matches!(status, 400 | 413 | 500) && fault(),
        Expect::SoapAnswer => {
            (matches!(status, 400 | 413 | 500) && fault()) || (status == 200 && soap_envelope())
        }
        Expect::Refused => {
            (matches!(status, 400 | 413 | 500) && fault())
                || (status == 200 && soap_envelope() && !fault() && {
                    let sent = leaves(&String::from_utf8_lossy(request));
                    leaves(&text)
                        .iter()
                        .all(|v| v.is_empty() || v == "0" || sent.contains(v))
                })
        }
        Expect::RestError => {
            return match status {
                200 | 413 => rest_envelope(true),
                s => Err(format!("HTTP {s}")),
            }
            .map_err(|e| format!("{e}: HTTP {status} {}", clip(&text)))
        }
        Expect::RestAnswer => {
            return match status {
                200 | 413 => rest_envelope(false),
                s => Err(format!("HTTP {s}")),
            }
            .map_err(|e| format!("{e}: HTTP {status} {}", clip(&text)))
        }
        Expect::HttpReject => (400..500).contains(&status),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected {expect:?}, got HTTP {status} ({content_type}) {}",
            clip(&text)
        ))
    }
}

/// The texts of the elements of `xml` that hold text only (`<a x="y">text</a>`), entities
/// decoded; enough to compare an answer's values with a request's.
fn leaves(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut tokens = xml.split('<').peekable();
    while let Some(token) = tokens.next() {
        let is_start = !token.starts_with(['/', '?', '!']);
        let Some((tag, text)) = token.split_once('>') else {
            continue;
        };
        if is_start && !tag.ends_with('/') && tokens.peek().is_some_and(|t| t.starts_with('/')) {
            out.push(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
        }
    }
    out
}

pub fn clip(s: &str) -> String {
    if s.len() <= 600 {
        s.to_owned()
    } else {
        let mut end = 600;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes)", &s[..end], s.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = "text/xml; charset=utf-8";

    fn answer(body: &str) -> String {
        format!("<SOAP-ENV:Envelope><SOAP-ENV:Body><ns1:OpResponse>{body}</ns1:OpResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>")
    }

    /// A refusal is zeros, empties and echoes of the request; an id or a name that only the
    /// database could have given is not.
    #[test]
    fn refused_answers_carry_nothing_from_the_database() {
        let request = b"<a><v xsi:type=\"xsd:string\">SEED-1</v><k>key</k></a>";
        let refused =
            |body: &str| check(Expect::Refused, request, 200, XML, answer(body).as_bytes());
        assert_eq!(
            refused(r#"<return xsi:type="xsd:string">0</return>"#),
            Ok(())
        );
        assert_eq!(
            refused("<return><item><original_user_id_value>SEED-1</original_user_id_value><result>0</result></item><item><original_user_id_value/><result></result></item></return>"),
            Ok(())
        );
        assert_eq!(
            refused("<return><user_id></user_id><firstname></firstname></return>"),
            Ok(())
        );
        assert!(refused(r#"<return xsi:type="xsd:string">17</return>"#).is_err());
        assert!(refused(
            "<return><user_id>3</user_id><firstname>First victim</firstname></return>"
        )
        .is_err());
        let fault = answer("<SOAP-ENV:Fault><faultcode>Server</faultcode><faultstring>no</faultstring></SOAP-ENV:Fault>");
        assert_eq!(
            check(Expect::Refused, request, 500, XML, fault.as_bytes()),
            Ok(())
        );
        assert!(check(Expect::Refused, request, 200, XML, fault.as_bytes()).is_err());
    }
}
