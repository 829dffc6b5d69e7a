//! rest adapter (in progress).
