//! The one XML event loop both decoding paths share: well-formedness, the DOCTYPE and entity
//! refusals, the depth and element bounds, the memory budget, attribute reading and namespace
//! scopes live here, so the streaming and the tree path accept and refuse exactly the same
//! documents. What is built from the events is up to a [`Sink`].

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use quick_xml::encoding::Decoder;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::{DecodeError, Limits};
use super::value::Name;

pub(super) fn malformed(position: u64, message: impl Into<String>) -> DecodeError {
    DecodeError::Malformed {
        position,
        message: message.into(),
    }
}

/// Local part of `xsi:type`, reduced to what the decoding rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum TypeKind {
    #[default]
    None,
    Map,
    Array,
    Struct,
    Other,
}

/// The SOAP-encoding attributes of one start tag.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub kind: TypeKind,
    /// A `SOAP-ENC:arrayType` attribute was present.
    pub array_type: bool,
    pub nil: bool,
    /// `SOAP-ENC:root="0"`: a multiRef target, not the call element.
    pub not_root: bool,
    pub href: Option<String>,
    pub id: Option<String>,
}

/// What an element's attributes make of its value; both decode paths shape values by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Nil,
    Map,
    Array,
    Struct,
    /// No type that decides: text, or inferred from the children
    Untyped,
}

impl Attrs {
    pub fn shape(&self) -> Shape {
        if self.nil {
            Shape::Nil
        } else if self.kind == TypeKind::Map {
            Shape::Map
        } else if self.array_type || self.kind == TypeKind::Array {
            Shape::Array
        } else if self.kind == TypeKind::Struct {
            Shape::Struct
        } else {
            Shape::Untyped
        }
    }
}

/// Whether the children (by name) of an untyped element make an array: PHP-style `item`
/// children, or zeep-style repeated children named after the item type.
pub(super) fn is_untyped_array<'n>(mut names: impl Iterator<Item = &'n Name>) -> bool {
    let Some(first) = names.next() else {
        return false;
    };
    let mut count = 1;
    for name in names {
        if name != first {
            return false;
        }
        count += 1;
    }
    &**first == "item" || count >= 2
}

/// Approximate heap bytes the decoded request takes; refuses the request past its maximum.
/// Counted: values and member slots, spilled text, tree nodes, interned names.
#[derive(Debug)]
pub(super) struct Budget {
    used: usize,
    max: usize,
}

impl Budget {
    pub fn new(max: usize) -> Budget {
        Budget { used: 0, max }
    }

    pub fn charge(&mut self, bytes: usize) -> Result<(), DecodeError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.max {
            return Err(DecodeError::TooLarge(self.max));
        }
        Ok(())
    }
}

/// What the event loop feeds. `depth` counts the root as 1.
pub(super) trait Sink {
    /// An element opens; `ns` is the resolved namespace, given for depth-3 elements only.
    fn start(
        &mut self,
        name: &Name,
        attrs: Attrs,
        depth: usize,
        ns: Option<String>,
        budget: &mut Budget,
    ) -> Result<(), DecodeError>;
    /// The element opened last closes.
    fn end(&mut self, name: &Name, depth: usize, budget: &mut Budget) -> Result<(), DecodeError>;
    /// Character data of the element opened last.
    fn text(&mut self, s: &str, budget: &mut Budget) -> Result<(), DecodeError>;
}

/// Shares one allocation per distinct element name. Bounded: past `MAX_INTERNED` names (only
/// hostile requests have that many) new names are allocated each time. The first `FIRST_NAMES`
/// names are also kept in a list scanned before hashing: a request's vocabulary is small, and
/// a scan of a few short names is cheaper than the (DoS-resistant) hash of every element name.
#[derive(Default)]
struct Interner {
    first: Vec<Name>,
    names: HashSet<Name>,
}

const MAX_INTERNED: usize = 4096;
const FIRST_NAMES: usize = 32;

