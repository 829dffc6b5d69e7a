//! Runs a decoded request on a service: the row of the Body's wrapper element (exact name),
//! its parts bound, the key checked as the row says, then the row's handler. Nothing else
//! decides which operation runs.

use chamilo_core::Gateway;

use crate::call::{Call, Outcome};
use crate::codec::Request;
use crate::errors::Fault;
use crate::parts::Parts;
use crate::service::{KeyPolicy, Service};
use crate::settings::SoapSettings;

/// Runs the request's operation of `service`.
pub async fn run(
    service: &Service,
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    request: Request,
) -> Outcome {
    let Some(operation) = service.find(&request.operation) else {
        return Err(Fault::Client(format!(
            "Operation '{}' is not defined in the WSDL for this service",
            request.operation
        )));
    };
    let mut parts = Parts::bind(operation.parts, request.parts)?;
    if operation.key == KeyPolicy::Unshift {
        parts.unshift_key();
    }
    let call = Call {
        gateway,
        settings,
        ip,
        op: operation.name,
        family: operation.family,
        parts,
    };
    match operation.key {
        KeyPolicy::Checked | KeyPolicy::Unshift => call.check_key().await?,
        KeyPolicy::NotChecked => {}
    }
    (operation.handler)(&call).await
}
