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
    /// An array written item by item as it was produced (large batch answers).
    Encoded(EncodedArray),
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
            Typed::Encoded(array) => array.tns,
        }
    }

    /// Writes the element; generic so that [`Counter`] can measure it first.
    fn write<W: Write>(&self, name: &str, out: &mut W) {
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
                array_open(name, item_type, items.len(), out);
                for item in items {
                    item.write("item", out);
                }
                let _ = write!(out, "</{name}>");
            }
            Typed::Encoded(array) => {
                array_open(name, array.item_type, array.count, out);
                let _ = out.write_str(&array.xml);
                let _ = write!(out, "</{name}>");
            }
        }
    }

    /// Bytes [`Typed::write`] produces for this value under `name`.
    fn encoded_len(&self, name: &str) -> usize {
        let mut counter = Counter(0);
        self.write(name, &mut counter);
        counter.0
    }
}

fn array_open<W: Write>(name: &str, item_type: &str, count: usize, out: &mut W) {
    let _ = write!(
        out,
        r#"<{name} xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{item_type}[{count}]">"#
    );
}

/// A `fmt::Write` that only counts, to size the answer before writing it.
struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// A `SOAP-ENC:Array` whose items are written as they are produced, so a batch answer of
/// 100,000 items is held as its bytes, not as a tree of values. Encodes exactly like
/// [`Typed::Array`] with the same items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedArray {
    item_type: &'static str,
    count: usize,
    /// Whether `item_type` or any item uses a `tns:` type.
    tns: bool,
    xml: String,
    /// Items announced by the caller, to size the buffer after the first one.
    expected: usize,
}

impl EncodedArray {
    /// An empty array of `item_type`; `expected` items are coming (a sizing hint).
    pub fn new(item_type: &'static str, expected: usize) -> EncodedArray {
        EncodedArray {
            item_type,
            count: 0,
            tns: item_type.starts_with("tns:"),
            xml: String::new(),
            expected,
        }
    }

    /// Appends one item.
    pub fn push(&mut self, item: &Typed) {
        if self.count == 0 {
            let len = item.encoded_len("item");
            // the items of a batch answer differ little in size: room for all of them, a
            // little over; pages never written are not resident
            self.xml.reserve(
                len.saturating_mul(self.expected.max(1))
                    .saturating_add(len / 8 * self.expected),
            );
        }
        self.tns |= item.uses_tns();
        item.write("item", &mut self.xml);
        self.count += 1;
    }

    pub fn finish(self) -> Typed {
        Typed::Encoded(self)
    }
}

/// Response envelope for `operation` in the service namespace; `None` for
/// operations without an output part (empty wrapper).
pub fn encode_response(operation: &str, ret: Option<&Typed>) -> String {
    encode_response_ns(operation, Some(SERVICE_NS), ret)
}

