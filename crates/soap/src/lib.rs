//! SOAP adapter for Chamilo's legacy `main/webservices/soap.php` (WSService).
//!
//! * [`codec`]: request decoding, response and fault encoding (NuSOAP wire format).
//! * [`wsdl`]: the corrected WSDL and the SOAP encoding schema the gateway serves.
//! * [`http`]: the routes; [`auth`]: caller IP and key; [`dispatch`]: the operation table.
//! * `ws_user`, `ws_course`, `ws_session`, `ws_report`: decode parts, call core, encode.
//! * [`errors`]: the one mapping from core errors to SOAP codes.

pub mod auth;
pub mod call;
pub mod codec;
pub mod dispatch;
pub mod errors;
mod fields;
pub mod http;
pub mod parts;
pub mod settings;
mod ws_course;
mod ws_report;
mod ws_session;
mod ws_user;
pub mod wsdl;

pub use http::configure;
pub use settings::{SoapSettings, DEFAULT_BODY_LIMIT};

pub use codec::{
    decode_request, decode_request_with_charset, encode_fault, encode_response, encode_response_ns,
    DecodeError, Limits, Request, Typed, Value,
};
