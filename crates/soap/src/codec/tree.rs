//! The multiRef path: requests using `href`/`id` (Axis, SOAP::Lite) are read into a small
//! element tree first, because a multiRef target may follow the elements that point at it;
//! then the RPC wrapper's children are turned into [`Value`]s, resolving references.

use std::collections::HashMap;
use std::mem::size_of;

use super::limits::{DecodeError, Limits};
use super::parse::{is_untyped_array, parse, Attrs, Budget, Shape, Sink};
use super::request::Request;
use super::value::{Name, Text, Value};

/// One element, reduced to what SOAP encoding needs.
#[derive(Debug)]
struct Node {
    name: Name,
    attrs: Attrs,
    /// Resolved namespace; only computed for level-3 elements (the RPC wrapper).
    ns: Option<String>,
    text: String,
    children: Vec<Node>,
}

#[derive(Default)]
struct TreeSink {
    stack: Vec<Node>,
    root: Option<Node>,
}

impl Sink for TreeSink {
    fn start(
        &mut self,
        name: &Name,
        attrs: Attrs,
        _depth: usize,
        ns: Option<String>,
        budget: &mut Budget,
    ) -> Result<(), DecodeError> {
        let refs =
            attrs.href.as_ref().map_or(0, String::len) + attrs.id.as_ref().map_or(0, String::len);
        budget.charge(size_of::<Node>() + refs)?;
        self.stack.push(Node {
            name: name.clone(),
            attrs,
            ns,
            text: String::new(),
            children: Vec::new(),
        });
        Ok(())
    }

    fn end(
        &mut self,
        _name: &Name,
        _depth: usize,
        _budget: &mut Budget,
    ) -> Result<(), DecodeError> {
        // the event loop has matched every end with its start
        if let Some(node) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => self.root = Some(node),
            }
        }
        Ok(())
    }

    fn text(&mut self, s: &str, budget: &mut Budget) -> Result<(), DecodeError> {
        budget.charge(s.len())?;
        if let Some(top) = self.stack.last_mut() {
            top.text.push_str(s);
        }
        Ok(())
    }
}

pub(super) fn decode(
    text: &str,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Request, DecodeError> {
    let mut sink = TreeSink::default();
    parse(text, limits, budget, &mut sink)?;
    let root = sink
        .root
        .ok_or_else(|| super::parse::malformed(0, "no root element"))?;
    if &*root.name != "Envelope" {
        return Err(DecodeError::MissingEnvelope(root.name.to_string()));
    }
    let body = root
        .children
        .iter()
        .find(|c| &*c.name == "Body")
        .ok_or(DecodeError::MissingBody)?;
    // multiRef targets are marked `root="0"`; the call element is the first root
    let wrapper = body
        .children
        .iter()
        .find(|c| !c.attrs.not_root)
        .ok_or(DecodeError::MissingOperation)?;

    let mut ids = HashMap::new();
    index_ids(body, &mut ids);
    let mut resolver = Resolver {
        ids,
        active: Vec::new(),
        produced: 0,
        limits,
        budget,
    };
    // The wrapper sits at level 3 (Envelope, Body, wrapper).
    let parts = resolver.members(&wrapper.children, 3)?;
    Ok(Request {
        operation: wrapper.name.to_string(),
        namespace: wrapper.ns.clone(),
        parts: parts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    })
}

fn index_ids<'a>(node: &'a Node, ids: &mut HashMap<&'a str, &'a Node>) {
    if let Some(id) = &node.attrs.id {
        ids.entry(id.as_str()).or_insert(node);
    }
    for child in &node.children {
        index_ids(child, ids);
    }
}

struct Resolver<'a, 'l> {
    ids: HashMap<&'a str, &'a Node>,
    /// ids of the elements being converted, to refuse reference cycles
    active: Vec<&'a str>,
    produced: usize,
    limits: &'l Limits,
    budget: &'l mut Budget,
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
        // shared references can multiply values: each one is paid for
        self.budget.charge(size_of::<(Name, Value)>())?;
        if let Some(href) = &node.attrs.href {
            let target = self.target(href)?;
            return self.value(target, depth + 1);
        }
        let pushed = node
            .attrs
            .id
            .as_deref()
            .map(|id| self.active.push(id))
            .is_some();
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
        match node.attrs.shape() {
            Shape::Nil => return Ok(Value::Nil),
            Shape::Map => return self.map(node, depth),
            Shape::Array => return Ok(Value::Array(self.list(&node.children, depth)?.into())),
            Shape::Struct => return Ok(Value::Struct(self.members(&node.children, depth)?.into())),
            Shape::Untyped => {}
        }
        if node.children.is_empty() {
            self.budget.charge(node.text.len())?;
            return Ok(Value::Str(Text::from(node.text.as_str())));
        }
        if is_untyped_array(node.children.iter().map(|c| &c.name)) {
            return Ok(Value::Array(self.list(&node.children, depth)?.into()));
        }
        Ok(Value::Struct(self.members(&node.children, depth)?.into()))
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
    ) -> Result<Vec<(Name, Value)>, DecodeError> {
        let mut out = Vec::with_capacity(children.len());
        for child in children {
            out.push((child.name.clone(), self.value(child, depth + 1)?));
        }
        Ok(super::stream::merge(out))
    }

    /// Apache `Map` (PHP associative array): `<item><key>k</key><value>v</value></item>`…
    /// becomes a struct; a repeated key keeps its first position and the last value.
    fn map(&mut self, node: &'a Node, depth: usize) -> Result<Value, DecodeError> {
        let mut map = super::stream::MapBuilder::default();
        for item in &node.children {
            let item = match &item.attrs.href {
                Some(href) => self.target(href)?,
                None => item,
            };
            let mut key = String::new();
            let mut value = Value::Nil;
            for part in &item.children {
                match &*part.name {
                    "key" => key = self.value(part, depth + 2)?.to_text().unwrap_or_default(),
                    "value" => value = self.value(part, depth + 2)?,
                    _ => {}
                }
            }
            map.insert(&key, value, self.budget)?;
        }
        Ok(map.finish())
    }
}
