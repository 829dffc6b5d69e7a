//! The WSDL served at `soap.php?wsdl` and the SOAP encoding schema it imports.
//!
//! `wsdl/WSService.wsdl` is Chamilo's own WSDL (same service, operations, parts
//! and order) with the corrections of DECISIONS.md so strict clients load it:
//! declared array types for batch parts, `namespace="urn:WSService"` on every
//! `soap:body`, a `schemaLocation` for the SOAP encoding schema (served by the
//! gateway itself, for closed networks), `user_result` as the WSUser batches
//! really emit it, and a separate `learnpath` item type for GetLearnpathsByCourse.
//! Host-dependent URLs are written as `{{BASE_URL}}`.

const WSDL_TEMPLATE: &str = include_str!("../../../wsdl/WSService.wsdl");
const SOAP_ENCODING_XSD: &str = include_str!("../../../wsdl/soap-encoding.xsd");

/// Placeholder in the template for the public base URL.
const BASE_URL_PLACEHOLDER: &str = "{{BASE_URL}}";

/// Path of the endpoint below the base URL.
pub const ENDPOINT_PATH: &str = "/main/webservices/soap.php";

/// Query string under which the endpoint serves [`soap_encoding_xsd`].
pub const SOAP_ENCODING_QUERY: &str = "xsd=soap-encoding";

/// The WSDL for a gateway reachable at `base_url` (scheme, host and optional port,
/// e.g. `http://127.0.0.1:8080`; a trailing slash is ignored). The endpoint
/// address is `{base_url}/main/webservices/soap.php`.
pub fn render_wsdl(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut escaped = String::with_capacity(base.len());
    crate::codec::escape_attr(base, &mut escaped);
    WSDL_TEMPLATE.replace(BASE_URL_PLACEHOLDER, &escaped)
}

/// The SOAP 1.1 encoding schema served at `soap.php?xsd=soap-encoding`.
pub fn soap_encoding_xsd() -> &'static str {
    SOAP_ENCODING_XSD
}
