//! The common path: a request without multiRefs (PHP SoapClient, zeep, NuSOAP send every
//! value inline) is turned into [`Value`]s while its events are read, with no element tree
//! in between. The rules are those of the tree path (`tree.rs`), applied when an element
//! closes, so both give the same values for the same document.

use std::collections::{HashMap, HashSet};
use std::mem::size_of;
use std::sync::Arc;

use super::limits::{DecodeError, Limits};
use super::parse::{is_untyped_array, parse, Attrs, Budget, Shape, Sink};
use super::request::Request;
use super::value::{Name, Text, Value};

/// Why streaming stopped: an error of the request, or an `href` that needs the tree path.
pub(super) enum Stop {
    Error(DecodeError),
    NeedsTree,
}

pub(super) fn decode(text: &str, limits: &Limits, budget: &mut Budget) -> Result<Request, Stop> {
    let mut sink = StreamSink::default();
    match parse(text, limits, budget, &mut sink) {
        Ok(()) => {}
        Err(_) if sink.needs_tree => return Err(Stop::NeedsTree),
        Err(e) => return Err(Stop::Error(e)),
    }
    sink.finish().map_err(Stop::Error)
}

/// How a child of a given element is handled, decided when it opens.
enum Frame {
    /// Read for well-formedness only: outside the call, or its value cannot matter.
    Skip,
    /// The document element.
    Root,
    /// The (first) SOAP Body.
    Body,
    /// The RPC wrapper: its children are the parts.
    Wrapper,
    /// An element whose value is being built.
    Value(ValueFrame),
    /// An apache `Map`: its children are items.
    Map(MapBuilder),
    /// An item of a `Map`: its `key` and `value` children matter.
    MapItem { key: String, value: Value },
}

struct ValueFrame {
    /// never `Map`: a map has its own frame
    kind: Shape,
    text: Text,
    /// Named children (structs, untyped elements).
    members: Vec<(Name, Value)>,
    /// Children of an explicitly typed array.
    items: Vec<Value>,
    has_children: bool,
}

#[derive(Default)]
struct StreamSink {
    frames: Vec<Frame>,
    root_name: Option<Name>,
    body_seen: bool,
    wrapper: Option<(String, Option<String>)>,
    parts: Vec<(Name, Value)>,
    needs_tree: bool,
    /// Emptied vectors kept for the next element, so a large batch does not allocate and
    /// free a growing vector per item.
    spare_members: Vec<Vec<(Name, Value)>>,
    spare_items: Vec<Vec<Value>>,
}

/// Bytes a value costs beyond its slot: spilled text, or its slice's allocation overhead.
fn heap_cost(v: &Value) -> usize {
    match v {
        Value::Str(s) if s.is_heap_allocated() => s.len(),
        Value::Struct(_) | Value::Array(_) => 2 * size_of::<usize>(),
        _ => 0,
    }
}

impl StreamSink {
    fn value_frame(&mut self, attrs: &Attrs) -> Frame {
        let kind = attrs.shape();
        if kind == Shape::Map {
            return Frame::Map(MapBuilder::default());
        }
        Frame::Value(ValueFrame {
            kind,
            text: Text::default(),
            members: self.spare_members.pop().unwrap_or_default(),
            items: self.spare_items.pop().unwrap_or_default(),
            has_children: false,
        })
    }

    fn finish_value(&mut self, mut f: ValueFrame) -> Value {
        let value = match f.kind {
            Shape::Nil | Shape::Map => Value::Nil,
            Shape::Array => Value::Array(f.items.drain(..).collect()),
            Shape::Struct => Value::Struct(merge_drain(&mut f.members).into()),
            // every child delivers a value, so no members means no children
            Shape::Untyped if f.members.is_empty() => {
                let mut text = std::mem::take(&mut f.text);
                if text.is_heap_allocated() {
                    text.shrink_to_fit();
                }
                Value::Str(text)
            }
            Shape::Untyped if is_untyped_array(f.members.iter().map(|(k, _)| k)) => {
                Value::Array(f.members.drain(..).map(|(_, v)| v).collect())
            }
            Shape::Untyped => Value::Struct(merge_drain(&mut f.members).into()),
        };
        self.recycle(f);
        value
    }

    fn recycle(&mut self, f: ValueFrame) {
        // only small vectors are worth keeping (a batch's item list is not)
        if f.members.capacity() <= 64 && self.spare_members.len() < 64 {
            let mut v = f.members;
            v.clear();
            self.spare_members.push(v);
        }
        if f.items.capacity() <= 64 && self.spare_items.len() < 64 {
            let mut v = f.items;
            v.clear();
            self.spare_items.push(v);
        }
    }

    /// Hands a finished child value to the element it belongs to.
    fn deliver(
        &mut self,
        name: &Name,
        value: Value,
        budget: &mut Budget,
    ) -> Result<(), DecodeError> {
        budget.charge(size_of::<(Name, Value)>() + heap_cost(&value))?;
        match self.frames.last_mut() {
            Some(Frame::Wrapper) => self.parts.push((name.clone(), value)),
            Some(Frame::Value(parent)) => match parent.kind {
                Shape::Array => parent.items.push(value),
                Shape::Nil | Shape::Map => {}
                Shape::Struct | Shape::Untyped => parent.members.push((name.clone(), value)),
            },
            Some(Frame::MapItem { key, value: slot }) => match &**name {
                "key" => *key = value.to_text().unwrap_or_default(),
                _ => *slot = value,
            },
            _ => {}
        }
        Ok(())
    }

