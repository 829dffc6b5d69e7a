//! What a request was served as: the protocol, the operation or action of its table, and how
//! it ended. Each adapter attaches one [`Served`] to its response; the binary's request
//! middleware, which times every request, counts it (`/metrics`). The adapters know nothing of
//! the metrics, the binary nothing of the operation tables.

use actix_web::HttpResponse;
use std::net::IpAddr;

/// Which web service answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `main/webservices/soap.php` (WSService)
    Soap,
    /// `main/webservices/registration.soap.php` (WSRegistration)
    Registration,
    /// `main/webservices/api/v2.php`
    Rest,
}

impl Protocol {
    pub const ALL: [Protocol; 3] = [Protocol::Soap, Protocol::Registration, Protocol::Rest];

    /// The endpoint's file name, as operators know it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Protocol::Soap => "soap.php",
            Protocol::Registration => "registration.soap.php",
            Protocol::Rest => "v2.php",
        }
    }
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// answered as asked
    Ok,
    /// the caller was not let in: a wrong SOAP key or api key, failed credentials, not
    /// allowed, throttled, web services off
    Refused,
    /// the call was let in and answered an error of its own (unknown record, invalid value,
    /// unreadable request)
    Fault,
    /// the gateway failed (database down): the details are in the log
    Error,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::Ok,
        CallOutcome::Refused,
        CallOutcome::Fault,
        CallOutcome::Error,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Ok => "ok",
            CallOutcome::Refused => "refused",
            CallOutcome::Fault => "fault",
            CallOutcome::Error => "error",
        }
    }
}

/// The operation label of a request whose operation is not in the table (or could not be
/// read): client-chosen names are never labels, so the series stay few.
pub const UNKNOWN_OPERATION: &str = "unknown";

/// One served call, carried in its response's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub protocol: Protocol,
    /// A row name of the protocol's table (`WSUser.CreateUser`, `user_profile`), or
    /// [`UNKNOWN_OPERATION`].
    pub operation: &'static str,
    pub outcome: CallOutcome,
    /// The caller's address, as [`crate::Caller`] computed it.
    pub client: IpAddr,
}

impl Served {
    /// Attaches this call to its response.
    pub fn attach(self, mut res: HttpResponse) -> HttpResponse {
        res.extensions_mut().insert(self);
        res
    }

    /// The call a response was served as, if an adapter attached one.
    pub fn of<B>(res: &HttpResponse<B>) -> Option<Served> {
        res.extensions().get::<Served>().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_carries_its_call() {
        let served = Served {
            protocol: Protocol::Rest,
            operation: "user_profile",
            outcome: CallOutcome::Ok,
            client: IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        };
        let res = served.attach(HttpResponse::Ok().finish());
        assert_eq!(Served::of(&res), Some(served));
        assert_eq!(Served::of(&HttpResponse::Ok().finish()), None);
    }
}
