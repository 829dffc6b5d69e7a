//! soap adapter (in progress).
