//! SOAP 1.1 rpc/encoded request decoding.
//!
//! One quick-xml event loop (`parse.rs`) feeds one of two builders. Requests without
//! multiRefs — what PHP SoapClient, zeep and NuSOAP send — are turned into [`Value`]s as
//! their events are read (`stream.rs`); requests using `href`/`id` are read into a small
//! element tree first, because a multiRef target may follow the elements pointing at it
//! (`tree.rs`). Like the legacy (non namespace-aware) parser, elements and SOAP attributes
//! are matched by local name, so any prefix a client picks works.

use std::borrow::Cow;

use super::limits::{DecodeError, Limits};
use super::parse::Budget;
use super::request::Request;
use super::{stream, tree};

/// Decodes a SOAP 1.1 request envelope. The character encoding comes from the XML
/// declaration, UTF-8 when there is none.
pub fn decode_request(body: &[u8], limits: &Limits) -> Result<Request, DecodeError> {
    decode_request_with_charset(body, None, limits)
}

/// Like [`decode_request`], with the `charset` of the HTTP `Content-Type` as the
/// fallback for bodies without an `encoding` declaration (the declaration wins,
/// as it describes the bytes themselves).
pub fn decode_request_with_charset(
    body: &[u8],
    http_charset: Option<&str>,
    limits: &Limits,
) -> Result<Request, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let max_memory = limits.memory_budget(body.len());
    let text = to_utf8(body, http_charset)?;
    // `href` anywhere (even in text) sends the request down the tree path; the streaming
    // builder also hands over if it meets an `href` attribute the check could not see.
    if memchr::memmem::find(text.as_bytes(), b"href").is_none() {
        match stream::decode(&text, limits, &mut Budget::new(max_memory)) {
            Ok(request) => return Ok(request),
            Err(stream::Stop::Error(e)) => return Err(e),
            Err(stream::Stop::NeedsTree) => {}
        }
    }
    tree::decode(&text, limits, &mut Budget::new(max_memory))
}

// ---------------------------------------------------------------------------
// Character encoding

/// Converts the body to UTF-8 according to its XML declaration (else the HTTP
/// charset, else UTF-8): UTF-8 is validated, ISO-8859-1/US-ASCII bytes map
/// one-to-one to code points.
fn to_utf8<'b>(body: &'b [u8], http_charset: Option<&str>) -> Result<Cow<'b, str>, DecodeError> {
    if body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::UnsupportedEncoding("UTF-16".into()));
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let declared = declared_encoding(body)
        .or_else(|| http_charset.map(|c| c.trim().trim_matches('"').to_string()))
        .map(|e| e.to_ascii_lowercase());
    match declared.as_deref() {
        None | Some("utf-8" | "utf8") => std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|e| DecodeError::InvalidUtf8(e.valid_up_to())),
        Some(
            "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1" | "us-ascii"
            | "ascii",
        ) => Ok(Cow::Owned(body.iter().map(|&b| char::from(b)).collect())),
        Some(other) => Err(DecodeError::UnsupportedEncoding(other.to_string())),
    }
}

/// The `encoding` pseudo-attribute of a leading `<?xml …?>` declaration.
fn declared_encoding(body: &[u8]) -> Option<String> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &body[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&rest[5..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_string())
}

#[cfg(test)]
mod tests {
    use super::super::value::Value;
    use super::*;

    /// Both builders, on the same text: streaming (when it does not hand over) and tree.
    fn both(
        xml: &str,
    ) -> (
        Option<Result<Request, DecodeError>>,
        Result<Request, DecodeError>,
    ) {
        let limits = Limits::default();
        let budget = || Budget::new(limits.memory_budget(xml.len()));
        let streamed = match stream::decode(xml, &limits, &mut budget()) {
            Ok(r) => Some(Ok(r)),
            Err(stream::Stop::Error(e)) => Some(Err(e)),
            Err(stream::Stop::NeedsTree) => None,
        };
        (streamed, tree::decode(xml, &limits, &mut budget()))
    }

