//! WS, the class the others extend: its own operation, `test`.

use crate::call::{Call, Outcome};
use crate::codec::Typed;

/// Answers without a key, as the original.
pub async fn test(_: &Call<'_>) -> Outcome {
    Ok(Some(Typed::Str("success".into())))
}
