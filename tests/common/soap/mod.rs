//! Helpers for the SOAP end-to-end tests: envelopes as PHP's SoapClient writes them, the
//! caller's key, posting, and reading answers (`common::soap`).

pub mod nusoap;

use super::{client, TestApp, SECURITY_KEY};

pub const ENDPOINT: &str = "/main/webservices/soap.php";
pub const REGISTRATION: &str = "/main/webservices/registration.soap.php";

/// The key a caller on 127.0.0.1 sends.
pub fn key() -> String {
    chamilo_core::passwords::sha1_hex(&format!("127.0.0.1{SECURITY_KEY}"))
}

/// A part of a call.
pub enum P {
    S(&'static str, String),
    I(&'static str, i64),
    /// an array part: item type and items (each a list of parts)
    A(&'static str, &'static str, Vec<Vec<P>>),
}

pub fn s(name: &'static str, value: impl Into<String>) -> P {
    P::S(name, value.into())
}

pub fn i(name: &'static str, value: i64) -> P {
    P::I(name, value)
}

pub fn a(name: &'static str, item_type: &'static str, items: Vec<Vec<P>>) -> P {
    P::A(name, item_type, items)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn write(p: &P, out: &mut String) {
    match p {
        P::S(n, v) => out.push_str(&format!(r#"<{n} xsi:type="xsd:string">{}</{n}>"#, esc(v))),
        P::I(n, v) => out.push_str(&format!(r#"<{n} xsi:type="xsd:int">{v}</{n}>"#)),
        P::A(n, t, items) => {
            out.push_str(&format!(
                r#"<{n} SOAP-ENC:arrayType="ns1:{t}[{}]" xsi:type="SOAP-ENC:Array">"#,
                items.len()
            ));
            for item in items {
                out.push_str(&format!(r#"<item xsi:type="ns1:{t}">"#));
                for m in item {
                    write(m, out);
                }
                out.push_str("</item>");
            }
            out.push_str(&format!("</{n}>"));
        }
    }
}

/// A request as PHP's SoapClient sends it for the gateway's WSDL.
pub fn envelope(op: &str, parts: &[P]) -> String {
    let mut body = String::new();
    for p in parts {
        write(p, &mut body);
    }
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
            r#"<SOAP-ENV:Body><ns1:{op}>{body}</ns1:{op}></SOAP-ENV:Body></SOAP-ENV:Envelope>"#,
            "\n"
        ),
        op = op,
        body = body
    )
}

const OP_NS: &str = "urn:WSRegistration";

/// A WSRegistration call of `op` whose one part `part` (type `arg_type`) holds `members`.
pub fn registration_call(op: &str, part: &str, arg_type: &str, members: &[(&str, &str)]) -> String {
    let members: String = members
        .iter()
        .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{v}</{k}>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"{OP_NS}\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" \
         SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body>\
         <ns1:{op}><{part} xsi:type=\"ns1:{arg_type}\">{members}</{part}></ns1:{op}>\
         </SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
}

/// Posts raw bytes; answers (status, content type, body).
pub async fn post_raw(app: &TestApp, body: impl Into<reqwest::Body>) -> (u16, String, String) {
    post_to(app, ENDPOINT, body).await
}

/// Posts a raw body to the SOAP endpoint at `path`; answers (status, content type, body).
pub async fn post_to(
    app: &TestApp,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, String, String) {
    let res = client()
        .post(app.url(path))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "\"ignored\"")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, res.text().await.unwrap())
}

/// Calls `op`; answers (status, body).
pub async fn call(app: &TestApp, op: &str, parts: &[P]) -> (u16, String) {
    let (status, _, body) = post_raw(app, envelope(op, parts)).await;
    (status, body)
}

/// Calls `op` and expects success; answers the body.
pub async fn ok(app: &TestApp, op: &str, parts: &[P]) -> String {
    let (status, body) = call(app, op, parts).await;
    assert_eq!(status, 200, "{op}: {body}");
    body
}

/// Calls `op` and expects a fault; answers (faultcode, faultstring).
pub async fn fault(app: &TestApp, op: &str, parts: &[P]) -> (String, String) {
    let (status, body) = call(app, op, parts).await;
    assert_eq!(status, 500, "{op}: {body}");
    fault_of(&body)
}

pub fn fault_of(body: &str) -> (String, String) {
    (
        text(body, "faultcode").expect("a fault"),
        text(body, "faultstring").expect("a fault"),
    )
}

/// Text of the first element with this local name (entities decoded for the basic five).
pub fn text(xml: &str, name: &str) -> Option<String> {
    all(xml, name).into_iter().next()
}

/// Texts of every element with this local name, in document order (empty-tag elements too).
pub fn all(xml: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    let open = format!("<{name}");
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let Some(c) = after.chars().next() else { break };
        if c != ' ' && c != '>' && c != '/' {
            rest = after;
            continue;
        }
        let end_tag = after.find('>').unwrap();
        if after[..end_tag].ends_with('/') {
            out.push(String::new());
            rest = &after[end_tag..];
            continue;
        }
        let content = &after[end_tag + 1..];
        let close = content.find(&format!("</{name}>")).unwrap();
        out.push(
            content[..close]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &content[close..];
    }
    out
}

/// The int `return` of a response.
pub fn ret_int(body: &str) -> i64 {
    text(body, "return").unwrap().parse().unwrap()
}

/// A core `Gateway` on the app's database, to look at what SOAP wrote.
pub async fn core(app: &TestApp) -> chamilo_core::Gateway {
    if let Some(platform) = app.platform() {
        return platform.gateway().await;
    }
    let store = chamilo_store::connect(&app.database_url, &Default::default())
        .await
        .expect("the test database opens");
    chamilo_core::Gateway::new(
        std::sync::Arc::new(store),
        chamilo_core::passwords::Hasher::Standalone { bcrypt_cost: 4 },
    )
}

/// A user item / CreateUser parts.
pub fn user_parts(login: &str, ext: &str) -> Vec<P> {
    vec![
        s("firstname", format!("First {login}")),
        s("lastname", format!("Last {login}")),
        i("status", 5),
        s("loginname", login),
        s("password", "secret-pw"),
        s("encrypt_method", ""),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", ext),
        i("visibility", 1),
        s("email", format!("{login}@example.org")),
        s("language", "english"),
        s("phone", ""),
        s("expiration_date", ""),
        a("extras", "extras", vec![]),
    ]
}

/// CreateUser's parts with the key.
pub fn create_user_call(login: &str, ext: &str) -> Vec<P> {
    let mut parts = vec![s("secret_key", key())];
    parts.extend(user_parts(login, ext));
    parts
}

/// Locates a tool a test needs; in CI its absence is a failure, elsewhere a skip.
pub fn tool_available(what: &str, probe: &mut std::process::Command) -> bool {
    let ok = probe.output().map(|o| o.status.success()).unwrap_or(false);
    required(what, ok)
}

/// `ok`, after failing the test (`CI=true`) or printing why it is skipped when `what` is missing.
pub fn required(what: &str, ok: bool) -> bool {
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{what} is required in CI but is not available");
        }
        eprintln!("skipping: {what} is not available");
    }
    ok
}