impl Interner {
    fn get(&mut self, local: &str, budget: &mut Budget) -> Result<Name, DecodeError> {
        if let Some(name) = self.first.iter().find(|n| ***n == *local) {
            return Ok(Arc::clone(name));
        }
        if let Some(name) = self.names.get(local) {
            return Ok(Arc::clone(name));
        }
        budget.charge(local.len() + 2 * std::mem::size_of::<usize>())?;
        let name: Name = Arc::from(local);
        if self.first.len() < FIRST_NAMES {
            self.first.push(Arc::clone(&name));
        } else if self.names.len() < MAX_INTERNED {
            self.names.insert(Arc::clone(&name));
        }
        Ok(name)
    }
}

/// Names and prefixes are cut from the request text at ASCII delimiters, so they are UTF-8;
/// the check only guards that.
fn utf8(bytes: &[u8], pos: u64) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|e| malformed(pos, e.to_string()))
}

/// Runs the whole document through `sink`.
pub(super) fn parse(
    text: &str,
    limits: &Limits,
    budget: &mut Budget,
    sink: &mut impl Sink,
) -> Result<(), DecodeError> {
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Name> = Vec::new();
    // (element depth, prefix, uri) for every xmlns declaration in scope on levels 1–3 (only
    // the RPC wrapper's namespace is ever resolved)
    let mut scopes: Vec<(usize, String, String)> = Vec::new();
    let mut names = Interner::default();
    let mut root_done = false;
    let mut elements = 0usize;

    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), e.to_string()))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if root_done {
                    return Err(malformed(pos, "content after the root element"));
                }
                elements += 1;
                if elements > limits.max_elements {
                    return Err(DecodeError::TooManyElements(limits.max_elements));
                }
                let depth = open.len() + 1;
                if depth > limits.max_depth {
                    return Err(DecodeError::TooDeep(limits.max_depth));
                }
                let (local, prefix) = e.name().decompose();
                let local = utf8(local.into_inner(), pos)?;
                let attrs = read_attrs(e, depth, &mut scopes, reader.decoder(), pos)?;
                let ns = if depth == 3 {
                    let prefix = prefix.map_or(&b""[..], |p| p.into_inner());
                    scopes
                        .iter()
                        .rev()
                        .find(|(_, p, _)| p.as_bytes() == prefix)
                        .map(|(_, _, uri)| uri.clone())
                        .filter(|uri| !uri.is_empty())
                } else {
                    None
                };
                let name = names.get(local, budget)?;
                sink.start(&name, attrs, depth, ns, budget)?;
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                } else {
                    scopes.retain(|(d, _, _)| *d < depth);
                    sink.end(&name, depth, budget)?;
                    root_done = depth == 1;
                }
            }
            Event::End(_) => {
                let depth = open.len();
                scopes.retain(|(d, _, _)| *d < depth);
                // quick-xml has already checked the end name matches
                let name = open
                    .pop()
                    .ok_or_else(|| malformed(pos, "unexpected end tag"))?;
                sink.end(&name, depth, budget)?;
                root_done = depth == 1;
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&open, sink, &s, pos, budget)?;
            }
            Event::CData(c) => {
                let s = c.decode().map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&open, sink, &s, pos, budget)?;
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
                push_text(&open, sink, ch.encode_utf8(&mut [0; 4]), pos, budget)?;
            }
            // No DTD at all: this closes XXE, entity expansion and external fetches.
            Event::DocType(_) => return Err(DecodeError::Doctype),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => {
                if let Some(open) = open.last() {
                    return Err(malformed(
                        pos,
                        format!("unexpected end of document, <{open}> is not closed"),
                    ));
                }
                if !root_done {
                    return Err(malformed(0, "no root element"));
                }
                return Ok(());
            }
        }
    }
}

fn push_text(
    open: &[Name],
    sink: &mut impl Sink,
    s: &str,
    pos: u64,
    budget: &mut Budget,
) -> Result<(), DecodeError> {
    if !open.is_empty() {
        sink.text(s, budget)
    } else if s.trim().is_empty() {
        Ok(())
    } else {
        Err(malformed(pos, "text outside the root element"))
    }
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
    match qname.bytes().rposition(|b| b == b':') {
        Some(colon) => &qname[colon + 1..],
        None => qname,
    }
}

/// Number of attribute names compared directly before a set takes over.
const FEW_KEYS: usize = 16;