/// The envelope around the `return` element: (everything before it, everything after it).
fn envelope_parts(operation: &str, namespace: Option<&str>, tns: Option<&str>) -> (String, String) {
    let mut head = String::with_capacity(512);
    head.push_str(ENVELOPE_OPEN);
    for ns in [NS_SOAP_ENV, NS_XSD, NS_XSI, NS_SOAP_ENC] {
        head.push(' ');
        head.push_str(ns);
    }
    if let Some(tns) = tns {
        let _ = write!(head, r#" xmlns:tns="{tns}""#);
    }
    head.push_str("><SOAP-ENV:Body>");
    let wrapper = match namespace {
        Some(ns) if !ns.is_empty() => {
            let _ = write!(head, r#"<ns1:{operation}Response xmlns:ns1=""#);
            escape_into(ns, &mut head);
            head.push_str("\">");
            format!("ns1:{operation}Response")
        }
        _ => {
            let _ = write!(head, "<{operation}Response>");
            format!("{operation}Response")
        }
    };
    let tail = format!("</{wrapper}>{ENVELOPE_CLOSE}");
    (head, tail)
}

/// Like [`encode_response`], with the wrapper in `namespace` (the original echoes
/// the request wrapper's namespace; with none, the wrapper is unprefixed). The answer is
/// measured first and written into one buffer of its exact size.
pub fn encode_response_ns(operation: &str, namespace: Option<&str>, ret: Option<&Typed>) -> String {
    encode_in(SERVICE_NS, operation, namespace, ret)
}

/// [`encode_response_ns`] for a service whose types (`tns:`) are in `service_ns`.
fn encode_in(
    service_ns: &str,
    operation: &str,
    namespace: Option<&str>,
    ret: Option<&Typed>,
) -> String {
    let tns = ret.is_some_and(Typed::uses_tns).then_some(service_ns);
    let (head, tail) = envelope_parts(operation, namespace, tns);
    let body_len = ret.map_or(0, |r| r.encoded_len("return"));
    let mut out = String::with_capacity(head.len() + body_len + tail.len());
    out.push_str(&head);
    if let Some(ret) = ret {
        ret.write("return", &mut out);
    }
    out.push_str(&tail);
    out
}

/// [`encode_response_ns`] taking the value: an [`EncodedArray`] answer is wrapped in place,
/// in the buffer its items were written to, instead of being copied.
pub fn encode_response_owned(
    operation: &str,
    namespace: Option<&str>,
    ret: Option<Typed>,
) -> String {
    encode_response_for(SERVICE_NS, operation, namespace, ret)
}

/// [`encode_response_owned`] for the service whose types (`tns:`) are in `service_ns`.
pub fn encode_response_for(
    service_ns: &str,
    operation: &str,
    namespace: Option<&str>,
    ret: Option<Typed>,
) -> String {
    let Some(Typed::Encoded(array)) = ret else {
        return encode_in(service_ns, operation, namespace, ret.as_ref());
    };
    let (mut head, tail) = envelope_parts(operation, namespace, array.tns.then_some(service_ns));
    array_open("return", array.item_type, array.count, &mut head);
    let close = "</return>";
    let mut out = array.xml;
    out.reserve_exact(head.len() + close.len() + tail.len());
    out.insert_str(0, &head);
    out.push_str(close);
    out.push_str(&tail);
    out
}

/// XML-escapes text the way NuSOAP does (`& < > " '`). Characters XML 1.0 cannot
/// carry at all (C0 controls other than tab/CR/LF, U+FFFE/U+FFFF) are dropped so a
/// stray byte in stored data cannot make the whole response unparseable.
pub(crate) fn escape_into<W: Write>(s: &str, out: &mut W) {
    // most text needs nothing: markup, controls, and the lead byte of U+FFFE/U+FFFF
    let plain = !s
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1F | 0xEF));
    if plain {
        let _ = out.write_str(s);
        return;
    }
    for c in s.chars() {
        let _ = match c {
            '&' => out.write_str("&amp;"),
            '<' => out.write_str("&lt;"),
            '>' => out.write_str("&gt;"),
            '"' => out.write_str("&quot;"),
            '\'' => out.write_str("&apos;"),
            '\t' | '\n' | '\r' => out.write_char(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => Ok(()),
            c => out.write_char(c),
        };
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

    /// An array encoded item by item, wrapped in place or copied, gives the bytes of the
    /// same array held as a tree, and the envelope is sized exactly.
    #[test]
    fn encoded_array_matches_the_tree() {
        let item = |i: i64| Typed::Struct {
            type_name: "tns:user_create_result",
            members: vec![
                ("user_id_value", Typed::Str(format!("X{i} <&>"))),
                ("user_id_generated", Typed::Int(i)),
            ],
        };
        for (n, item_type) in [(0, "tns:user_create_result"), (3, "xsd:anyType")] {
            let tree = Typed::Array {
                item_type,
                items: (0..n).map(item).collect(),
            };
            let mut streamed = EncodedArray::new(item_type, n as usize);
            for i in 0..n {
                streamed.push(&item(i));
            }
            let streamed = streamed.finish();
            let expected = encode_response("WSUser.CreateUsers", Some(&tree));
            assert_eq!(expected.len(), expected.capacity(), "sized exactly");
            assert_eq!(
                encode_response("WSUser.CreateUsers", Some(&streamed)),
                expected
            );
            for ns in [Some(SERVICE_NS), None] {
                assert_eq!(
                    encode_response_owned("WSUser.CreateUsers", ns, Some(streamed.clone())),
                    encode_response_ns("WSUser.CreateUsers", ns, Some(&tree))
                );
            }
        }
        assert_eq!(
            encode_response_owned("WS.test", None, None),
            encode_response_ns("WS.test", None, None)
        );
    }

    #[test]
    fn unprefixed_wrapper_without_namespace() {
        let out = encode_response_ns("WSUser.DisableUser", None, None);
        assert!(out.contains("<SOAP-ENV:Body><WSUser.DisableUserResponse></WSUser.DisableUserResponse></SOAP-ENV:Body>"));
    }
}
