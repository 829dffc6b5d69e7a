//! What the reference says of one action besides its row's name, level and audit plan: its
//! parameters, the shape of its `data` and the failures it may answer. Each action module
//! declares a [`Doc`] next to the handler it describes, and the row of the action table
//! (`dispatch::ACTIONS`) names both, so the OpenAPI document and the reference page
//! (the `reference` module) are made from what is served. The end-to-end tests check every answer
//! they get against the row's [`Shape`].

mod shape;

pub use shape::{always, maybe, Member, Shape};

use crate::errors::Op;

/// An action's parameters, data and failures.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    /// One line: what the action does.
    pub summary: &'static str,
    pub params: &'static [Input],
    /// The `data` of a success envelope (unused by redirect actions).
    pub data: Shape,
    /// What the action itself may answer as an error (the pipeline's own are added by level).
    pub fails: &'static [Fail],
}

/// Where the original reads a parameter (`rest-v2.md` §0 notation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// P: the POST form body only
    Post,
    /// B: the form body of POST (or of a urlencoded PUT/PATCH/DELETE)
    Body,
    /// G: the query string only
    Get,
    /// Q: the query string or a member of `hash`
    Query,
    /// R: the query string or the POST body (the body wins)
    Request,
}

impl At {
    /// A query parameter in the OpenAPI document; the others are form fields.
    pub fn in_query(self) -> bool {
        matches!(self, At::Get | At::Query)
    }

    pub fn label(self) -> &'static str {
        match self {
            At::Post => "form body",
            At::Body => "form body (POST, or urlencoded PUT/PATCH/DELETE)",
            At::Get => "query string",
            At::Query => "query string or hash",
            At::Request => "form body or query string",
        }
    }
}

/// A parameter's type as a client writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    /// PHP `intval`: text that is not a number reads as 0
    Int,
    /// `0` or `1`
    Flag,
    /// Symfony's boolean: `1`, `true`, `on`, `yes` (any case) are true
    Bool,
    /// `YYYY-MM-DD HH:MM[:SS]`
    DateTime,
    /// `YYYY-MM-DD`, or a date and time
    Date,
    /// a PHP list of ids: `name[]=1&name[]=2`
    Ids,
    /// a PHP list of texts: `name[]=a&name[]=b`
    Texts,
    /// a PHP map: `name[key]=value`
    Map,
    /// a PHP list of `{field_name, field_value}`: `name[0][field_name]=…&name[0][field_value]=…`
    Pairs,
    /// a JSON text
    Json,
}

impl Ty {
    pub fn label(self) -> &'static str {
        match self {
            Ty::Text => "text",
            Ty::Int => "integer",
            Ty::Flag => "0 or 1",
            Ty::Bool => "boolean (1, true, on, yes)",
            Ty::DateTime => "YYYY-MM-DD HH:MM[:SS]",
            Ty::Date => "YYYY-MM-DD[ HH:MM[:SS]]",
            Ty::Ids => "list of ids (name[]=…)",
            Ty::Texts => "list of texts (name[]=…)",
            Ty::Map => "map (name[key]=value)",
            Ty::Pairs => "list of {field_name, field_value} (name[0][field_name]=…)",
            Ty::Json => "JSON text",
        }
    }
}

/// One parameter an action reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    /// The name as sent; `extra_<variable>` stands for every name with that prefix.
    pub name: &'static str,
    pub at: At,
    pub ty: Ty,
    /// Missing (or empty, or 0 for an id), the action answers an error or nothing useful.
    pub required: bool,
    pub about: &'static str,
}

impl Input {
    pub const fn req(mut self) -> Input {
        self.required = true;
        self
    }

    pub const fn about(mut self, about: &'static str) -> Input {
        self.about = about;
        self
    }

    /// `extra_<variable>`: every parameter named with the prefix before `<`.
    pub fn prefix(&self) -> Option<&'static str> {
        self.name.split_once('<').map(|(p, _)| p)
    }

    /// Whether a sent parameter name (PHP array brackets cut) is this one.
    pub fn names(&self, sent: &str) -> bool {
        match self.prefix() {
            Some(p) => sent.starts_with(p),
            None => self.name == sent,
        }
    }
}

const fn input(name: &'static str, at: At, ty: Ty) -> Input {
    Input {
        name,
        at,
        ty,
        required: false,
        about: "",
    }
}

/// P
pub const fn post(name: &'static str, ty: Ty) -> Input {
    input(name, At::Post, ty)
}

/// B
pub const fn body(name: &'static str, ty: Ty) -> Input {
    input(name, At::Body, ty)
}

/// G
pub const fn get(name: &'static str, ty: Ty) -> Input {
    input(name, At::Get, ty)
}

/// Q
pub const fn query(name: &'static str, ty: Ty) -> Input {
    input(name, At::Query, ty)
}

/// R
pub const fn request(name: &'static str, ty: Ty) -> Input {
    input(name, At::Request, ty)
}

/// A failure an action may answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// every message the errors table gives for core errors of this kind of call
    Op(Op<'static>),
    /// a message key, written as its English text
    Key(&'static str),
    /// a literal message; `<…>` stands for a part that varies
    Text(&'static str),
}

pub use Fail::{Key, Op as Core, Text};
