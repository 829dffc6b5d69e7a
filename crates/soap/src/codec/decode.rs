//! SOAP 1.1 rpc/encoded request decoding.
//!
//! Two passes: a streaming quick-xml pass builds a small element tree (needed
//! because multiRef targets may follow the elements that point at them), then the
//! RPC wrapper's children are turned into [`Value`]s. Like the legacy (non
//! namespace-aware) parser, elements and SOAP attributes are matched by local name,
//! so any prefix a client picks works.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::value::Value;

/// Resource bounds applied while decoding an untrusted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting accepted, counting the Envelope as level 1
    /// (multiRef hops count as one level each).
    pub max_depth: usize,
    /// Most elements read from the document, and most values produced when
    /// resolving multiRefs (shared references could otherwise multiply them).
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_elements: 100_000,
        }
    }
}

/// Why a request body could not be decoded. Messages are meant for the
/// `faultstring` of a `Client` fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("Empty request body")]
    Empty,
    #[error("Malformed XML at byte {position}: {message}")]
    Malformed { position: u64, message: String },
    #[error("DOCTYPE declarations are not allowed")]
    Doctype,
    #[error("Entity reference &{0}; is not allowed (only the predefined XML entities and character references are)")]
    UnknownEntity(String),
    #[error("Nesting deeper than {0} levels")]
    TooDeep(usize),
    #[error("More than {0} elements")]
    TooManyElements(usize),
    #[error("Invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    #[error("Unsupported character encoding '{0}' (use UTF-8 or ISO-8859-1)")]
    UnsupportedEncoding(String),
    #[error("Missing SOAP Envelope (root element is <{0}>)")]
    MissingEnvelope(String),
    #[error("Missing SOAP Body")]
    MissingBody,
    #[error("SOAP Body has no operation element")]
    MissingOperation,
    #[error("Unresolved multi-reference href=\"{0}\"")]
    UnresolvedReference(String),
    #[error("Cyclic multi-reference through id=\"{0}\"")]
    ReferenceCycle(String),
}

/// A decoded RPC call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Local name of the Body's first element, dot included (`WSUser.CreateUser`).
    pub operation: String,
    /// Namespace URI of that element; `None` when it has none (or `xmlns:ns1=""`).
    /// Kept so the response wrapper can echo it, as the original server does.
    pub namespace: Option<String>,
    /// The wrapper's children by local name, in document order. A name repeated
    /// among them is merged into one array at its first position (legacy rule).
    pub parts: Vec<(String, Value)>,
}

impl Request {
    /// The part called `name`, if sent.
    pub fn part(&self, name: &str) -> Option<&Value> {
        self.parts.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

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
    let text = to_utf8(body, http_charset)?;
    let root = parse_tree(&text, limits)?;
    if root.name != "Envelope" {
        return Err(DecodeError::MissingEnvelope(root.name));
    }
    let body = root
        .children
        .iter()
        .find(|c| c.name == "Body")
        .ok_or(DecodeError::MissingBody)?;
    // multiRef targets are marked `root="0"`; the call element is the first root
    let wrapper = body
        .children
        .iter()
        .find(|c| !c.not_root)
        .ok_or(DecodeError::MissingOperation)?;

    let mut ids = HashMap::new();
    index_ids(body, &mut ids);
    let mut resolver = Resolver {
        ids,
        active: Vec::new(),
        produced: 0,
        limits,
    };
    // The wrapper sits at level 3 (Envelope, Body, wrapper).
    let parts = resolver.members(&wrapper.children, 3)?;
    Ok(Request {
        operation: wrapper.name.clone(),
        namespace: wrapper.ns.clone(),
        parts,
    })
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

// ---------------------------------------------------------------------------
// Streaming pass: element tree

/// One element, reduced to what SOAP encoding needs.
#[derive(Debug, Default)]
struct Node {
    name: String,
    /// Local part of `xsi:type` (`Array`, `Map`, `Struct`, `string`, …).
    xsi_type: Option<String>,
    /// A `SOAP-ENC:arrayType` attribute was present.
    array_type: bool,
    nil: bool,
    /// `SOAP-ENC:root="0"`: a multiRef target, not the call element.
    not_root: bool,
    href: Option<String>,
    id: Option<String>,
    /// Resolved namespace; only computed for level-3 elements (the RPC wrapper).
    ns: Option<String>,
    text: String,
    children: Vec<Node>,
}

fn malformed(position: u64, message: impl Into<String>) -> DecodeError {
    DecodeError::Malformed {
        position,
        message: message.into(),
    }
}

fn parse_tree(text: &str, limits: &Limits) -> Result<Node, DecodeError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    // (element depth, prefix, uri) for every xmlns declaration in scope
    let mut scopes: Vec<(usize, String, String)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut elements = 0usize;

    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), e.to_string()))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if root.is_some() {
                    return Err(malformed(pos, "content after the root element"));
                }
                elements += 1;
                if elements > limits.max_elements {
                    return Err(DecodeError::TooManyElements(limits.max_elements));
                }
                let depth = stack.len() + 1;
                if depth > limits.max_depth {
                    return Err(DecodeError::TooDeep(limits.max_depth));
                }
                let node = read_start(e, depth, &mut scopes, reader.decoder(), pos)?;
                if matches!(event, Event::Start(_)) {
                    stack.push(node);
                } else {
                    scopes.retain(|(d, _, _)| *d < depth);
                    attach(&mut stack, &mut root, node);
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                scopes.retain(|(d, _, _)| *d < depth);
                // quick-xml has already checked the end name matches
                let node = stack
                    .pop()
                    .ok_or_else(|| malformed(pos, "unexpected end tag"))?;
                attach(&mut stack, &mut root, node);
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&mut stack, &s, pos)?;
            }
            Event::CData(c) => {
                let s = c.decode().map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&mut stack, &s, pos)?;
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| malformed(pos, e.to_string()))?;
                let ch = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| malformed(pos, e.to_string()))?
                        .ok_or_else(|| malformed(pos, "invalid character reference"))?
                } else {
                    predefined_entity(&name)
                        .ok_or_else(|| DecodeError::UnknownEntity(name.to_string()))?
                };
                push_text(&mut stack, ch.encode_utf8(&mut [0; 4]), pos)?;
            }
            // No DTD at all: this closes XXE, entity expansion and external fetches.
            Event::DocType(_) => return Err(DecodeError::Doctype),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(malformed(
                        pos,
                        format!("unexpected end of document, <{}> is not closed", open.name),
                    ));
                }
                break;
            }
        }
    }
    root.ok_or_else(|| malformed(0, "no root element"))
}

