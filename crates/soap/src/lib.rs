//! SOAP adapter for Chamilo's legacy `main/webservices/soap.php` (WSService).
//!
//! * [`codec`]: request decoding, response and fault encoding (NuSOAP wire format).
//! * [`wsdl`]: the corrected WSDL and the SOAP encoding schema the gateway serves.

pub mod codec;
pub mod http;
pub mod wsdl;
pub use http::{configure, SoapSettings};

pub use codec::{
    decode_request, decode_request_with_charset, encode_fault, encode_response, encode_response_ns,
    DecodeError, Limits, Request, Typed, Value,
};
