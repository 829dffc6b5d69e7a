//! WSCertificatesList (§4.8, 42): no key part. It answers only to callers inside
//! `webservice_allowed_ips`, and with an empty list when there is no such list (DECISIONS). The
//! gateway keeps no gradebook certificates, so the list it answers is empty (never made up).

use crate::auth::inside_allow_list;
use crate::call::{Call, Outcome};
use crate::codec::Typed;

pub async fn certificates_list(call: &Call<'_>) -> Outcome {
    let listed = !call.settings.allowed_ips.is_empty();
    if listed && !inside_allow_list(call.settings, call.ip) {
        return Err(call.bad_key.clone());
    }
    Ok(Some(Typed::Array {
        item_type: "tns:certificateDetails",
        items: Vec::new(),
    }))
}