fn attach(stack: &mut [Node], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

fn push_text(stack: &mut [Node], s: &str, pos: u64) -> Result<(), DecodeError> {
    match stack.last_mut() {
        Some(top) => top.text.push_str(s),
        None if s.trim().is_empty() => {}
        None => return Err(malformed(pos, "text outside the root element")),
    }
    Ok(())
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn local_part(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

fn read_start(
    e: &BytesStart<'_>,
    depth: usize,
    scopes: &mut Vec<(usize, String, String)>,
    decoder: Decoder,
    pos: u64,
) -> Result<Node, DecodeError> {
    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let (prefix, local) = match qname.split_once(':') {
        Some((p, l)) => (p.to_string(), l.to_string()),
        None => (String::new(), qname.clone()),
    };
    let mut node = Node {
        name: local,
        ..Node::default()
    };
    // quick-xml's duplicate check compares each attribute with every earlier one, so 50 000
    // attributes on one element took seconds (hostile-input corpus): check with a set instead.
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|err| malformed(pos, err.to_string()))?;
        if !seen.insert(attr.key.as_ref().to_vec()) {
            return Err(malformed(
                pos,
                format!(
                    "duplicate attribute {}",
                    String::from_utf8_lossy(attr.key.as_ref())
                ),
            ));
        }
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value =
            attr.decode_and_unescape_value(decoder)
                .map_err(|err| match err {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, name),
                    ) => DecodeError::UnknownEntity(name),
                    other => malformed(pos, other.to_string()),
                })?
                .into_owned();
        let (attr_prefix, attr_local) = match key.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, key.as_str()),
        };
        match (attr_prefix, attr_local) {
            (None, "xmlns") => scopes.push((depth, String::new(), value)),
            (Some("xmlns"), p) => scopes.push((depth, p.to_string(), value)),
            (Some(_), "type") => node.xsi_type = Some(local_part(&value).to_string()),
            (Some(_), "nil") => node.nil = matches!(value.trim(), "true" | "1"),
            (Some(_), "arrayType") => node.array_type = true,
            (Some(_), "root") => node.not_root = value.trim() == "0",
            (None, "href") => node.href = Some(value),
            (None, "id") => node.id = Some(value),
            _ => {}
        }
    }
    if depth == 3 {
        node.ns = scopes
            .iter()
            .rev()
            .find(|(_, p, _)| *p == prefix)
            .map(|(_, _, uri)| uri.clone())
            .filter(|uri| !uri.is_empty());
    }
    Ok(node)
}

fn index_ids<'a>(node: &'a Node, ids: &mut HashMap<&'a str, &'a Node>) {
    if let Some(id) = &node.id {
        ids.entry(id.as_str()).or_insert(node);
    }
    for child in &node.children {
        index_ids(child, ids);
    }
}

// ---------------------------------------------------------------------------
// Second pass: values

struct Resolver<'a, 'l> {
    ids: HashMap<&'a str, &'a Node>,
    /// ids of the elements being converted, to refuse reference cycles
    active: Vec<&'a str>,
    produced: usize,
    limits: &'l Limits,
}

