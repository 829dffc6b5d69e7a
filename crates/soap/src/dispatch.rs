//! The operation table (names and input parts in WSDL order), part binding, and dispatch by
//! the Body's wrapper element to the service modules.

use chamilo_core::Gateway;

use crate::auth;
use crate::codec::{Request, Typed, Value};
use crate::errors::{self, Code, Family, Fault};
use crate::fields::Fields;
use crate::settings::SoapSettings;
use crate::{ws_course, ws_report, ws_session, ws_user};

/// What an operation answers: its `return` part (None for void operations) or a fault.
pub type Outcome = Result<Option<Typed>, Fault>;

pub struct Operation {
    pub name: &'static str,
    pub parts: &'static [&'static str],
}

const fn op(name: &'static str, parts: &'static [&'static str]) -> Operation {
    Operation { name, parts }
}

const USER_REF: &[&str] = &["secret_key", "user_id_field_name", "user_id_value"];
const USERS: &[&str] = &["secret_key", "users"];
const COURSE_REF: &[&str] = &["secret_key", "course_id_field_name", "course_id_value"];
const SESSION_PARTS: &[&str] = &[
    "secret_key",
    "name",
    "start_date",
    "end_date",
    "nb_days_access_before",
    "nb_days_access_after",
    "nolimit",
    "visibility",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "extras",
];
const USER_SESSION: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
];
const USER_SESSION_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "course_id_field_name",
    "course_id_value",
];
const COURSE_SESSION: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "session_id_field_name",
    "session_id_value",
];
const USER_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
];
const USER_COURSE_LP: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
];
const USER_COURSE_LP_ITEM: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
    "learnpath_item_id",
];

/// Every operation of WSService, in WSDL order.
pub const OPERATIONS: [Operation; 40] = [
    op("WS.test", &[]),
    op("WSUser.DisableUser", USER_REF),
    op("WSUser.DisableUsers", USERS),
    op("WSUser.EnableUser", USER_REF),
    op("WSUser.EnableUsers", USERS),
    op("WSUser.DeleteUser", USER_REF),
    op("WSUser.DeleteUsers", USERS),
    op(
        "WSUser.CreateUser",
        &[
            "secret_key",
            "firstname",
            "lastname",
            "status",
            "loginname",
            "password",
            "encrypt_method",
            "user_id_field_name",
            "user_id_value",
            "visibility",
            "email",
            "language",
            "phone",
            "expiration_date",
            "extras",
        ],
    ),
    op("WSUser.CreateUsers", USERS),
    op(
        "WSUser.EditUser",
        &[
            "secret_key",
            "user_id_field_name",
            "user_id_value",
            "firstname",
            "lastname",
            "status",
            "loginname",
            "password",
            "encrypt_method",
            "email",
            "language",
            "phone",
            "expiration_date",
            "extras",
        ],
    ),
    op("WSUser.EditUsers", USERS),
    op("WSCourse.DeleteCourse", COURSE_REF),
    op("WSCourse.DeleteCourses", &["secret_key", "courses"]),
    op(
        "WSCourse.CreateCourse",
        &[
            "secret_key",
            "title",
            "category_code",
            "wanted_code",
            "tutor_name",
            "course_admin_user_id_field_name",
            "course_admin_user_id_value",
            "language",
            "course_id_field_name",
            "course_id_value",
            "extras",
        ],
    ),
    op("WSCourse.CreateCourses", &["secret_key", "courses"]),
    op(
        "WSCourse.EditCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "title",
            "category_code",
            "department_name",
            "department_url",
            "language",
            "visibility",
            "subscribe",
            "unsubscribe",
            "visual_code",
            "extras",
        ],
    ),
    op(
        "WSCourse.ListCourses",
        &["secret_key", "course_id_field_name", "visibilities"],
    ),
    op(
        "WSCourse.SubscribeUserToCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "user_id_field_name",
            "user_id_value",
            "status",
        ],
    ),
    op(
        "WSCourse.UnsubscribeUserFromCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "user_id_field_name",
            "user_id_value",
        ],
    ),
    op("WSCourse.GetCourseDescriptions", COURSE_REF),
    op(
        "WSCourse.EditCourseDescription",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "course_desc_id",
            "course_desc_title",
            "course_desc_content",
        ],
    ),
    op("WSSession.CreateSession", SESSION_PARTS),
    op(
        "WSSession.DeleteSession",
        &["secret_key", "session_id_field_name", "session_id_value"],
    ),
    op("WSSession.EditSession", SESSION_PARTS),
    op("WSSession.SubscribeUserToSession", USER_SESSION),
    op("WSSession.UnsubscribeUserFromSession", USER_SESSION),
    op(
        "WSSession.SubscribeTeacherToSessionCourse",
        USER_SESSION_COURSE,
    ),
    op(
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        USER_SESSION_COURSE,
    ),
    op("WSSession.SubscribeCourseToSession", COURSE_SESSION),
    op("WSSession.UnsubscribeCourseFromSession", COURSE_SESSION),
    op("WSReport.GetTimeSpentOnPlatform", USER_REF),
    op("WSReport.GetTimeSpentOnCourse", USER_COURSE),
    op(
        "WSReport.GetTimeSpentOnCourseInSession",
        &[
            "secret_key",
            "user_id_field_name",
            "user_id_value",
            "course_id_field_name",
            "course_id_value",
            "session_id_field_name",
            "session_id_value",
        ],
    ),
    op("WSReport.GetTimeSpentOnLearnpathInCourse", USER_COURSE_LP),
    op("WSReport.GetLearnpathsByCourse", USER_COURSE),
    op("WSReport.GetLearnpathProgress", USER_COURSE_LP),
    op("WSReport.GetLearnpathHighestLessonLocation", USER_COURSE_LP),
    op("WSReport.GetLearnpathScoreSingleItem", USER_COURSE_LP_ITEM),
    op("WSReport.GetLearnpathStatusSingleItem", USER_COURSE_LP_ITEM),
    op("WSReport.test", &[]),
];

