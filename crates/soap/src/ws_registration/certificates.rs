//! WSCertificatesList (§4.8, 42): no key part. It answers only to callers inside
//! `webservice_allowed_ips`, and with an empty list when there is no such list (DECISIONS). The
//! gateway keeps no gradebook certificates, so the list it answers is empty (never made up).

use std::net::IpAddr;

use crate::call::{Call, Outcome};
use crate::codec::Typed;

pub async fn certificates_list(call: &Call<'_>) -> Outcome {
    let allowed = &call.settings.allowed_ips;
    if !allowed.is_empty() {
        let inside = call
            .ip
            .parse::<IpAddr>()
            .is_ok_and(|ip| allowed.iter().any(|net| net.contains(&ip)));
        if !inside {
            return Err(call.bad_key.clone());
        }
    }
    Ok(Some(Typed::Array {
        item_type: "tns:certificateDetails",
        items: Vec::new(),
    }))
}
