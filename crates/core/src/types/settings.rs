//! Platform settings stored in the database.

pub const SECURITY_KEY: &str = "security_key";