/// Parts declared as arrays in the WSDL; every other part is a simple value.
fn is_array_part(name: &str) -> bool {
    matches!(name, "users" | "courses" | "extras")
}

/// An operation's input parts, in WSDL order; `None` = not sent.
#[derive(Debug)]
pub struct Parts {
    slots: Vec<(&'static str, Option<Value>)>,
}

impl Parts {
    /// Binds the sent parts by name when every sent name is one of the operation's parts,
    /// else by position (the original binds by position only; clients sending other element
    /// names, e.g. NuSOAP's `param0`, keep working). Surplus parts are ignored.
    pub fn bind(expected: &[&'static str], sent: Vec<(String, Value)>) -> Result<Parts, Fault> {
        let by_name = sent.iter().all(|(n, _)| expected.contains(&n.as_str()));
        let mut slots: Vec<(&'static str, Option<Value>)> =
            expected.iter().map(|n| (*n, None)).collect();
        if by_name {
            for (name, value) in sent {
                if let Some(slot) = slots.iter_mut().find(|(n, _)| *n == name) {
                    slot.1 = Some(value);
                }
            }
        } else {
            for (slot, (_, value)) in slots.iter_mut().zip(sent) {
                slot.1 = Some(value);
            }
        }
        for (name, value) in &slots {
            check_shape(name, value.as_ref())?;
        }
        Ok(Parts { slots })
    }

    /// The text of the part at `index` (WSDL order); for operations whose callers shift parts.
    pub fn text_at(&self, index: usize) -> String {
        self.slots
            .get(index)
            .and_then(|(_, v)| v.as_ref())
            .and_then(Value::to_text)
            .unwrap_or_default()
    }

    /// How many parts the operation declares.
    pub fn count(&self) -> usize {
        self.slots.len()
    }
}

fn check_shape(name: &str, value: Option<&Value>) -> Result<(), Fault> {
    let bad = match value {
        Some(Value::Str(s)) if is_array_part(name) && !s.trim().is_empty() => "an array",
        Some(Value::Struct(_) | Value::Array(_)) if !is_array_part(name) => "a simple value",
        _ => return Ok(()),
    };
    Err(Fault::Client(format!("Part '{name}' must be {bad}")))
}

impl Fields for Parts {
    fn field(&self, name: &str) -> Option<&Value> {
        self.slots
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_ref())
    }
}

/// One call on its way through: who asks, which operation, with which parts.
pub struct Call<'a> {
    pub gateway: &'a Gateway,
    pub settings: &'a SoapSettings,
    pub ip: &'a str,
    pub op: &'static str,
    pub parts: Parts,
}

impl Call<'_> {
    /// Checks the `secret_key` part.
    pub async fn check_key(&self) -> Result<(), Fault> {
        self.check_this_key(&self.parts.text("secret_key")).await
    }

