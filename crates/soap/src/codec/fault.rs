//! SOAP Fault serialization, shaped exactly like NuSOAP's (soap.md §6.1): the
//! namespace declarations each on their own line, a newline after the Envelope
//! start tag, then four typed children with empty `faultactor` and `detail`.

use super::encode::{
    escape_into, ENVELOPE_CLOSE, ENVELOPE_OPEN, NS_SOAP_ENC, NS_SOAP_ENV, NS_XSD, NS_XSI,
};

/// Fault envelope. `code` is written verbatim after escaping: the bare
/// application code (`"1"`, `"100"`…) or a framework code such as `"Client"`.
pub fn encode_fault(code: &str, message: &str) -> String {
    let mut out = String::with_capacity(640);
    out.push_str(ENVELOPE_OPEN);
    for ns in [NS_SOAP_ENV, NS_XSD, NS_XSI, NS_SOAP_ENC] {
        out.push_str("\n  ");
        out.push_str(ns);
    }
    out.push_str(">\n<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode xsi:type=\"xsd:string\">");
    escape_into(code, &mut out);
    out.push_str("</faultcode><faultactor xsi:type=\"xsd:string\"></faultactor><faultstring xsi:type=\"xsd:string\">");
    escape_into(message, &mut out);
    out.push_str("</faultstring><detail xsi:type=\"xsd:string\"></detail></SOAP-ENV:Fault>");
    out.push_str(ENVELOPE_CLOSE);
    out
}
