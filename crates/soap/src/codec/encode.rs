//! NuSOAP-compatible rpc/encoded response serialization.
//!
//! The bytes match what Chamilo's NuSOAP server emits (soap.md §1.5, §4.3): no
//! whitespace between tags, every element typed with `xsi:type`, struct members
//! in the order given, arrays as `SOAP-ENC:Array` of `item` elements. Only the
//! XML declaration differs: the gateway labels its UTF-8 output as UTF-8
//! (DECISIONS.md, "Charset").

use std::fmt::Write;

/// Namespace of the service (`tns` in the WSDL).
pub const SERVICE_NS: &str = "urn:WSService";

/// Everything up to the envelope's optional `xmlns:tns` declaration.
pub(crate) const ENVELOPE_OPEN: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<SOAP-ENV:Envelope SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/""#,
);
pub(crate) const NS_SOAP_ENV: &str =
    r#"xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/""#;
pub(crate) const NS_XSD: &str = r#"xmlns:xsd="http://www.w3.org/2001/XMLSchema""#;
pub(crate) const NS_XSI: &str = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
pub(crate) const NS_SOAP_ENC: &str =
    r#"xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/""#;
pub(crate) const ENVELOPE_CLOSE: &str = "</SOAP-ENV:Body></SOAP-ENV:Envelope>";

/// A typed value to serialize. Type names are QNames exactly as emitted, e.g.
/// `"tns:user_result"` or `"xsd:string"`; the envelope declares `tns` only when a
/// `tns:` type is used, like NuSOAP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// `<e xsi:type="xsd:int">5</e>`
    Int(i64),
    /// `<e xsi:type="xsd:string">text</e>` (escaped)
    Str(String),
    /// `<e xsi:nil="true" xsi:type="{type}"/>`: a member the data lacks.
    Nil(&'static str),
    /// `<e xsi:nil="true" xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{item_type}[0]"/>`
    NilArray(&'static str),
    /// `<e xsi:type="{type_name}">members…</e>`, members in the order given
    /// (the caller supplies schema order).
    Struct {
        type_name: &'static str,
        members: Vec<(&'static str, Typed)>,
    },
    /// `<e xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{item_type}[n]"><item …/>…</e>`
    Array {
        item_type: &'static str,
        items: Vec<Typed>,
    },
}

impl Typed {
    fn uses_tns(&self) -> bool {
        let tns = |t: &str| t.starts_with("tns:");
        match self {
            Typed::Int(_) | Typed::Str(_) => false,
            Typed::Nil(t) | Typed::NilArray(t) => tns(t),
            Typed::Struct { type_name, members } => {
                tns(type_name) || members.iter().any(|(_, m)| m.uses_tns())
            }
            Typed::Array { item_type, items } => {
                tns(item_type) || items.iter().any(Typed::uses_tns)
            }
        }
    }

    fn write(&self, name: &str, out: &mut String) {
        match self {
            Typed::Int(n) => {
                let _ = write!(out, r#"<{name} xsi:type="xsd:int">{n}</{name}>"#);
            }
            Typed::Str(s) => {
                let _ = write!(out, r#"<{name} xsi:type="xsd:string">"#);
                escape_into(s, out);
                let _ = write!(out, "</{name}>");
            }
            Typed::Nil(t) => {
                let _ = write!(out, r#"<{name} xsi:nil="true" xsi:type="{t}"/>"#);
            }
            Typed::NilArray(t) => {
                let _ = write!(
                    out,
                    r#"<{name} xsi:nil="true" xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{t}[0]"/>"#
                );
            }
            Typed::Struct { type_name, members } => {
                let _ = write!(out, r#"<{name} xsi:type="{type_name}">"#);
                for (member, value) in members {
                    value.write(member, out);
                }
                let _ = write!(out, "</{name}>");
            }
            Typed::Array { item_type, items } => {
                let _ = write!(
                    out,
                    r#"<{name} xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{item_type}[{}]">"#,
                    items.len()
                );
                for item in items {
                    item.write("item", out);
                }
                let _ = write!(out, "</{name}>");
            }
        }
    }
}

/// Response envelope for `operation` in the service namespace; `None` for
/// operations without an output part (empty wrapper).
pub fn encode_response(operation: &str, ret: Option<&Typed>) -> String {
    encode_response_ns(operation, Some(SERVICE_NS), ret)
}

/// Like [`encode_response`], with the wrapper in `namespace` (the original echoes
/// the request wrapper's namespace; with none, the wrapper is unprefixed).
pub fn encode_response_ns(operation: &str, namespace: Option<&str>, ret: Option<&Typed>) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(ENVELOPE_OPEN);
    for ns in [NS_SOAP_ENV, NS_XSD, NS_XSI, NS_SOAP_ENC] {
        out.push(' ');
        out.push_str(ns);
    }
    if ret.is_some_and(Typed::uses_tns) {
        let _ = write!(out, r#" xmlns:tns="{SERVICE_NS}""#);
    }
    out.push_str("><SOAP-ENV:Body>");
    let wrapper = match namespace {
        Some(ns) if !ns.is_empty() => {
            let _ = write!(out, r#"<ns1:{operation}Response xmlns:ns1=""#);
            escape_into(ns, &mut out);
            out.push_str("\">");
            format!("ns1:{operation}Response")
        }
        _ => {
            let _ = write!(out, "<{operation}Response>");
            format!("{operation}Response")
        }
    };
    if let Some(ret) = ret {
        ret.write("return", &mut out);
    }
    let _ = write!(out, "</{wrapper}>");
    out.push_str(ENVELOPE_CLOSE);
    out
}

/// XML-escapes text the way NuSOAP does (`& < > " '`). Characters XML 1.0 cannot
/// carry at all (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF) are dropped so a
/// stray byte in stored data cannot make the whole response unparseable.
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_invalid_chars() {
        let mut out = String::new();
        escape_into("a&b<c>d\"e'f\u{1}g\té", &mut out);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&apos;fg\té");
    }

    #[test]
    fn tns_declared_only_when_used() {
        let plain = encode_response("WS.test", Some(&Typed::Str("success".into())));
        assert!(!plain.contains("xmlns:tns"));
        let arr = Typed::Array {
            item_type: "tns:course",
            items: vec![],
        };
        assert!(encode_response("WSCourse.ListCourses", Some(&arr))
            .contains(r#" xmlns:tns="urn:WSService">"#));
    }

    #[test]
    fn unprefixed_wrapper_without_namespace() {
        let out = encode_response_ns("WSUser.DisableUser", None, None);
        assert!(out.contains("<SOAP-ENV:Body><WSUser.DisableUserResponse></WSUser.DisableUserResponse></SOAP-ENV:Body>"));
    }
}
