//! One call on its way through an operation: who asks, which operation, with which parts;
//! what it answers; the key check and the error mapping every handler shares.

use std::cell::Cell;

use chamilo_core::{CoreError, CoreResult, Gateway};

use crate::auth;
use crate::codec::Typed;
use crate::errors::{self, Code, Family, Fault};
use crate::fields::Fields;
use crate::parts::Parts;
use crate::settings::SoapSettings;

/// What an operation answers: its `return` part (None for void operations) or a fault.
pub type Outcome = Result<Option<Typed>, Fault>;

/// One call on its way through: who asks, which operation, with which parts.
pub struct Call<'a> {
    pub gateway: &'a Gateway,
    pub settings: &'a SoapSettings,
    pub ip: &'a str,
    /// The public base URL without a trailing slash (the edge's `Caller::base_url`): what
    /// answers build their links on.
    pub base_url: &'a str,
    pub op: &'static str,
    /// The operation's error family (see `Operation::family`).
    pub family: Option<Family>,
    /// What a wrong key answers on this call's service.
    pub bad_key: &'a Fault,
    /// Whether the allow-list governs this service's key.
    pub allow_list: bool,
    pub parts: Parts,
    /// Set when a core error of this call was the store's (database down), whatever code the
    /// wire then carries: the edge counts the call as the gateway's error.
    pub storage_failed: Cell<bool>,
}

impl Call<'_> {
    /// Checks the `secret_key` part; an accepted call leaves its audit row
    /// (`access_ws_<Service.Operation>`, no acting user, the caller's address as the value).
    /// Recording never fails the call.
    pub async fn check_key(&self) -> Result<(), Fault> {
        self.check_this_key(&self.parts.text("secret_key")).await
    }

    /// Checks `key` as [`Call::check_key`] does.
    pub async fn check_this_key(&self, key: &str) -> Result<(), Fault> {
        let rule = auth::KeyRule {
            allow_list: self.allow_list,
            bad_key: self.bad_key,
        };
        auth::check_key(self.gateway, self.settings, self.ip, key, rule).await?;
        self.gateway
            .record_audit(chamilo_core::audit::AuditEntry {
                action: self.op,
                value_type: "ip",
                value: self.ip,
                ..Default::default()
            })
            .await;
        Ok(())
    }

    /// The operation's error family. Operations without one map per input (the `_as` forms).
    fn family(&self) -> Family {
        debug_assert!(self.family.is_some(), "{} has no error family", self.op);
        self.family.unwrap_or(Family::Plain)
    }

    /// Logs a core error and maps it for this operation's family.
    pub fn fail(&self, err: CoreError) -> Fault {
        self.fail_as(self.family(), err)
    }

    pub fn fail_as(&self, family: Family, err: CoreError) -> Fault {
        self.note(&err);
        errors::log(self.op, &err);
        errors::map(family, &err)
    }

    /// A batch item's code for this operation's family; a failed item is logged.
    pub fn item_code(&self, res: &CoreResult<()>) -> Code {
        self.item_code_as(self.family(), res)
    }

    pub fn item_code_as(&self, family: Family, res: &CoreResult<()>) -> Code {
        if let Err(e) = res {
            self.note(e);
            errors::log(self.op, e);
        }
        errors::item_code(family, res)
    }

    fn note(&self, err: &CoreError) {
        if matches!(err, CoreError::Storage(_)) {
            self.storage_failed.set(true);
        }
    }
}

/// A batch item's `result` struct.
pub fn result_struct(code: Code) -> Typed {
    Typed::Struct {
        type_name: "tns:result",
        members: vec![
            ("code", Typed::Int(code.0)),
            ("message", Typed::Str(code.1.into())),
        ],
    }
}
