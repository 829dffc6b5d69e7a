//! What a SOAP service is to the gateway: a name and a table with one row per operation.
//! WSService (soap.php) is one such table; another service is another table, served by the
//! same dispatch.

use std::future::Future;
use std::pin::Pin;

use crate::call::{Call, Outcome};
use crate::errors::{Family, Fault};
use crate::parts::PartShapes;

/// An operation's future, boxed so that every row holds the same plain function pointer.
pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;
pub type Handler = for<'a> fn(&'a Call<'a>) -> HandlerFuture<'a>;

/// How an operation finds and checks the caller's key before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPolicy {
    /// `secret_key` must be `sha1(caller ip + security key)`.
    Checked,
    /// As `Checked`, but the key may also come last (GetTimeSpent*, Q-R1): clients written
    /// against the original's shifted implementation send the identifiers from the first part
    /// on. The parts are put back in WSDL order first.
    Unshift,
    /// No key (`WS.test`, `WSReport.test`).
    NotChecked,
    /// The key is the first part's `secret_key` member, or the first part itself when that is
    /// a bare value (registration.soap.php, whose operations take one struct part).
    Member,
    /// As `Member`, but a refused key answers an empty array of this item type instead of the
    /// service's fault (WSEditCourseDescription: the original returns `-1` there, which its
    /// SOAP library writes as an empty array; kept, DECISIONS).
    MemberOrEmptyArray(&'static str),
}

/// One operation: everything dispatch needs to run it.
pub struct Operation {
    /// `Class.Method`, as the Body's wrapper element names it (exact, case included).
    pub name: &'static str,
    /// Input parts in WSDL order.
    pub parts: &'static [&'static str],
    pub key: KeyPolicy,
    /// How its core errors map to codes; `None` where no one family fits: CreateUser(s) pick
    /// theirs per input (was a hash sent?), the tests cannot fail.
    pub family: Option<Family>,
    pub handler: Handler,
    /// The handler as written in the row, for the test that each row runs its own operation.
    #[cfg(test)]
    pub handler_path: &'static str,
}

pub struct Service {
    pub name: &'static str,
    /// The WSDL's target namespace: the `tns:` of the types its answers carry.
    pub namespace: &'static str,
    /// Every operation, in WSDL order.
    pub operations: &'static [Operation],
    pub part_shapes: PartShapes,
    /// The fault a wrong key answers.
    pub bad_key: Fault,
    /// Whether `SoapSettings::allowed_ips` governs this service's key (registration.soap.php).
    pub allow_list: bool,
}

impl Service {
    /// The operation of this exact name.
    pub fn find(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
}

/// An [`Operation`] row: name, parts, key policy (a [`KeyPolicy`] variant, with its argument in
/// parentheses if it has one), family, and the
/// `async fn(&Call) -> Outcome` that runs it, wrapped into a [`Handler`].
macro_rules! operation {
    ($name:literal, $parts:expr, $key:ident $(($key_arg:expr))?, $family:expr, $handler:path $(,)?) => {
        $crate::service::Operation {
            name: $name,
            parts: $parts,
            key: $crate::service::KeyPolicy::$key $(($key_arg))?,
            family: $family,
            handler: {
                fn run<'a>(call: &'a $crate::call::Call<'a>) -> $crate::service::HandlerFuture<'a> {
                    Box::pin($handler(call))
                }
                run
            },
            #[cfg(test)]
            handler_path: stringify!($handler),
        }
    };
}
pub(crate) use operation;
