//! The WSDLs the gateway serves and the SOAP encoding schema they import.
//!
//! A service is a template under `wsdl/` plus the path of its endpoint ([`Service`]):
//! [`WS_SERVICE`] (`soap.php`) and [`WS_REGISTRATION`] (`registration.soap.php`).
//!
//! `wsdl/WSService.wsdl` is Chamilo's own WSDL (same service, operations, parts and order) with
//! the corrections of DECISIONS.md so strict clients load it: declared array types for batch
//! parts, `namespace="urn:WSService"` on every `soap:body`, `user_result` as the WSUser batches
//! really emit it, a separate `learnpath` item type for GetLearnpathsByCourse, and a
//! `schemaLocation` on the SOAP encoding import (see [`SoapEncImport`] for why not for everyone).
//! `wsdl/WSRegistration.wsdl` is the WSDL Chamilo 1.11.32 serves for registration.soap.php
//! (names and order kept, misspellings included) with the same corrections: declared `item`
//! elements in its array types, the located SOAP encoding import, an address without
//! `?debug=1`, and no non-schema attributes on `searchedSession`'s elements.
//! Host-dependent URLs are written as `{{BASE_URL}}`, that location as
//! `{{SOAP_ENCODING_LOCATION}}`.

const SOAP_ENCODING_XSD: &str = include_str!("../../../wsdl/soap-encoding.xsd");

/// Placeholder in a template for the public base URL.
const BASE_URL_PLACEHOLDER: &str = "{{BASE_URL}}";

/// The `schemaLocation` attribute of a template's SOAP encoding import, placeholder included.
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

/// `main/webservices/registration.soap.php`.
pub const WS_REGISTRATION: Service = Service {
    name: "WSRegistration",
    endpoint_path: "/main/webservices/registration.soap.php",
    template: include_str!("../../../wsdl/WSRegistration.wsdl"),
};

/// Path of the WSService endpoint below the base URL.
pub const ENDPOINT_PATH: &str = WS_SERVICE.endpoint_path;

/// Every service, for the checks every template must pass.
#[cfg(test)]
const SERVICES: [&Service; 2] = [&WS_SERVICE, &WS_REGISTRATION];

/// How the WSDL imports the SOAP encoding schema (`SOAP-ENC:Array`, `SOAP-ENC:arrayType`).
///
/// No one form suits every client:
/// * zeep resolves a `SOAP-ENC` reference only through an `xsd:import` *with* a
///   `schemaLocation` in the referring schema; without one it fetches
///   `http://schemas.xmlsoap.org/soap/encoding/` and fails on a closed network (an inline copy
///   of the schema or a `wsdl:import` of it is not found: `zeep/xsd/visitor.py`, `_create_qname`
///   and `visit_import`, match imported documents by namespace *and* location).
/// * NuSOAP 0.9.5 (Debian's and Chamilo's bundled copy alike) dies on PHP 8 on any `xsd:import`
///   that has a `schemaLocation`: `wsdl::fetchWSDL` marks it loaded through
///   `$this->schemas[$ns]->imports`, but `$this->schemas[$ns]` is an array of schemas
///   ("Attempt to modify property "imports" on array"; PHP 7 only warned).
///
/// NuSOAP (and PHP's SoapClient) know SOAP-ENC without the schema, so NuSOAP gets the import as
/// Chamilo writes it and everyone else the located one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapEncImport {
    /// `schemaLocation` pointing at the copy this endpoint serves (`?xsd=soap-encoding`).
    Located,
    /// The namespace alone, as Chamilo's own WSDL has it.
    NamespaceOnly,
}

impl SoapEncImport {
    /// The form for a client sending this `User-Agent` (NuSOAP sends `NuSOAP/<version> (…)`).
    pub fn for_user_agent(user_agent: Option<&str>) -> Self {
        let nusoap = user_agent
            .and_then(|ua| ua.get(..7))
            .is_some_and(|p| p.eq_ignore_ascii_case("NuSOAP/"));
        if nusoap {
            SoapEncImport::NamespaceOnly
        } else {
            SoapEncImport::Located
        }
    }
}

