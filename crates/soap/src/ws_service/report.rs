//! WSReport: time spent, from the tracking tables; learning-path figures. Every operation
//! but `test` checks the key (Q-A5); GetTimeSpent* find it first or last (`KeyPolicy::Unshift`),
//! so their parts are in WSDL order here. The gateway keeps no learning paths: the course lists
//! none and any learnpath id is unknown (a fault, never a made-up figure).
//! Each `pub async fn` is the operation of its name; errors map with the row's family.

use chamilo_core::{CoreResult, ItemRef, ItemType};

use crate::call::{Call, Outcome};
use crate::codec::Typed;
use crate::errors::{Fault, LEARNPATH_NOT_FOUND};
use crate::fields::Fields;

/// Answers without a key, as the original.
pub async fn test(_: &Call<'_>) -> Outcome {
    Ok(Some(Typed::Str("Hello world!".into())))
}

/// The record the `<prefix>_id_field_name` / `<prefix>_id_value` parts name.
fn reference(call: &Call<'_>, item_type: ItemType, prefix: &str) -> ItemRef {
    call.parts.reference(
        item_type,
        &format!("{prefix}_id_field_name"),
        &format!("{prefix}_id_value"),
    )
}

async fn resolve(call: &Call<'_>, item_type: ItemType, prefix: &str) -> CoreResult<i64> {
    let r = reference(call, item_type, prefix);
    call.gateway.resolve(item_type, r).await
}

/// Seconds, as the original's string.
fn seconds(call: &Call<'_>, res: CoreResult<i64>) -> Outcome {
    let seconds = res.map_err(|e| call.fail(e))?;
    Ok(Some(Typed::Str(seconds.to_string())))
}

pub async fn get_time_spent_on_platform(call: &Call<'_>) -> Outcome {
    let user = reference(call, ItemType::User, "user");
    let res = call.gateway.time_spent_on_platform(user).await;
    seconds(call, res)
}

pub async fn get_time_spent_on_course(call: &Call<'_>) -> Outcome {
    let user = reference(call, ItemType::User, "user");
    let course = reference(call, ItemType::Course, "course");
    let res = call.gateway.time_spent_in_course(user, course, None).await;
    seconds(call, res)
}

pub async fn get_time_spent_on_course_in_session(call: &Call<'_>) -> Outcome {
    let user = reference(call, ItemType::User, "user");
    let course = reference(call, ItemType::Course, "course");
    let session = reference(call, ItemType::Session, "session");
    let res = call
        .gateway
        .time_spent_in_course(user, course, Some(session))
        .await;
    seconds(call, res)
}

/// The user and the course must exist; no learning path does.
pub async fn get_time_spent_on_learnpath_in_course(call: &Call<'_>) -> Outcome {
    learnpath_not_found(call).await
}

pub async fn get_learnpaths_by_course(call: &Call<'_>) -> Outcome {
    user_and_course(call).await?;
    Ok(Some(Typed::Array {
        item_type: "tns:learnpath",
        items: Vec::new(),
    }))
}

pub async fn get_learnpath_progress(call: &Call<'_>) -> Outcome {
    learnpath_not_found(call).await
}

pub async fn get_learnpath_highest_lesson_location(call: &Call<'_>) -> Outcome {
    learnpath_not_found(call).await
}

pub async fn get_learnpath_score_single_item(call: &Call<'_>) -> Outcome {
    learnpath_not_found(call).await
}

pub async fn get_learnpath_status_single_item(call: &Call<'_>) -> Outcome {
    learnpath_not_found(call).await
}

/// Looks the user, then the course, up: an unknown one answers its own fault first.
async fn user_and_course(call: &Call<'_>) -> Result<(), Fault> {
    let res = async {
        resolve(call, ItemType::User, "user").await?;
        resolve(call, ItemType::Course, "course").await
    }
    .await;
    res.map_err(|e| call.fail(e))?;
    Ok(())
}

async fn learnpath_not_found(call: &Call<'_>) -> Outcome {
    user_and_course(call).await?;
    Err(Fault::App(LEARNPATH_NOT_FOUND))
}