impl<'a> Resolver<'a, '_> {
    fn value(&mut self, node: &'a Node, depth: usize) -> Result<Value, DecodeError> {
        if depth > self.limits.max_depth {
            return Err(DecodeError::TooDeep(self.limits.max_depth));
        }
        self.produced += 1;
        if self.produced > self.limits.max_elements {
            return Err(DecodeError::TooManyElements(self.limits.max_elements));
        }
        if let Some(href) = &node.href {
            let target = self.target(href)?;
            return self.value(target, depth + 1);
        }
        let pushed = node.id.as_deref().map(|id| self.active.push(id)).is_some();
        let result = self.content(node, depth);
        if pushed {
            self.active.pop();
        }
        result
    }

    fn target(&self, href: &str) -> Result<&'a Node, DecodeError> {
        let id = href
            .strip_prefix('#')
            .ok_or_else(|| DecodeError::UnresolvedReference(href.to_string()))?;
        if self.active.contains(&id) {
            return Err(DecodeError::ReferenceCycle(id.to_string()));
        }
        self.ids
            .get(id)
            .copied()
            .ok_or_else(|| DecodeError::UnresolvedReference(href.to_string()))
    }

    fn content(&mut self, node: &'a Node, depth: usize) -> Result<Value, DecodeError> {
        if node.nil {
            return Ok(Value::Nil);
        }
        let ty = node.xsi_type.as_deref();
        if ty == Some("Map") {
            return self.map(node, depth);
        }
        if node.array_type || ty == Some("Array") {
            return Ok(Value::Array(self.list(&node.children, depth)?));
        }
        if ty == Some("Struct") {
            return Ok(Value::Struct(self.members(&node.children, depth)?));
        }
        let Some(first) = node.children.first() else {
            return Ok(Value::Str(node.text.clone()));
        };
        // Untyped arrays: PHP-style `item` children, or zeep-style repeated
        // children named after the item type.
        let same_name = node.children.iter().all(|c| c.name == first.name);
        if same_name && (first.name == "item" || node.children.len() >= 2) {
            return Ok(Value::Array(self.list(&node.children, depth)?));
        }
        Ok(Value::Struct(self.members(&node.children, depth)?))
    }

    fn list(&mut self, children: &'a [Node], depth: usize) -> Result<Vec<Value>, DecodeError> {
        children.iter().map(|c| self.value(c, depth + 1)).collect()
    }

    /// Struct members by local name; a repeated name becomes an array kept at
    /// the position of its first occurrence.
    fn members(
        &mut self,
        children: &'a [Node],
        depth: usize,
    ) -> Result<Vec<(String, Value)>, DecodeError> {
        let mut out: Vec<(String, Value)> = Vec::with_capacity(children.len());
        let mut merged: Vec<bool> = Vec::with_capacity(children.len());
        // name -> position in `out`: a linear search made wide requests quadratic (90 000
        // distinct members took minutes; found by the hostile-input corpus)
        let mut index: HashMap<&'a str, usize> = HashMap::with_capacity(children.len());
        for child in children {
            let v = self.value(child, depth + 1)?;
            match index.get(child.name.as_str()).copied() {
                Some(i) if merged[i] => {
                    if let Value::Array(items) = &mut out[i].1 {
                        items.push(v);
                    }
                }
                Some(i) => {
                    let first = std::mem::replace(&mut out[i].1, Value::Nil);
                    out[i].1 = Value::Array(vec![first, v]);
                    merged[i] = true;
                }
                None => {
                    index.insert(child.name.as_str(), out.len());
                    out.push((child.name.clone(), v));
                    merged.push(false);
                }
            }
        }
        Ok(out)
    }

    /// Apache `Map` (PHP associative array): `<item><key>k</key><value>v</value></item>`…
    /// becomes a struct; a repeated key keeps its first position and the last value.
    fn map(&mut self, node: &'a Node, depth: usize) -> Result<Value, DecodeError> {
        let mut out: Vec<(String, Value)> = Vec::new();
        // key -> position in `out` (a linear search made large maps quadratic)
        let mut index: HashMap<String, usize> = HashMap::new();
        for item in &node.children {
            let item = match &item.href {
                Some(href) => self.target(href)?,
                None => item,
            };
            let mut key = String::new();
            let mut value = Value::Nil;
            for part in &item.children {
                match part.name.as_str() {
                    "key" => key = self.value(part, depth + 2)?.to_text().unwrap_or_default(),
                    "value" => value = self.value(part, depth + 2)?,
                    _ => {}
                }
            }
            match index.get(&key) {
                Some(&i) => out[i].1 = value,
                None => {
                    index.insert(key.clone(), out.len());
                    out.push((key, value));
                }
            }
        }
        Ok(Value::Struct(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                ("a".into(), Value::Array(vec![s("1"), s("3"), s("5")])),
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
            Some(&Value::Struct(vec![
                ("x".into(), s("3")),
                ("y".into(), s("2"))
            ]))
        );
    }
}
