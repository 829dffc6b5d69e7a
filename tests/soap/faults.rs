//! Faults of the framework (`crates/soap/src/errors.rs`, `codec`): a body that is not XML and
//! an operation no service has, the sequence's last step (`sequence.rs`; snapshots
//! `snapshots/soap__faults__*.snap`). Hostile and broken requests are `bad_input.rs`.

use crate::common::soap::*;
use crate::common::TestApp;
use crate::sequence::with_key;

snapshot_calls!();

/// The sequence's faults of the framework.
pub async fn of_the_framework(app: &TestApp) {
    let (status, _, body) = post_raw(app, "<not-xml").await;
    assert_eq!(status, 500);
    insta::assert_snapshot!("fault-malformed", body);
    snap(
        app,
        "fault-unknown-operation",
        "WSUser.FlyAway",
        with_key(vec![]),
    )
    .await;
}
