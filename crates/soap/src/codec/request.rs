//! What a decoded request is: the operation and its parts, as both builders make it.

use super::value::Value;

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
