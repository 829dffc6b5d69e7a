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

/// Checks an answer against its expectation; `Err` explains the mismatch.
pub fn check(expect: Expect, status: u16, content_type: &str, body: &[u8]) -> Result<(), String> {
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
