//! The user's own account: terms and conditions, pause-training settings.

use chrono::NaiveDateTime;

/// The user extra field holding `<version>:<language_id>:<Y-m-d H:i:s>` of the accepted terms.
pub const LEGAL_ACCEPT_FIELD: &str = "legal_accept";

/// The pausetraining plugin's user extra fields.
pub mod pause_fields {
    pub const PAUSE: &str = "pause_formation";
    pub const START: &str = "start_pause_date";
    pub const END: &str = "end_pause_date";
    pub const DISABLE_EMAILS: &str = "disable_emails";
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalTerms {
    pub id: i64,
    pub date: NaiveDateTime,
    pub content: String,
    /// 0 plain text, 1 HTML page
    pub terms_type: i32,
    pub changes: String,
    pub version: i32,
    /// Chamilo's language id (opaque to the gateway)
    pub language_id: i64,
}

/// Pause-training settings; `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PauseTraining {
    pub pause: Option<bool>,
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
    pub disable_emails: Option<bool>,
}
