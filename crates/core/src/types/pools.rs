//! What a store tells of its database connections, for monitoring.

/// One connection pool's state now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// which pool of the store (`main`; the platform store's `apart` for writes committed
    /// apart from the request's transaction)
    pub name: &'static str,
    /// connections the pool may open
    pub max: u32,
    /// connections open now (in use + idle)
    pub open: u32,
    /// open connections waiting in the pool for a query
    pub idle: u32,
}

impl PoolStats {
    /// Connections a query holds now.
    pub fn in_use(&self) -> u32 {
        self.open.saturating_sub(self.idle)
    }
}
