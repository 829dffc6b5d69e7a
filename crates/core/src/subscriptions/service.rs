//! services (being written)
