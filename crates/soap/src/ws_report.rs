//! WSReport: time spent, from the tracking tables; learning-path figures. Every operation
//! but `test` checks the key (Q-A5). The gateway keeps no learning paths: the course lists
//! none and any learnpath id is unknown (a fault, never a made-up figure).

use chamilo_core::{CoreResult, ExternalRef, ItemType};

use crate::call::{Call, Outcome};
use crate::codec::Typed;
use crate::errors::{Family, Fault, LEARNPATH_NOT_FOUND};
use crate::fields::Fields;
use crate::parts::Parts;

pub async fn run(call: &Call<'_>) -> Outcome {
    match call.op {
        "WSReport.test" => Ok(Some(Typed::Str("Hello world!".into()))),
        "WSReport.GetTimeSpentOnPlatform"
        | "WSReport.GetTimeSpentOnCourse"
        | "WSReport.GetTimeSpentOnCourseInSession"
        | "WSReport.GetTimeSpentOnLearnpathInCourse" => time_spent(call).await,
        _ => learnpath(call).await,
    }
}

fn is_key(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The key and the identifier values of a GetTimeSpent* call (Q-R1). In WSDL order the key
/// comes first. Clients written against the original's shifted implementation send the
/// identifiers from the first part on; their key, if any, can only be in the last part.
pub(crate) fn unshift(parts: &Parts) -> (String, Vec<String>) {
    let n = parts.count();
    let first = parts.text_at(0);
    if is_key(first.trim()) {
        (first, (1..n).map(|i| parts.text_at(i)).collect())
    } else {
        (
            parts.text_at(n - 1),
            (0..n - 1).map(|i| parts.text_at(i)).collect(),
        )
    }
}

async fn resolve(call: &Call<'_>, t: ItemType, name: &str, value: &str) -> CoreResult<i64> {
    call.gateway
        .resolve(t, &ExternalRef::new(name, value))
        .await
}

async fn time_spent(call: &Call<'_>) -> Outcome {
    let (key, v) = unshift(&call.parts);
    call.check_this_key(&key).await?;
    let res = async {
        let user = resolve(call, ItemType::User, &v[0], &v[1]).await?;
        if call.op == "WSReport.GetTimeSpentOnPlatform" {
            return call.gateway.time_spent_on_platform(user).await.map(Some);
        }
        let course = resolve(call, ItemType::Course, &v[2], &v[3]).await?;
        match call.op {
            "WSReport.GetTimeSpentOnCourse" => call
                .gateway
                .time_spent_in_course(user, course, 0)
                .await
                .map(Some),
            "WSReport.GetTimeSpentOnCourseInSession" => {
                let session = resolve(call, ItemType::Session, &v[4], &v[5]).await?;
                call.gateway
                    .time_spent_in_course(user, course, session)
                    .await
                    .map(Some)
            }
            // learnpath time: there are no learning paths
            _ => Ok(None),
        }
    }
    .await;
    match res.map_err(|e| call.fail(Family::Plain, e))? {
        Some(seconds) => Ok(Some(Typed::Str(seconds.to_string()))),
        None => Err(Fault::App(LEARNPATH_NOT_FOUND)),
    }
}

async fn learnpath(call: &Call<'_>) -> Outcome {
    call.check_key().await?;
    let p = &call.parts;
    let res = async {
        resolve(
            call,
            ItemType::User,
            &p.text("user_id_field_name"),
            &p.text("user_id_value"),
        )
        .await?;
        resolve(
            call,
            ItemType::Course,
            &p.text("course_id_field_name"),
            &p.text("course_id_value"),
        )
        .await
    }
    .await;
    res.map_err(|e| call.fail(Family::Plain, e))?;
    if call.op == "WSReport.GetLearnpathsByCourse" {
        return Ok(Some(Typed::Array {
            item_type: "tns:learnpath",
            items: Vec::new(),
        }));
    }
    Err(Fault::App(LEARNPATH_NOT_FOUND))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Value;

    fn parts(values: &[&str]) -> Parts {
        let names = &["secret_key", "user_id_field_name", "user_id_value"];
        Parts::bind(
            names,
            values
                .iter()
                .zip(names.iter())
                .map(|(v, n)| ((*n).into(), Value::Str((*v).into())))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn wsdl_order_and_shifted_order() {
        let key = "A".repeat(40);
        assert_eq!(
            unshift(&parts(&[&key, "chamilo_user_id", "7"])),
            (key.clone(), vec!["chamilo_user_id".into(), "7".into()])
        );
        assert_eq!(
            unshift(&parts(&["chamilo_user_id", "7", &key])),
            (key, vec!["chamilo_user_id".into(), "7".into()])
        );
        assert_eq!(
            unshift(&parts(&["ext", "7"])),
            (String::new(), vec!["ext".into(), "7".into()])
        );
    }
}
