//! Request parameters gathered as the original sees them (`rest-v2.md` §1.2–1.5).
//!
//! The original reads each parameter from one of several PHP sources; [`Params`]
//! keeps them apart so an action can read exactly where Chamilo reads:
//!
//! | spec | accessor | PHP source |
//! |---|---|---|
//! | G | [`Params::get`] | `$_GET` (query string) |
//! | Q | [`Params::query`] | Symfony query bag: `$_GET` plus the members of `hash` |
//! | P | [`Params::post`] | `$_POST` (POST with a form content type only) |
//! | B | [`Params::body`] | Symfony body bag: `$_POST`, or the urlencoded body of PUT/PATCH/DELETE |
//! | R | [`Params::request`] | `$_REQUEST`: `$_GET` merged with `$_POST`, POST wins |
//! | QP | [`Params::query_or_body`] | Q when truthy, else B |
//!
//! JSON request bodies are never parsed (§1.3): only the `hash` query parameter and
//! form fields can carry JSON.

mod array;
mod hash;
mod multipart;
mod scalar;
mod urlencoded;

#[cfg(test)]
mod tests;

use std::fmt;

pub use array::{Param, PhpArray};
pub use multipart::UploadedFile;
pub use scalar::{filter_bool, intval, truthy};

/// Where a faulty input came from (for error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Query,
    Body,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Query => "query string",
            Origin::Body => "request body",
        })
    }
}

/// Input the gateway refuses. PHP would drop or mangle such input silently; we
/// answer with an error envelope instead (the caller renders it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// `name` is the variable whose value is not UTF-8, or the (lossily shown) name itself.
    #[error("invalid UTF-8 in the {origin} (parameter {name:?})")]
    InvalidUtf8 { origin: Origin, name: String },
    #[error("too many input variables in the {origin} (limit {limit})")]
    TooManyFields { origin: Origin, limit: usize },
    #[error("input variable nesting level exceeded in the {origin} (limit {limit})")]
    TooDeep { origin: Origin, limit: usize },
    #[error("malformed multipart/form-data body: {0}")]
    Multipart(String),
}

/// Input limits. PHP's counterparts are `max_input_vars` (default 1000, excess
/// silently dropped) and `max_input_nesting_level` (64, offending variable dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Variables per source (query string, body). Default 10 000: above PHP's
    /// stock 1000 so that large batch lists (`list_users[]`) still work, yet bounded.
    pub max_fields: usize,
    /// Bracket levels per variable name (`a[1][2]` has 2); also bounds `hash` nesting.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_fields: 10_000,
            max_depth: 64,
        }
    }
}

/// The five routing parameters, read query-first (QP) as in §1.4 step 4.
/// Values are raw: the original's HTML sanitizing of `username`/`api_key` (§1.6)
/// is not applied here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub action: String,
    pub username: String,
    pub api_key: String,
    pub course: i64,
    pub session: i64,
}

/// All parameter sources of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    get: PhpArray,
    /// `None`: the query bag is `$_GET` (no `hash` members to add), not copied
    query: Option<PhpArray>,
    post: PhpArray,
    /// `None`: the body bag is `$_POST` (method POST).
    body: Option<PhpArray>,
    /// `None`: `$_REQUEST` is `$_GET` (`$_POST` is empty), not copied
    request: Option<PhpArray>,
    files: Vec<UploadedFile>,
}

/// Body formats PHP parses into `$_POST`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Form,
    Multipart,
    Other,
}

impl BodyKind {
    /// PHP compares the lowercased media type, cut at `;`, `,` or space.
    fn of(content_type: &str) -> BodyKind {
        let media = content_type
            .trim_start()
            .split([';', ',', ' '])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match media.as_str() {
            "application/x-www-form-urlencoded" => BodyKind::Form,
            "multipart/form-data" => BodyKind::Multipart,
            _ => BodyKind::Other,
        }
    }
}

/// Builds every parameter source from the raw request.
///
/// * `method`: the HTTP method as sent (PHP parses a body into `$_POST` only for
///   `POST`; Symfony additionally parses urlencoded PUT/PATCH/DELETE bodies).
/// * `query`: the raw query string, without `?`.
/// * `content_type`: the `Content-Type` header, if any.
pub fn gather(
    method: &str,
    query: &str,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
) -> Result<Params, ParamError> {
    let mut get = PhpArray::new();
    urlencoded::parse_into(&mut get, query.as_bytes(), Origin::Query, limits)?;

    let ct = content_type.unwrap_or("");
    let mut post = PhpArray::new();
    let mut files = Vec::new();
    let body_bag = if method == "POST" {
        match BodyKind::of(ct) {
            BodyKind::Form => urlencoded::parse_into(&mut post, body, Origin::Body, limits)?,
            BodyKind::Multipart => multipart::parse_into(&mut post, &mut files, ct, body, limits)?,
            BodyKind::Other => {} // e.g. application/json: never parsed
        }
        None
    } else {
        let mut bag = PhpArray::new();
        let symfony_parses = matches!(
            method.to_ascii_uppercase().as_str(),
            "PUT" | "PATCH" | "DELETE"
        ) && ct.starts_with("application/x-www-form-urlencoded");
        if symfony_parses {
            urlencoded::parse_into(&mut bag, body, Origin::Body, limits)?;
        }
        Some(bag)
    };

    let query_bag = match get.get("hash") {
        Some(Param::Str(h)) if truthy(h) => {
            let mut bag = get.clone();
            for (k, v) in hash::decode(h, limits.max_depth).unwrap_or_default() {
                bag.insert(k, v);
            }
            Some(bag)
        }
        _ => None,
    };

    // most calls send only one source: a copy of `$_GET` per request is avoided then
    let request = (!post.is_empty()).then(|| {
        let mut request = PhpArray::new();
        request.merge_from(&get);
        request.merge_from(&post);
        request
    });

    Ok(Params {
        get,
        query: query_bag,
        post,
        body: body_bag,
        request,
        files,
    })
}

