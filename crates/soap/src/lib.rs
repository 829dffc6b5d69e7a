//! SOAP adapter for Chamilo's legacy `main/webservices/soap.php` (WSService).
//!
//! Imports only go down this list:
//! * [`http`]: the routes; hands a decoded request and the caller's address to [`dispatch`].
//! * [`dispatch`]: finds the request's row in a [`service::Service`] table, binds its parts,
//!   checks the key as the row says and runs the row's handler.
//! * [`ws_service`]: WSService's table (one row per operation) and its handlers, one module
//!   per Chamilo class; a handler decodes its parts, calls the core once, encodes the answer.
//! * [`service`]: what a table row is (name, parts, key policy, error family, handler).
//! * [`call`]: the call a handler gets (gateway, caller, parts), the key check, error mapping.
//! * [`parts`]: binding sent parts to the WSDL's names and checking their shapes (for
//!   registration.soap.php by the types of its WSDL: [`member_shapes`]); [`auth`]: caller IP
//!   and key;
//!   [`settings`]: what the binary configures.
//! * [`errors`]: the one mapping from core errors to SOAP codes; `fields`: loose reads.
//! * [`codec`]: request decoding, response and fault encoding (NuSOAP wire format);
//!   [`wsdl`]: the corrected WSDL and the SOAP encoding schema the gateway serves.

pub mod auth;
pub mod call;
pub mod codec;
pub mod dispatch;
pub mod errors;
mod fields;
pub mod http;
pub mod member_shapes;
pub mod parts;
pub mod service;
pub mod settings;
pub mod ws_registration;
pub mod ws_service;
pub mod wsdl;

pub use http::configure;
pub use settings::{SoapSettings, DEFAULT_BODY_LIMIT};

pub use codec::{
    decode_request, decode_request_with_charset, encode_fault, encode_response, encode_response_ns,
    DecodeError, Limits, Request, Typed, Value,
};
