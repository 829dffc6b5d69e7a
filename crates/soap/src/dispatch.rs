//! Runs a decoded request on a service: the row of the Body's wrapper element (exact name),
//! its parts bound, the key checked as the row says, then the row's handler. Nothing else
//! decides which operation runs.

use chamilo_core::Gateway;
use chamilo_edge::served::UNKNOWN_OPERATION;
use chamilo_edge::{CallOutcome, Caller};

use crate::call::{Call, Outcome};
use crate::codec::{Request, Typed};
use crate::errors::Fault;
use crate::parts::Parts;
use crate::service::{KeyPolicy, Operation, Service};
use crate::settings::SoapSettings;

/// Runs the request's operation of `service` for `caller`.
pub async fn run(
    service: &Service,
    gateway: &Gateway,
    settings: &SoapSettings,
    caller: &Caller,
    request: Request,
) -> Outcome {
    answer(service, gateway, settings, caller, request)
        .await
        .outcome
}

/// One call's answer, with what the edge counts of it.
pub struct Answer {
    pub outcome: Outcome,
    /// The row's name, or `UNKNOWN_OPERATION` when no row has the requested name.
    pub operation: &'static str,
    pub verdict: CallOutcome,
}

/// As [`run`], telling which row ran and how the call ended: a refused key (or a locked-out
/// address) is `Refused`, also where the row answers it with an empty array; a failure of the
/// store is `Error` whatever code or item code the wire carries, and so is a `Server` fault;
/// any other fault is `Fault`.
pub async fn answer(
    service: &Service,
    gateway: &Gateway,
    settings: &SoapSettings,
    caller: &Caller,
    request: Request,
) -> Answer {
    let Some(operation) = service.find(&request.operation) else {
        let fault = Fault::Client(format!(
            "Operation '{}' is not defined in the WSDL for this service",
            request.operation
        ));
        return Answer {
            outcome: Err(fault),
            operation: UNKNOWN_OPERATION,
            verdict: CallOutcome::Fault,
        };
    };
    let (outcome, seen) = run_row(service, operation, gateway, settings, caller, request).await;
    let verdict = match &outcome {
        _ if seen == Seen::KeyRefused => CallOutcome::Refused,
        _ if seen == Seen::StorageFailed => CallOutcome::Error,
        Ok(_) => CallOutcome::Ok,
        Err(Fault::Server) => CallOutcome::Error,
        Err(_) => CallOutcome::Fault,
    };
    Answer {
        outcome,
        operation: operation.name,
        verdict,
    }
}

/// What the answer alone does not tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Nothing,
    KeyRefused,
    StorageFailed,
}

