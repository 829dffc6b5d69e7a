//! Per-user api keys (`user_api_key`).

/// The service name the REST API uses.
pub const REST_SERVICE: &str = "MsgREST";

/// The service name registration.soap.php's WSUpdateUserApiKey hands keys out for (Chamilo's
/// default service): not the REST one, so such a key does not open v2.php.
pub const DOKEOS_SERVICE: &str = "dokeos";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub user_id: i64,
    pub api_key: String,
    pub api_service: String,
}
