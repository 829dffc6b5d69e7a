//! WSRegistration's session search and fetch (§4.8, 40–41): `searchedSession` rows. What the
//! term matches is the core's (Chamilo's `SessionManager::searchSession`): the name or the
//! description, and the extra-field values when `extrafields` names some. `extrafields` is a
//! comma-separated list of session extra-field variables whose values fill `extra`; WSFetchSession
//! honours it too (the original lost it to an undefined variable: fixed).

use chamilo_core::sessions::{coach_days, SessionDetails};

use crate::call::{Call, Outcome};
use crate::codec::Typed;
use crate::errors::Family;
use crate::fields::Fields;

use super::listing::datetime;
use super::outcome::refusal;
use super::user::params;
use super::INVALID_INPUT;

/// The variables `extrafields` lists (the core trims them and drops empty ones).
fn extra_fields(call: &Call<'_>) -> Vec<String> {
    params(call)
        .text("extrafields")
        .split(',')
        .map(str::to_owned)
        .collect()
}

/// WSSearchSession: every session the term matches, by id (an empty term: all of them).
pub async fn search_session(call: &Call<'_>) -> Outcome {
    let found = call
        .gateway
        .search_sessions(&params(call).text("term"), &extra_fields(call))
        .await
        .map_err(|e| call.fail_as(Family::Plain, e))?;
    Ok(Some(searched_sessions(found)))
}

/// WSFetchSession (part `SearchSession`): the session of that id as a one-row list; an unknown
/// id is the original's invalid-input fault.
pub async fn fetch_session(call: &Call<'_>) -> Outcome {
    let id = params(call).int("id");
    let res = call.gateway.fetch_session(id, &extra_fields(call)).await;
    match refusal(call, res)? {
        Ok(found) => Ok(Some(searched_sessions(vec![found]))),
        Err(_) => Err(INVALID_INPUT),
    }
}

/// `tns:searchedSessionList`. Dates are the access dates (the original's row, keyed by 1.11's
/// column names, lost them); the coach's extra days are read back from its access window.
fn searched_sessions(found: Vec<SessionDetails>) -> Typed {
    let optional_int = |v: Option<i64>| v.map_or(Typed::Nil("xsd:int"), Typed::Int);
    let count = |n: u64| Typed::Int(i64::try_from(n).unwrap_or(i64::MAX));
    let items = found
        .into_iter()
        .map(|d| {
            let s = d.session;
            let (days_before, days_after) = coach_days(&s);
            let extra = d
                .extras
                .into_iter()
                .map(|(variable, value)| Typed::Struct {
                    type_name: "tns:searchedSessionExtra",
                    members: vec![
                        ("variable", Typed::Str(variable)),
                        ("value", Typed::Str(value)),
                    ],
                })
                .collect();
            Typed::Struct {
                type_name: "tns:searchedSession",
                members: vec![
                    ("id", Typed::Int(s.id)),
                    ("id_coach", optional_int(s.general_coach_id)),
                    ("name", Typed::Str(s.name)),
                    ("nbr_courses", count(d.counts.courses)),
                    ("nbr_users", count(d.counts.users)),
                    ("nbr_classes", count(d.counts.classes)),
                    ("date_start", datetime(s.access_start_date)),
                    ("date_end", datetime(s.access_end_date)),
                    ("nb_days_access_before_beginning", Typed::Int(days_before)),
                    ("nb_days_access_after_end", Typed::Int(days_after)),
                    ("session_admin_id", optional_int(s.session_admin_id)),
                    ("visibility", Typed::Int(s.visibility.into())),
                    ("session_category_id", optional_int(s.session_category_id)),
                    ("promotion_id", optional_int(s.promotion_id)),
                    ("description", Typed::Str(s.description)),
                    ("show_description", Typed::Int(s.show_description.into())),
                    (
                        "duration",
                        s.duration
                            .map_or(Typed::Nil("xsd:string"), |d| Typed::Str(d.to_string())),
                    ),
                    (
                        "extra",
                        Typed::Array {
                            item_type: "tns:searchedSessionExtra",
                            items: extra,
                        },
                    ),
                ],
            }
        })
        .collect();
    Typed::Array {
        item_type: "tns:searchedSession",
        items,
    }
}
