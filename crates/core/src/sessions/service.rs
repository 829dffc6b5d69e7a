//! services (being written)
pub struct NewSession;
pub struct SessionPatch;