    /// The streaming builder gives what the tree path gives, values and errors alike.
    #[test]
    fn streaming_and_tree_paths_agree() {
        let mut docs: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
                .unwrap()
                .filter_map(|e| {
                    let path = e.unwrap().path();
                    (path.extension()? == "xml").then(|| std::fs::read_to_string(path).unwrap())
                })
                .collect();
        let odd = [
            // nil with children, text next to children, typed and untyped arrays
            r#"<a xsi:nil="true"><b>1</b></a><c>x<d>1</d>y</c><e SOAP-ENC:arrayType="x[2]"><i>1</i><j>2</j></e><f><item>1</item></f><g><h>1</h><h>2</h></g>"#,
            // maps: repeated key, extra children, nil and compound keys, text-only items
            r#"<m xsi:type="apache:Map"><item><key>x</key><value>1</value></item><item><key>x</key><value>2</value><other>3</other></item><item><key xsi:nil="true"/><value><p>1</p></value></item><item>t</item><item><key><k>1</k></key><key>last</key><value>v</value></item></m>"#,
            // explicit structs, repeated members, empty elements, nested nil map
            r#"<s xsi:type="SOAP-ENC:Struct"/><t xsi:type="xsd:string"></t><r><a>1</a><b>2</b><a>3</a></r><n xsi:type="Map" xsi:nil="1"><item><key>k</key></item></n>"#,
            "",
        ];
        for inner in odd {
            docs.push(format!(
                r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="x"><e:Header><h>1</h></e:Header><e:Body><skip root="0" xmlns:ns2="u"/><ns1:op xmlns:ns1="urn:x">{inner}</ns1:op><after>1</after></e:Body><e:Body><other/></e:Body></e:Envelope>"#
            ));
        }
        docs.push("<notenvelope><Body><op/></Body></notenvelope>".into());
        docs.push("<Envelope><Header/></Envelope>".into());
        docs.push("<Envelope><Body/></Envelope>".into());
        docs.push("<Envelope><Body><op><a>1</a></op></Body>".into());
        for doc in &docs {
            let (streamed, tree) = both(doc);
            if let Some(streamed) = streamed {
                assert_eq!(streamed, tree, "{doc}");
            } else {
                assert!(doc.contains("href"), "only multiRefs need the tree: {doc}");
            }
        }
    }

    /// The budget counts what the values take: a body of tiny empty elements is refused
    /// before it costs more than 4× its size, well within the element bound.
    #[test]
    fn tiny_elements_hit_the_memory_budget() {
        let tiny = envelope(&"<a/>".repeat(2_000_000));
        let limits = Limits::for_body_limit(64 << 20);
        assert!(tiny.len() / 4 < limits.max_elements);
        assert_eq!(
            decode_request(tiny.as_bytes(), &limits),
            Err(DecodeError::TooLarge(limits.memory_budget(tiny.len())))
        );
        // a tenth of it fits the 16 MiB floor
        let small = envelope(&"<a/>".repeat(200_000));
        assert!(decode_request(small.as_bytes(), &limits).is_ok());
    }

    fn envelope(inner: &str) -> String {
        format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><op>{inner}</op></e:Body></e:Envelope>"#
        )
    }

    /// Regression (hostile-input corpus): members were merged with a linear search, so a
    /// request with 90 000 distinct parts (under the element bound) took minutes to decode.
    /// Inputs: fuzz/regressions/soap_decode/wide-*.xml.gz.
    #[test]
    fn wide_requests_decode_in_linear_time() {
        let wide: String = (0..90_000).map(|i| format!("<p{i}>{i}</p{i}>")).collect();
        let req = decode_request(envelope(&wide).as_bytes(), &Limits::default()).unwrap();
        assert_eq!(req.parts.len(), 90_000);
        assert_eq!(
            req.parts[89_999],
            ("p89999".into(), Value::Str("89999".into()))
        );

        let items: String = (0..30_000)
            .map(|i| format!("<item><key>k{i}</key><value>{i}</value></item>"))
            .collect();
        let map = envelope(&format!(r#"<m xsi:type="apache:Map">{items}</m>"#));
        let req = decode_request(map.as_bytes(), &Limits::default()).unwrap();
        let Some(Value::Struct(members)) = req.part("m") else {
            panic!("a map decodes to a struct")
        };
        assert_eq!(members.len(), 30_000);
        assert_eq!(members[123], ("k123".into(), Value::Str("123".into())));
    }

    /// Regression (hostile-input corpus): quick-xml's duplicate-attribute check is quadratic;
    /// 50 000 attributes on one element took seconds. Duplicates are still refused.
    #[test]
    fn many_attributes_decode_and_duplicates_are_refused() {
        let attrs: String = (0..50_000).map(|i| format!(" a{i}=\"v\"")).collect();
        let req = decode_request(
            envelope(&format!("<x{attrs}>1</x>")).as_bytes(),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(req.part("x"), Some(&Value::Str("1".into())));
        let dup = envelope(r#"<x a="1" b="2" a="3">1</x>"#);
        assert!(matches!(
            decode_request(dup.as_bytes(), &Limits::default()),
            Err(DecodeError::Malformed { message, .. }) if message.contains("duplicate attribute a")
        ));
    }

    #[test]
    fn repeated_names_still_merge_at_their_first_position() {
        let req = decode_request(
            envelope("<a>1</a><b>2</b><a>3</a><c>4</c><a>5</a>").as_bytes(),
            &Limits::default(),
        )
        .unwrap();
        let s = |t: &str| Value::Str(t.into());
        assert_eq!(
            req.parts,
            vec![
                (
                    "a".into(),
                    Value::Array(vec![s("1"), s("3"), s("5")].into())
                ),
                ("b".into(), s("2")),
                ("c".into(), s("4")),
            ]
        );
        let map = envelope(
            r#"<m xsi:type="Map"><item><key>x</key><value>1</value></item><item><key>y</key><value>2</value></item><item><key>x</key><value>3</value></item></m>"#,
        );
        let req = decode_request(map.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(
            req.part("m"),
            Some(&Value::Struct(
                vec![("x".into(), s("3")), ("y".into(), s("2"))].into()
            ))
        );
    }
}
