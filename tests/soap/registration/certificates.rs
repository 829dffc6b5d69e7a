//! WSRegistration end to end: WSCertificatesList (`crates/soap/src/ws_registration/`).

use super::*;

/// WSCertificatesList takes no key: without `webservice_allowed_ips` it answers an empty list,
/// with one it answers only callers inside it; the gateway keeps no certificates (empty list).
#[tokio::test]
async fn certificates_list_needs_no_key_but_the_allow_list() {
    let request = || {
        call("WSCertificatesList", "startingDate", "xsd:string", &[]).replace(
            "<startingDate xsi:type=\"ns1:xsd:string\"></startingDate>",
            "<startingDate xsi:type=\"xsd:string\">2020-01-01</startingDate>\
                 <endingDate xsi:type=\"xsd:string\"></endingDate>",
        )
    };
    let app = spawn_app().await;
    let body = snap_raw(&app, "WSCertificatesList", request()).await;
    assert!(
        body.contains("SOAP-ENC:arrayType=\"tns:certificateDetails[0]\""),
        "{body}"
    );
    let inside = crate::common::start_on_sqlite(&[("GATEWAY_WEBSERVICE_ALLOWED_IPS", "127.0.0.1")]);
    let body = post_to(&inside, REGISTRATION, request()).await.2;
    assert!(body.contains("tns:certificateDetails[0]"), "{body}");
    let outside =
        crate::common::start_on_sqlite(&[("GATEWAY_WEBSERVICE_ALLOWED_IPS", "10.0.0.0/8")]);
    let body = post_to(&outside, REGISTRATION, request()).await.2;
    assert_eq!(fault_of(&body).0, "Server");
}
