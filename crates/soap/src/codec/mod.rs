//! SOAP 1.1 rpc/encoded envelope codec for the WSService endpoint.
//!
//! Pure functions over bytes and strings; transport, dispatch and operation
//! binding live elsewhere.

mod decode;
mod encode;
mod fault;
mod limits;
mod parse;
mod request;
mod stream;
mod tree;
mod value;

pub use decode::{decode_request, decode_request_with_charset};
pub use encode::{
    encode_response, encode_response_for, encode_response_ns, encode_response_owned, EncodedArray,
    Typed, SERVICE_NS,
};
pub use fault::encode_fault;
pub use limits::{DecodeError, Limits};
pub use request::Request;
pub use value::{Name, Text, Value};

pub(crate) use encode::escape_into as escape_attr;