/// Binds the parts, checks the key as the row says, runs the handler.
async fn run_row(
    service: &Service,
    operation: &Operation,
    gateway: &Gateway,
    settings: &SoapSettings,
    caller: &Caller,
    request: Request,
) -> (Outcome, Seen) {
    let mut parts = match Parts::bind(
        operation.name,
        operation.parts,
        request.parts,
        service.part_shapes,
    ) {
        Ok(parts) => parts,
        Err(fault) => return (Err(fault), Seen::Nothing),
    };
    if operation.key == KeyPolicy::Unshift {
        parts.unshift_key();
    }
    let call = Call {
        gateway,
        settings,
        ip: &caller.ip,
        base_url: caller.base_url(),
        op: operation.name,
        family: operation.family,
        bad_key: &service.bad_key,
        allow_list: service.allow_list,
        parts,
        storage_failed: Default::default(),
    };
    let checked = match operation.key {
        KeyPolicy::Checked | KeyPolicy::Unshift => call.check_key().await,
        KeyPolicy::Member => call.check_this_key(&call.parts.member_key()).await,
        KeyPolicy::MemberOrEmptyArray(item_type) => {
            match call.check_this_key(&call.parts.member_key()).await {
                // a refused key only: failing to read the security key stays a fault
                Err(fault) if fault == *call.bad_key => {
                    let empty = Typed::Array {
                        item_type,
                        items: Vec::new(),
                    };
                    return (Ok(Some(empty)), Seen::KeyRefused);
                }
                res => res,
            }
        }
        KeyPolicy::NotChecked => Ok(()),
    };
    match checked {
        Ok(()) => {
            let outcome = (operation.handler)(&call).await;
            let seen = match call.storage_failed.get() {
                true => Seen::StorageFailed,
                false => Seen::Nothing,
            };
            (outcome, seen)
        }
        Err(fault) if fault == *call.bad_key => (Err(fault), Seen::KeyRefused),
        Err(fault) => (Err(fault), Seen::Nothing),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use chamilo_core::passwords::{sha1_hex, Hasher};
    use chamilo_store::testing::{fresh_sqlite, TestDatabase};

    use super::*;
    use crate::codec::{Typed, Value};
    use crate::errors::BAD_KEY;
    use crate::service::{operation, Operation};
    use crate::ws_service::SERVICE;

    const SECURITY_KEY: &str = "dispatch-test-key";
    const IP: &str = "192.0.2.7";

    fn caller(ip: &str) -> Caller {
        Caller {
            ip: ip.into(),
            addr: ip.parse().unwrap(),
            web_path: "http://localhost/".into(),
        }
    }

    /// A gateway whose database is never migrated: a call that got past the key check or
    /// into a handler that reads would fail loudly instead of answering.
    async fn gateway() -> (TestDatabase, Gateway) {
        let db = fresh_sqlite();
        let store = chamilo_store::connect(&db.url, &Default::default())
            .await
            .expect("the test database opens");
        let gateway = Gateway::new(Arc::new(store), Hasher::Standalone { bcrypt_cost: 4 });
        (db, gateway)
    }

    fn settings() -> SoapSettings {
        SoapSettings {
            security_key: Some(SECURITY_KEY.into()),
            ..SoapSettings::default()
        }
    }

    fn request(operation: &str, parts: Vec<(String, Value)>) -> Request {
        Request {
            operation: operation.into(),
            namespace: Some("urn:WSService".into()),
            parts,
        }
    }

    fn unknown(name: &str) -> Fault {
        Fault::Client(format!(
            "Operation '{name}' is not defined in the WSDL for this service"
        ))
    }

    static HANDLER_RUNS: AtomicUsize = AtomicUsize::new(0);

    async fn counted(_: &Call<'_>) -> Outcome {
        HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
        Ok(None)
    }

    /// A service whose one operation counts its runs.
    static PROBE: Service = Service {
        name: "Probe",
        namespace: "urn:Probe",
        operations: &[operation!(
            "WSUser.CreateUser",
            &[],
            NotChecked,
            None,
            counted
        )],
        part_shapes: crate::parts::PartShapes::WsService,
        bad_key: Fault::App(BAD_KEY),
        allow_list: false,
    };

    const UNKNOWN: [&str; 7] = [
        "WSUser.Nope",
        "WSUser.createuser",
        "WSUser.CreateUser ",
        "WSUser.",
        "CreateUser",
        "WSNope.Test",
        "",
    ];

    #[tokio::test]
    async fn unknown_operations_never_reach_a_handler() {
        let (_db, gw) = gateway().await;
        let settings = settings();
        for name in UNKNOWN {
            let res = run(&PROBE, &gw, &settings, &caller(IP), request(name, vec![])).await;
            assert_eq!(res, Err(unknown(name)), "{name:?}");
            let res = run(&SERVICE, &gw, &settings, &caller(IP), request(name, vec![])).await;
            assert_eq!(res, Err(unknown(name)), "{name:?}");
        }
        assert_eq!(HANDLER_RUNS.load(Ordering::SeqCst), 0);
        let known = request("WSUser.CreateUser", vec![]);
        assert_eq!(
            run(&PROBE, &gw, &settings, &caller(IP), known).await,
            Ok(None)
        );
        assert_eq!(HANDLER_RUNS.load(Ordering::SeqCst), 1);
    }

    fn every_part(operation: &Operation, secret_key: &str) -> Vec<(String, Value)> {
        operation
            .parts
            .iter()
            .map(|name| {
                let value = match *name {
                    "secret_key" => Value::Str(secret_key.into()),
                    "users" | "courses" | "extras" => Value::Nil,
                    _ => Value::Str("".into()),
                };
                (name.to_string(), value)
            })
            .collect()
    }

    /// Every row checks the key before its handler runs, except the two tests, which answer
    /// their own greeting; a wrong key anywhere a key may be is refused.
    #[tokio::test]
    async fn every_row_checks_its_key_first() {
        let (_db, gw) = gateway().await;
        let settings = settings();
        let wrong = "0".repeat(40);
        for o in SERVICE.operations {
            let res = run(
                &SERVICE,
                &gw,
                &settings,
                &caller(IP),
                request(o.name, every_part(o, &wrong)),
            )
            .await;
            let expected = match o.name {
                "WS.test" => Ok(Some(Typed::Str("success".into()))),
                "WSReport.test" => Ok(Some(Typed::Str("Hello world!".into()))),
                _ => Err(Fault::App(BAD_KEY)),
            };
            assert_eq!(res, expected, "{}", o.name);
        }
        // GetTimeSpent*: the key the original's shifted callers send last is checked too
        let right = sha1_hex(&format!("{IP}{SECURITY_KEY}"));
        for o in SERVICE
            .operations
            .iter()
            .filter(|o| o.key == KeyPolicy::Unshift)
        {
            let shifted = |key: &str| {
                let mut parts = every_part(o, "chamilo_user_id");
                parts.last_mut().unwrap().1 = Value::Str(key.into());
                request(o.name, parts)
            };
            let res = run(&SERVICE, &gw, &settings, &caller(IP), shifted(&wrong)).await;
            assert_eq!(res, Err(Fault::App(BAD_KEY)), "{} shifted", o.name);
            let res = run(&SERVICE, &gw, &settings, &caller(IP), shifted(&right)).await;
            assert_ne!(res, Err(Fault::App(BAD_KEY)), "{} shifted", o.name);
            // the right key of another address is wrong here
            let parts = every_part(o, &right);
            let res = run(
                &SERVICE,
                &gw,
                &settings,
                &caller("192.0.2.8"),
                request(o.name, parts),
            )
            .await;
            assert_eq!(res, Err(Fault::App(BAD_KEY)), "{} other address", o.name);
        }
    }

    /// registration.soap.php checks its members' shapes where soap.php checks its parts':
    /// before the key, so a compound key member is the Client fault whatever the key, in
    /// every row whose part declares one (also where a refused key answers an empty array).
    #[tokio::test]
    async fn registration_shapes_are_checked_before_the_key() {
        let (_db, gw) = gateway().await;
        let settings = settings();
        let service = &crate::ws_registration::SERVICE;
        let types = &*crate::member_shapes::REGISTRATION;
        let mut checked = 0;
        for o in service.operations {
            let part = &types.parts(o.name).unwrap()[0];
            let crate::member_shapes::Kind::Struct(_, members) = types.kind(&part.ty) else {
                continue;
            };
            if !members.iter().any(|m| m.name == "secret_key") {
                continue;
            }
            let key = Value::Array(vec![Value::Str("0".repeat(40).into())].into());
            let part_value = Value::Struct(vec![("secret_key".into(), key)].into());
            let req = request(o.name, vec![(part.name.clone(), part_value)]);
            let res = answer(service, &gw, &settings, &caller(IP), req).await;
            let text = format!(
                "Member 'secret_key' of '{}' must be a simple value (xsd:string)",
                part.name
            );
            assert_eq!(res.outcome, Err(Fault::Client(text)), "{}", o.name);
            assert_eq!(res.verdict, CallOutcome::Fault, "{}", o.name);
            checked += 1;
        }
        assert_eq!(
            checked,
            service.operations.len() - 1,
            "all but WSCertificatesList"
        );
    }

    /// What the edge counts of each call: the row's name (or `unknown`) and how it ended.
    #[tokio::test]
    async fn each_answer_says_how_the_call_ended() {
        let (_db, gw) = gateway().await;
        let settings = SoapSettings {
            throttle: chamilo_edge::Throttle::new(chamilo_edge::ThrottleSettings {
                max_failures: 2,
                window: std::time::Duration::from_secs(60),
            }),
            ..settings()
        };
        let right = sha1_hex(&format!("{IP}{SECURITY_KEY}"));
        let disable = |key: &str| {
            let part = |name: &str, value: &str| (name.to_owned(), Value::Str(value.into()));
            request(
                "WSUser.DisableUser",
                vec![
                    part("secret_key", key),
                    part("user_id_field_name", "chamilo_user_id"),
                    part("user_id_value", "1"),
                ],
            )
        };
        let seen = |a: Answer| (a.operation, a.verdict);
        let me = caller(IP);
        let run = |service, req| answer(service, &gw, &settings, &me, req);
        let test = request("WS.test", vec![]);
        assert_eq!(
            seen(run(&SERVICE, test).await),
            ("WS.test", CallOutcome::Ok)
        );
        let nope = request("WSUser.Nope", vec![]);
        assert_eq!(
            seen(run(&SERVICE, nope).await),
            ("unknown", CallOutcome::Fault)
        );
        // the database is not migrated: the store fails, whatever code the wire carries
        let failed = run(&SERVICE, disable(&right)).await;
        assert!(failed.outcome.is_err());
        assert_eq!(seen(failed), ("WSUser.DisableUser", CallOutcome::Error));
        let wrong = "0".repeat(40);
        let refused = run(&SERVICE, disable(&wrong)).await;
        assert_eq!(refused.outcome, Err(Fault::App(BAD_KEY)));
        assert_eq!(seen(refused), ("WSUser.DisableUser", CallOutcome::Refused));
        let probe = request(
            "WSProbe",
            vec![(
                "probe".into(),
                Value::Struct(
                    vec![("secret_key".into(), Value::Str(wrong.as_str().into()))].into(),
                ),
            )],
        );
        let empty = run(&EMPTY_ON_BAD_KEY, probe).await;
        assert!(empty.outcome.is_ok());
        assert_eq!(seen(empty), ("WSProbe", CallOutcome::Refused));
        // two wrong keys lock the address out: its right key is then refused unchecked
        let locked = run(&SERVICE, disable(&right)).await;
        assert_eq!(locked.outcome, Err(Fault::App(BAD_KEY)));
        assert_eq!(locked.verdict, CallOutcome::Refused);
        let other = answer(
            &SERVICE,
            &gw,
            &settings,
            &caller("192.0.2.8"),
            disable(&wrong),
        )
        .await;
        assert_eq!(other.verdict, CallOutcome::Refused);
        let stats = settings.throttle.stats(chamilo_edge::Secret::SoapKey);
        assert_eq!((stats.failures, stats.refused, stats.lockouts), (3, 1, 1));
    }

    /// A service whose one operation finds its key in its struct part and answers a refused
    /// key with an empty array; the handler runs only for the right key.
    static EMPTY_ON_BAD_KEY: Service = Service {
        name: "Probe",
        namespace: "urn:Probe",
        operations: &[operation!(
            "WSProbe",
            &["probe"],
            MemberOrEmptyArray("tns:probe_row"),
            None,
            answers_one
        )],
        part_shapes: crate::parts::PartShapes::Unchecked,
        bad_key: Fault::Named("Server", "bad key"),
        allow_list: false,
    };

    async fn answers_one(_: &Call<'_>) -> Outcome {
        Ok(Some(Typed::Str("1".into())))
    }

    #[tokio::test]
    async fn a_refused_key_can_answer_an_empty_array() {
        let (_db, gw) = gateway().await;
        let settings = settings();
        let probe = |key: &str| {
            let part = Value::Struct(vec![("secret_key".into(), Value::Str(key.into()))].into());
            request("WSProbe", vec![("probe".into(), part)])
        };
        let res = run(
            &EMPTY_ON_BAD_KEY,
            &gw,
            &settings,
            &caller(IP),
            probe(&"0".repeat(40)),
        )
        .await;
        let empty = Typed::Array {
            item_type: "tns:probe_row",
            items: Vec::new(),
        };
        assert_eq!(res, Ok(Some(empty)));
        let right = sha1_hex(&format!("{IP}{SECURITY_KEY}"));
        let res = run(
            &EMPTY_ON_BAD_KEY,
            &gw,
            &settings,
            &caller(IP),
            probe(&right),
        )
        .await;
        assert_eq!(res, Ok(Some(Typed::Str("1".into()))));
    }
}
