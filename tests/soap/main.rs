//! soap.php end to end, one test target (`cargo test --test soap`): the real binary on a
//! fresh database, driven over HTTP as SOAP clients drive it.
//!
//! One module per class of operations, as in `crates/soap/src/ws_service/` (`ws`, `user`,
//! `course`, `session`, `report`): the steps of the one snapshot sequence (`sequence`) that
//! call them, and their other tests. Then the faults of the framework (`faults`), hostile and
//! broken requests (`bad_input`), real clients (`clients`, scripts in `clients/`) and what GET
//! serves (`wsdl`; `registration_wsdl` for registration.soap.php's WSDL and the clients
//! loading it, `registration_clients` for the same clients calling its operations). Snapshots: `snapshots/soap__<module>__<name>.snap`.

#[path = "../common/mod.rs"]
mod common;

/// Defines `snap(app, name, op, parts)` in the module that invokes it: calls `op`, snapshots
/// request and answer under `name`, returns the answer. A macro, not a shared function, so
/// that insta names each snapshot after the module whose step took it.
macro_rules! snapshot_calls {
    () => {
        /// Calls `op`, snapshots request and answer under `name`, returns the answer.
        async fn snap(
            app: &crate::common::TestApp,
            name: &str,
            op: &str,
            parts: Vec<crate::common::soap::P>,
        ) -> String {
            let request = crate::common::soap::envelope(op, &parts);
            let (status, ct, body) = crate::common::soap::post_raw(app, request.clone()).await;
            assert_eq!(ct, "text/xml; charset=utf-8", "{name}");
            insta::assert_snapshot!(
                name.to_string(),
                format!("{request}--- HTTP {status}\n{body}")
            );
            body
        }
    };
}

mod bad_input;
mod clients;
mod course;
mod faults;
mod registration;
mod registration_clients;
mod registration_wsdl;
mod report;
mod sequence;
mod session;
mod user;
mod ws;
mod wsdl;