/// Attribute names of one tag, to refuse duplicates. quick-xml's own check compares each
/// attribute with every earlier one, so 50 000 attributes on one element took seconds
/// (hostile-input corpus): a few are compared directly, more go to a set.
/// The few are kept inline (on the stack): most tags carry one or two attributes, and an
/// allocation per tag showed in profiles.
struct SeenKeys<'k> {
    few: [&'k [u8]; FEW_KEYS],
    count: usize,
    many: Option<HashSet<&'k [u8]>>,
}

impl<'k> SeenKeys<'k> {
    fn new() -> Self {
        SeenKeys {
            few: [&[]; FEW_KEYS],
            count: 0,
            many: None,
        }
    }

    /// False when `key` was already seen.
    fn insert(&mut self, key: &'k [u8]) -> bool {
        if let Some(set) = &mut self.many {
            return set.insert(key);
        }
        if self.few[..self.count].contains(&key) {
            return false;
        }
        if self.count < FEW_KEYS {
            self.few[self.count] = key;
            self.count += 1;
        } else {
            let mut set: HashSet<&[u8]> = self.few.iter().copied().collect();
            set.insert(key);
            self.many = Some(set);
        }
        true
    }
}

/// An attribute's value with entities resolved. Without `&` there is nothing to resolve and
/// the request text is UTF-8 already: the value is borrowed as it is (what the full decoding
/// returns too, at a fraction of the cost).
fn attr_value<'a>(
    attr: &Attribute<'a>,
    decoder: Decoder,
    pos: u64,
) -> Result<Cow<'a, str>, DecodeError> {
    if let Cow::Borrowed(raw) = attr.value {
        if !raw.contains(&b'&') {
            if let Ok(s) = std::str::from_utf8(raw) {
                return Ok(Cow::Borrowed(s));
            }
        }
    }
    attr.decode_and_unescape_value(decoder)
        .map_err(|err| match err {
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(
                _,
                name,
            )) => DecodeError::UnknownEntity(name),
            other => malformed(pos, other.to_string()),
        })
}

fn read_attrs<'e>(
    e: &'e BytesStart<'_>,
    depth: usize,
    scopes: &mut Vec<(usize, String, String)>,
    decoder: Decoder,
    pos: u64,
) -> Result<Attrs, DecodeError> {
    let mut attrs = Attrs::default();
    let mut seen = SeenKeys::new();
    let mut raw_attrs = e.attributes();
    raw_attrs.with_checks(false);
    for attr in raw_attrs {
        let attr = attr.map_err(|err| malformed(pos, err.to_string()))?;
        let raw_key: &'e [u8] = attr.key.into_inner();
        if !seen.insert(raw_key) {
            return Err(malformed(
                pos,
                format!("duplicate attribute {}", String::from_utf8_lossy(raw_key)),
            ));
        }
        let value = attr_value(&attr, decoder, pos)?;
        let (local, prefix) = attr.key.decompose();
        match (prefix.map(|p| p.into_inner()), local.into_inner()) {
            (None, b"xmlns") if depth <= 3 => {
                scopes.push((depth, String::new(), value.into_owned()));
            }
            (Some(b"xmlns"), p) if depth <= 3 => {
                scopes.push((depth, utf8(p, pos)?.to_owned(), value.into_owned()));
            }
            // deeper declarations cannot change the wrapper's namespace
            (None, b"xmlns") | (Some(b"xmlns"), _) => {}
            (Some(_), b"type") => {
                attrs.kind = match local_part(&value) {
                    "Map" => TypeKind::Map,
                    "Array" => TypeKind::Array,
                    "Struct" => TypeKind::Struct,
                    _ => TypeKind::Other,
                }
            }
            (Some(_), b"nil") => attrs.nil = matches!(value.trim(), "true" | "1"),
            (Some(_), b"arrayType") => attrs.array_type = true,
            (Some(_), b"root") => attrs.not_root = value.trim() == "0",
            (None, b"href") => attrs.href = Some(value.into_owned()),
            (None, b"id") => attrs.id = Some(value.into_owned()),
            _ => {}
        }
    }
    Ok(attrs)
}
