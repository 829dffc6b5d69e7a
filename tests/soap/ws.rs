//! WS, the service's own operations (`crates/soap/src/ws_service/ws.rs`): the sequence's step
//! (`sequence.rs`; snapshots `snapshots/soap__ws__*.snap`).

use crate::common::TestApp;

snapshot_calls!();

/// `WS.test`, the sequence's first call.
pub async fn test_operation(app: &TestApp) {
    snap(app, "WS.test", "WS.test", vec![]).await;
}