/// A JSON object or array (`save_user_json`'s `json` field) as PHP's `json_decode($text, true)`
/// holds it, members converted as `hash` members are. `None` when the text is not JSON or is
/// a scalar.
pub fn json_object(text: &str) -> Option<PhpArray> {
    if !text.trim_start().starts_with(['{', '[']) {
        return None;
    }
    let mut out = PhpArray::new();
    for (k, v) in hash::decode(text, Limits::default().max_depth)? {
        out.insert(k, v);
    }
    Some(out)
}

impl Params {
    /// G: `$_GET`.
    pub fn get(&self, name: &str) -> Field<'_> {
        Field(self.get.get(name))
    }

    /// Q: the query bag, including values injected by `hash`.
    pub fn query(&self, name: &str) -> Field<'_> {
        Field(self.query_bag().get(name))
    }

    /// P: `$_POST`.
    pub fn post(&self, name: &str) -> Field<'_> {
        Field(self.post.get(name))
    }

    /// B: the Symfony body bag.
    pub fn body(&self, name: &str) -> Field<'_> {
        Field(self.body.as_ref().unwrap_or(&self.post).get(name))
    }

    /// R: `$_REQUEST` (GET merged with POST, POST wins; arrays merge recursively).
    pub fn request(&self, name: &str) -> Field<'_> {
        Field(self.request_bag().get(name))
    }

    /// QP: the query value (incl. `hash`) unless it is missing or falsy
    /// (`""`, `"0"`, empty array); then the body value.
    pub fn query_or_body(&self, name: &str) -> Field<'_> {
        match self.query(name) {
            q if q.truthy() => q,
            _ => self.body(name),
        }
    }

    /// QP for integers (`course`, `session`): the query value as int, or when that
    /// is 0 the body value as int.
    pub fn query_or_body_int(&self, name: &str) -> i64 {
        match self.query(name).int() {
            0 => self.body(name).int(),
            n => n,
        }
    }

    /// The routing parameters (§1.4 step 4). Array values count as empty.
    pub fn routing(&self) -> Routing {
        let s = |n: &str| self.query_or_body(n).str().unwrap_or("").to_owned();
        Routing {
            action: s("action"),
            username: s("username"),
            api_key: s("api_key"),
            course: self.query_or_body_int("course"),
            session: self.query_or_body_int("session"),
        }
    }

    /// Top-level POST fields in the order PHP iterates `$_POST` (first occurrence
    /// of a name fixes its position; later duplicates overwrite the value).
    pub fn post_fields(&self) -> impl Iterator<Item = (&str, &Param)> {
        self.post.iter()
    }

    /// Whole bags, for callers that iterate.
    pub fn get_bag(&self) -> &PhpArray {
        &self.get
    }
    pub fn query_bag(&self) -> &PhpArray {
        self.query.as_ref().unwrap_or(&self.get)
    }
    pub fn post_bag(&self) -> &PhpArray {
        &self.post
    }
    pub fn body_bag(&self) -> &PhpArray {
        self.body.as_ref().unwrap_or(&self.post)
    }
    pub fn request_bag(&self) -> &PhpArray {
        self.request.as_ref().unwrap_or(&self.get)
    }

    /// File parts of a multipart body (`$_FILES`).
    pub fn files(&self) -> &[UploadedFile] {
        &self.files
    }
}

/// One looked-up parameter (possibly absent) with PHP-style typed readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a>(pub Option<&'a Param>);

impl<'a> Field<'a> {
    pub fn param(self) -> Option<&'a Param> {
        self.0
    }

    /// PHP `isset()`: present (any value, even `""`).
    pub fn is_set(self) -> bool {
        self.0.is_some()
    }

    /// The string value; `None` when absent or an array.
    pub fn str(self) -> Option<&'a str> {
        self.0.and_then(Param::as_str)
    }

    /// The string value, `""` when absent or an array.
    pub fn str_or_empty(self) -> &'a str {
        self.str().unwrap_or("")
    }

    /// PHP `intval()`; absent is 0, an array is 0/1 (empty/non-empty).
    pub fn int(self) -> i64 {
        self.0.map_or(0, Param::int)
    }

    /// PHP truthiness (`!empty($x)`).
    pub fn truthy(self) -> bool {
        self.0.is_some_and(Param::truthy)
    }

    /// Symfony `getBoolean`: `1`/`true`/`on`/`yes` (any case) are true.
    pub fn boolean(self) -> bool {
        self.str().is_some_and(filter_bool)
    }

    pub fn is_array(self) -> bool {
        matches!(self.0, Some(Param::Array(_)))
    }

    pub fn array(self) -> Option<&'a PhpArray> {
        self.0.and_then(Param::as_array)
    }

    /// The string elements of an array parameter, in order. A scalar or absent
    /// parameter gives an empty list (how the original treats `list_users`);
    /// nested arrays inside are skipped.
    pub fn list(self) -> Vec<&'a str> {
        self.array()
            .map(|a| a.values().filter_map(Param::as_str).collect())
            .unwrap_or_default()
    }
}
