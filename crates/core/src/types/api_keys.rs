//! Per-user api keys (`user_api_key`).

/// The service name the REST API uses.
pub const REST_SERVICE: &str = "MsgREST";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub user_id: i64,
    pub api_key: String,
    pub api_service: String,
}