    /// Checks a key; an accepted call leaves its audit row (`access_ws_<Service.Operation>`,
    /// no acting user, the caller's address as the value). Recording never fails the call.
    pub async fn check_this_key(&self, key: &str) -> Result<(), Fault> {
        auth::check_key(self.gateway, self.settings, self.ip, key).await?;
        self.gateway
            .record_audit(chamilo_core::audit::AuditEntry {
                action: self.op,
                value_type: "ip",
                value: self.ip,
                ..Default::default()
            })
            .await;
        Ok(())
    }
}

impl Call<'_> {
    /// Logs a core error and maps it for this operation's family.
    pub fn fail(&self, family: Family, err: chamilo_core::CoreError) -> Fault {
        errors::log(self.op, &err);
        errors::map(family, &err)
    }
}

/// A batch item's `result` struct.
pub fn result_struct(code: Code) -> Typed {
    Typed::Struct {
        type_name: "tns:result",
        members: vec![
            ("code", Typed::Int(code.0)),
            ("message", Typed::Str(code.1.into())),
        ],
    }
}

/// Runs the request's operation.
pub async fn run(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    request: Request,
) -> Outcome {
    let Some(operation) = OPERATIONS.iter().find(|o| o.name == request.operation) else {
        return Err(Fault::Client(format!(
            "Operation '{}' is not defined in the WSDL for this service",
            request.operation
        )));
    };
    let call = Call {
        gateway,
        settings,
        ip,
        op: operation.name,
        parts: Parts::bind(operation.parts, request.parts)?,
    };
    match operation
        .name
        .split_once('.')
        .map_or("", |(service, _)| service)
    {
        "WS" => Ok(Some(Typed::Str("success".into()))),
        "WSUser" => ws_user::run(&call).await,
        "WSCourse" => ws_course::run(&call).await,
        "WSSession" => ws_session::run(&call).await,
        _ => ws_report::run(&call).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn binds_by_name_in_any_order() {
        let parts = Parts::bind(
            USER_REF,
            vec![
                ("user_id_value".into(), s("7")),
                ("secret_key".into(), s("k")),
            ],
        )
        .unwrap();
        assert_eq!(parts.text("secret_key"), "k");
        assert_eq!(parts.text("user_id_field_name"), "");
        assert_eq!(parts.text("user_id_value"), "7");
    }

    #[test]
    fn binds_by_position_when_names_differ() {
        let parts = Parts::bind(
            USER_REF,
            vec![
                ("param0".into(), s("k")),
                ("param1".into(), s("chamilo_user_id")),
                ("param2".into(), s("7")),
                ("param3".into(), s("surplus")),
            ],
        )
        .unwrap();
        assert_eq!(parts.text("user_id_field_name"), "chamilo_user_id");
        assert_eq!(parts.text_at(2), "7");
        assert_eq!(parts.count(), 3);
    }

    #[test]
    fn refuses_wrong_shapes() {
        let err = Parts::bind(
            USER_REF,
            vec![("secret_key".into(), Value::Struct(vec![].into()))],
        )
        .unwrap_err();
        assert_eq!(
            err,
            Fault::Client("Part 'secret_key' must be a simple value".into())
        );
        let err = Parts::bind(USERS, vec![("users".into(), s("x"))]).unwrap_err();
        assert_eq!(err, Fault::Client("Part 'users' must be an array".into()));
        // empty and nil arrays are empty lists
        assert!(Parts::bind(USERS, vec![("users".into(), s(""))]).is_ok());
        assert!(Parts::bind(USERS, vec![("users".into(), Value::Nil)]).is_ok());
    }

    #[test]
    fn table_matches_the_served_wsdl() {
        let wsdl = crate::wsdl::render_wsdl("http://localhost");
        for operation in &OPERATIONS {
            let start = wsdl
                .find(&format!("<message name=\"{}Request\">", operation.name))
                .unwrap_or_else(|| panic!("{} in the WSDL", operation.name));
            let end = start + wsdl[start..].find("</message>").unwrap();
            let declared: Vec<&str> = wsdl[start..end]
                .split("<part name=\"")
                .skip(1)
                .map(|p| &p[..p.find('"').unwrap()])
                .collect();
            assert_eq!(declared, operation.parts, "{}", operation.name);
        }
    }
}
