//! services (being written)
pub struct NewUser;
pub struct UserPatch;
