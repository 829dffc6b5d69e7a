//! What bounds a decoding and why it can fail: shared by the event loop (`parse`) and the
//! builders and entry points above it (`stream`, `tree`, `decode`), so none of them imports
//! another for its types.

/// Resource bounds applied while decoding an untrusted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting accepted, counting the Envelope as level 1
    /// (multiRef hops count as one level each).
    pub max_depth: usize,
    /// Most elements read from the document, and most values produced when
    /// resolving multiRefs (shared references could otherwise multiply them).
    pub max_elements: usize,
    /// Memory the decoded request may take, per byte of body…
    pub memory_per_byte: usize,
    /// …but never less than this (small requests with many shared references).
    pub memory_floor: usize,
}

impl Limits {
    /// The bounds for requests of at most `body_limit` bytes: an element takes at least 4
    /// bytes (`<a/>`), so the element bound is never the tighter one for a body under the
    /// limit; the memory budget (4× the body, at least 16 MiB) is what stops bodies of
    /// tiny elements, each of which costs ten times its size as a value.
    pub fn for_body_limit(body_limit: usize) -> Limits {
        Limits {
            max_depth: 64,
            max_elements: (body_limit / 4).max(1),
            memory_per_byte: 4,
            memory_floor: 16 << 20,
        }
    }

    /// The memory budget for a body of `len` bytes.
    pub fn memory_budget(&self, len: usize) -> usize {
        len.saturating_mul(self.memory_per_byte)
            .max(self.memory_floor)
    }
}

impl Default for Limits {
    /// The bounds of the default body limit (64 MiB).
    fn default() -> Self {
        Limits::for_body_limit(crate::settings::DEFAULT_BODY_LIMIT)
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
    #[error("Request too large to decode: its values would take more than {} MiB of memory", .0 >> 20)]
    TooLarge(usize),
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