impl Service {
    /// The WSDL for a gateway reachable at `base_url` (scheme, host and optional port, e.g.
    /// `http://127.0.0.1:8080`; a trailing slash is ignored).
    pub fn render(&self, base_url: &str, import: SoapEncImport) -> String {
        let mut base = String::with_capacity(base_url.len());
        crate::codec::escape_attr(base_url.trim_end_matches('/'), &mut base);
        let template = match import {
            SoapEncImport::Located => self.template.replace(
                SOAP_ENCODING_LOCATION_PLACEHOLDER,
                &format!(
                    "{BASE_URL_PLACEHOLDER}{}?{SOAP_ENCODING_QUERY}",
                    self.endpoint_path
                ),
            ),
            SoapEncImport::NamespaceOnly => self.template.replace(SOAP_ENCODING_LOCATION_ATTR, ""),
        };
        template.replace(BASE_URL_PLACEHOLDER, &base)
    }

    /// The operation names of the template's portType, in WSDL order (for the description
    /// page: the WSDL is the one list of a service's operations every endpoint has).
    pub fn operations(&self) -> Vec<&'static str> {
        let template = self.template;
        let Some(start) = template.find("<portType ") else {
            return Vec::new();
        };
        let end = template[start..]
            .find("</portType>")
            .map_or(template.len(), |e| start + e);
        template[start..end]
            .split("<operation name=\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
            .collect()
    }
}

/// WSService's WSDL in the form every client but NuSOAP gets ([`Service::render`]).
pub fn render_wsdl(base_url: &str) -> String {
    WS_SERVICE.render(base_url, SoapEncImport::Located)
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

    #[test]
    fn operations_come_from_the_port_type() {
        let ws = WS_SERVICE.operations();
        assert_eq!(ws.len(), 41);
        assert_eq!(ws[0], "WS.test");
        let reg = WS_REGISTRATION.operations();
        assert_eq!(reg.len(), 53);
        assert_eq!(reg[0], "WSCreateUsers");
        assert_eq!(reg[52], "WSRemoveUserVisibilityToCourseInCatalogue");
    }

    #[test]
    fn nusoap_alone_gets_the_import_without_location() {
        for ua in [
            "NuSOAP/0.9.5 (1.123)",
            "NuSOAP/0.7.3 (1.114)",
            "nusoap/0.9.17",
        ] {
            assert_eq!(
                SoapEncImport::for_user_agent(Some(ua)),
                SoapEncImport::NamespaceOnly,
                "{ua}"
            );
        }
        for ua in [
            None,
            Some(""),
            Some("NuSOAP"),
            Some("PHP-SOAP/8.2.36"),
            Some("Zeep/4.3.3 (www.python-zeep.org)"),
            Some("Mozilla/5.0 NuSOAP/0.9.5"),
        ] {
            assert_eq!(
                SoapEncImport::for_user_agent(ua),
                SoapEncImport::Located,
                "{ua:?}"
            );
        }
    }

    #[test]
    fn the_two_forms_differ_by_the_location_alone() {
        let located = WS_SERVICE.render("http://h", SoapEncImport::Located);
        let bare = WS_SERVICE.render("http://h", SoapEncImport::NamespaceOnly);
        let attr = r#" schemaLocation="http://h/main/webservices/soap.php?xsd=soap-encoding""#;
        assert_eq!(located.matches(attr).count(), 1);
        assert_eq!(located.replace(attr, ""), bare);
        assert!(
            bare.contains("<xsd:import namespace=\"http://schemas.xmlsoap.org/soap/encoding/\" />")
        );
        assert!(!bare.contains("schemaLocation") && !bare.contains("{{"));
    }
}