    fn finish(self) -> Result<Request, DecodeError> {
        let root = self
            .root_name
            .ok_or_else(|| super::parse::malformed(0, "no root element"))?;
        if &*root != "Envelope" {
            return Err(DecodeError::MissingEnvelope(root.to_string()));
        }
        if !self.body_seen {
            return Err(DecodeError::MissingBody);
        }
        let (operation, namespace) = self.wrapper.ok_or(DecodeError::MissingOperation)?;
        Ok(Request {
            operation,
            namespace,
            parts: merge(self.parts)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        })
    }
}

impl Sink for StreamSink {
    fn start(
        &mut self,
        name: &Name,
        attrs: Attrs,
        depth: usize,
        ns: Option<String>,
        _budget: &mut Budget,
    ) -> Result<(), DecodeError> {
        if attrs.href.is_some() {
            // a multiRef after all (the quick check missed it): the caller starts again
            self.needs_tree = true;
            return Err(DecodeError::UnresolvedReference(String::new()));
        }
        let frame = match self.frames.last_mut() {
            None => {
                self.root_name = Some(name.clone());
                if &**name == "Envelope" {
                    Frame::Root
                } else {
                    Frame::Skip
                }
            }
            Some(Frame::Root) if !self.body_seen && &**name == "Body" => {
                self.body_seen = true;
                Frame::Body
            }
            Some(Frame::Body) if self.wrapper.is_none() && !attrs.not_root => {
                debug_assert_eq!(depth, 3);
                self.wrapper = Some((name.to_string(), ns));
                Frame::Wrapper
            }
            Some(Frame::Wrapper) => self.value_frame(&attrs),
            Some(Frame::Value(parent)) => {
                if parent.kind == Shape::Nil {
                    Frame::Skip
                } else {
                    // text next to child elements is ignored
                    parent.has_children = true;
                    parent.text = Text::default();
                    self.value_frame(&attrs)
                }
            }
            Some(Frame::Map(_)) => Frame::MapItem {
                key: String::new(),
                value: Value::Nil,
            },
            Some(Frame::MapItem { .. }) if matches!(&**name, "key" | "value") => {
                self.value_frame(&attrs)
            }
            Some(_) => Frame::Skip,
        };
        self.frames.push(frame);
        Ok(())
    }

    fn end(&mut self, name: &Name, _depth: usize, budget: &mut Budget) -> Result<(), DecodeError> {
        match self.frames.pop() {
            Some(Frame::Value(f)) => {
                let value = self.finish_value(f);
                self.deliver(name, value, budget)
            }
            Some(Frame::Map(map)) => self.deliver(name, map.finish(), budget),
            Some(Frame::MapItem { key, value }) => match self.frames.last_mut() {
                Some(Frame::Map(map)) => map.insert(&key, value, budget),
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn text(&mut self, s: &str, _budget: &mut Budget) -> Result<(), DecodeError> {
        if let Some(Frame::Value(f)) = self.frames.last_mut() {
            if f.kind == Shape::Untyped && !f.has_children {
                if f.text.is_empty() {
                    f.text = Text::from(s);
                } else {
                    f.text.push_str(s);
                }
            }
        }
        Ok(())
    }
}

/// An apache `Map` being read: a repeated key keeps its first position and the last value.
#[derive(Default)]
pub(super) struct MapBuilder {
    out: Vec<(Name, Value)>,
    // key -> position in `out` (a linear search made large maps quadratic)
    index: HashMap<Name, usize>,
}

impl MapBuilder {
    pub(super) fn insert(
        &mut self,
        key: &str,
        value: Value,
        budget: &mut Budget,
    ) -> Result<(), DecodeError> {
        match self.index.get(key) {
            Some(&i) => self.out[i].1 = value,
            None => {
                budget.charge(key.len() + 4 * size_of::<usize>())?;
                let key: Name = Arc::from(key);
                self.index.insert(key.clone(), self.out.len());
                self.out.push((key, value));
            }
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Value {
        Value::Struct(self.out.into())
    }
}

/// Struct members by name: a repeated name becomes an array kept at the position of its
/// first occurrence (legacy rule).
pub(super) fn merge(members: Vec<(Name, Value)>) -> Vec<(Name, Value)> {
    if !has_repeats(&members) {
        return members;
    }
    let mut out: Vec<(Name, Vec<Value>)> = Vec::with_capacity(members.len());
    // name -> position in `out`: a linear search made wide requests quadratic (90 000
    // distinct members took minutes; found by the hostile-input corpus)
    let mut index: HashMap<Name, usize> = HashMap::with_capacity(members.len());
    for (name, value) in members {
        match index.get(&name) {
            Some(&i) => out[i].1.push(value),
            None => {
                index.insert(name.clone(), out.len());
                out.push((name, vec![value]));
            }
        }
    }
    out.into_iter()
        .map(|(name, mut values)| {
            let value = if values.len() == 1 {
                values.pop().unwrap_or(Value::Nil)
            } else {
                Value::Array(values.into())
            };
            (name, value)
        })
        .collect()
}

/// [`merge`] of a reusable vector, leaving it empty; exactly sized result.
fn merge_drain(members: &mut Vec<(Name, Value)>) -> Vec<(Name, Value)> {
    if !has_repeats(members) {
        let mut out = Vec::with_capacity(members.len());
        out.append(members);
        return out;
    }
    merge(std::mem::take(members))
}

fn has_repeats(members: &[(Name, Value)]) -> bool {
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| members[..i].iter().any(|(p, _)| p == k));
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(members.len());
    !members.iter().all(|(k, _)| seen.insert(k))
}
