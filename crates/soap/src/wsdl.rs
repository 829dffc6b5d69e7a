//! The WSDLs the gateway serves and the SOAP encoding schema they import.
//!
//! A service is a template under `wsdl/` plus the path of its endpoint ([`Service`]); a second
//! service (e.g. `registration.soap.php`) is one more template and one more constant.
//!
//! `wsdl/WSService.wsdl` is Chamilo's own WSDL (same service, operations, parts and order) with
//! the corrections of DECISIONS.md so strict clients load it: declared array types for batch
//! parts, `namespace="urn:WSService"` on every `soap:body`, `user_result` as the WSUser batches
//! really emit it, a separate `learnpath` item type for GetLearnpathsByCourse, and a
//! `schemaLocation` on the SOAP encoding import (a copy served by the gateway itself, for closed
//! networks).
//! Host-dependent URLs are written as `{{BASE_URL}}`, that location as
//! `{{SOAP_ENCODING_LOCATION}}`.

const SOAP_ENCODING_XSD: &str = include_str!("../../../wsdl/soap-encoding.xsd");

/// Placeholder in a template for the public base URL.
const BASE_URL_PLACEHOLDER: &str = "{{BASE_URL}}";

/// The `schemaLocation` attribute of a template's SOAP encoding import, placeholder included.
#[cfg(test)]
const SOAP_ENCODING_LOCATION_ATTR: &str = r#" schemaLocation="{{SOAP_ENCODING_LOCATION}}""#;
const SOAP_ENCODING_LOCATION_PLACEHOLDER: &str = "{{SOAP_ENCODING_LOCATION}}";

/// Query string under which an endpoint serves [`soap_encoding_xsd`].
pub const SOAP_ENCODING_QUERY: &str = "xsd=soap-encoding";

/// A SOAP service whose WSDL the gateway serves at `{endpoint_path}?wsdl`.
#[derive(Debug)]
pub struct Service {
    /// `<service name="…">` in the WSDL.
    pub name: &'static str,
    /// Path of the endpoint below the base URL.
    pub endpoint_path: &'static str,
    template: &'static str,
}

/// `main/webservices/soap.php`.
pub const WS_SERVICE: Service = Service {
    name: "WSService",
    endpoint_path: "/main/webservices/soap.php",
    template: include_str!("../../../wsdl/WSService.wsdl"),
};

/// Path of the WSService endpoint below the base URL.
pub const ENDPOINT_PATH: &str = WS_SERVICE.endpoint_path;

/// Every service, for the checks every template must pass.
#[cfg(test)]
const SERVICES: [&Service; 1] = [&WS_SERVICE];

impl Service {
    /// The WSDL for a gateway reachable at `base_url` (scheme, host and optional port, e.g.
    /// `http://127.0.0.1:8080`; a trailing slash is ignored).
    pub fn render(&self, base_url: &str) -> String {
        let mut base = String::with_capacity(base_url.len());
        crate::codec::escape_attr(base_url.trim_end_matches('/'), &mut base);
        let location = format!(
            "{BASE_URL_PLACEHOLDER}{}?{SOAP_ENCODING_QUERY}",
            self.endpoint_path
        );
        self.template
            .replace(SOAP_ENCODING_LOCATION_PLACEHOLDER, &location)
            .replace(BASE_URL_PLACEHOLDER, &base)
    }
}

/// WSService's WSDL ([`Service::render`]).
pub fn render_wsdl(base_url: &str) -> String {
    WS_SERVICE.render(base_url)
}

/// The SOAP 1.1 encoding schema served at `?xsd=soap-encoding`.
pub fn soap_encoding_xsd() -> &'static str {
    SOAP_ENCODING_XSD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_one_soap_encoding_location() {
        for service in SERVICES {
            assert_eq!(
                service
                    .template
                    .matches(SOAP_ENCODING_LOCATION_ATTR)
                    .count(),
                1,
                "{}",
                service.name
            );
            assert_eq!(
                service
                    .template
                    .matches(SOAP_ENCODING_LOCATION_PLACEHOLDER)
                    .count(),
                1,
                "{}",
                service.name
            );
            assert!(service
                .template
                .contains(&format!("<service name=\"{}\">", service.name)));
        }
    }
}
