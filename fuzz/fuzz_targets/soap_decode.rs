//! `chamilo_soap::decode_request` on arbitrary bytes: it must answer `Ok` or `Err`, never
//! panic, loop or blow up. A request it accepts is written back as an rpc/encoded envelope
//! (every value explicitly typed) and must decode to the same parts.
#![no_main]

use chamilo_soap::{decode_request, decode_request_with_charset, Limits, Request, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let decoded = decode_request(data, &limits);
    // the HTTP charset is only a fallback; with Latin-1 every byte sequence is text
    let _ = decode_request_with_charset(data, Some("iso-8859-1"), &limits);
    let Ok(request) = decoded else { return };
    let Some(xml) = encode_request(&request) else {
        return; // names or text an envelope cannot carry unchanged
    };
    // Re-encoding adds the Envelope/Body/wrapper and an element per value: allow for them.
    let relaxed = Limits {
        max_elements: limits.max_elements + 16,
        ..limits
    };
    let again = decode_request(xml.as_bytes(), &relaxed)
        .unwrap_or_else(|e| panic!("re-encoded request does not decode: {e}\n{xml}"));
    assert_eq!(again, request, "round trip changed the request\n{xml}");
});

/// The request as a SOAP 1.1 rpc/encoded envelope, or `None` when some name or text could
/// not survive (names that are not plain XML names, characters XML 1.0 cannot carry).
fn encode_request(r: &Request) -> Option<String> {
    if !plain_name(&r.operation) {
        return None;
    }
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" "#,
        r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
        r#"xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>"#
    ));
    match &r.namespace {
        Some(ns) => {
            out.push_str(&format!("<ns1:{} xmlns:ns1=\"", r.operation));
            escape(ns, &mut out)?;
            out.push_str("\">");
        }
        None => out.push_str(&format!("<{}>", r.operation)),
    }
    for (name, value) in &r.parts {
        write_value(name, value, &mut out)?;
    }
    match &r.namespace {
        Some(_) => out.push_str(&format!("</ns1:{}>", r.operation)),
        None => out.push_str(&format!("</{}>", r.operation)),
    }
    out.push_str("</SOAP-ENV:Body></SOAP-ENV:Envelope>");
    Some(out)
}

fn write_value(name: &str, value: &Value, out: &mut String) -> Option<()> {
    if !plain_name(name) {
        return None;
    }
    match value {
        Value::Nil => out.push_str(&format!(r#"<{name} xsi:nil="true"/>"#)),
        Value::Str(s) => {
            out.push_str(&format!(r#"<{name} xsi:type="xsd:string">"#));
            escape(s, out)?;
            out.push_str(&format!("</{name}>"));
        }
        Value::Struct(members) => {
            out.push_str(&format!(r#"<{name} xsi:type="SOAP-ENC:Struct">"#));
            for (k, v) in members {
                write_value(k, v, out)?;
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => {
            out.push_str(&format!(
                r#"<{name} xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:anyType[{}]">"#,
                items.len()
            ));
            for item in items {
                write_value("item", item, out)?;
            }
            out.push_str(&format!("</{name}>"));
        }
    }
    Some(())
}

/// ASCII XML names without a prefix (the decoder keeps local names only).
fn plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Text and attribute escaping that keeps every character XML 1.0 can carry; `\r` as a
/// character reference (a literal one would be normalised to `\n`).
fn escape(s: &str, out: &mut String) -> Option<()> {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => return None,
            c => out.push(c),
        }
    }
    Some(())
}
