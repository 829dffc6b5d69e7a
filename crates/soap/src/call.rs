//! One call on its way through an operation: who asks, which operation, with which parts;
//! what it answers; the key check and error mapping every handler shares.

use chamilo_core::Gateway;

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
    pub op: &'static str,
    pub parts: Parts,
}

impl Call<'_> {
    /// Checks the `secret_key` part.
    pub async fn check_key(&self) -> Result<(), Fault> {
        self.check_this_key(&self.parts.text("secret_key")).await
    }

    /// Checks a key; an accepted call leaves its audit row (`access_ws_<Service.Operation>`,
    /// no acting user, the caller's address as the value). Recording never fails the call.
    pub async fn check_this_key(&self, key: &str) -> Result<(), Fault> {
        auth::check_key(self.gateway, self.settings, self.ip, key).await?;
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

    /// Logs a core error and maps it for this operation's family.
    pub fn fail(&self, family: Family, err: chamilo_core::CoreError) -> Fault {
        errors::log(self.op, &err);
        errors::map(family, &err)
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
