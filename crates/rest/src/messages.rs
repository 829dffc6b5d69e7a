//! English texts of the message keys the REST API emits (`messages.md`, Chamilo
//! 1.11.28 English language file). A key without an English entry comes back as
//! the bare key (DECISIONS.md), e.g. `NotDeleted`.

use crate::params::Param;

/// Key → exact English text (byte for byte, final periods included).
const TEXTS: &[(&str, &str)] = &[
    ("InvalidApiKey", "Invalid API key"),
    ("InvalideUserDetected", "Invalid user detected."),
    ("InvalidAction", "Invalid action"),
    (
        "NotAllowed",
        "You are not allowed to see this page. Either your connection has expired or you are trying to access a page for which you do not have the sufficient privileges.",
    ),
    ("NoData", "No data available"),
    ("NoCourse", "This course could not be found"),
    ("NoSession", "The session could not be found"),
    ("ActionNotAllowed", "Action not allowed"),
    ("TooShort", "Too short"),
    ("InvalidDate", "Invalid date"),
    ("Error", "Error"),
    ("UserNotFound", "User not found."),
    ("SessionNotFound", "Session not found."),
    ("UserNotSubscribed", "User not subscribed."),
    ("UserNameNotAvailable", "This login is not available"),
    ("UserNotRegistered", "User not registered."),
    ("CouldNotLoadUser", "Could not load user."),
    ("CouldNotUpdateExtraFieldValue", "Could not update extra field value."),
    ("UnsupportedUpdate", "Unsupported update."),
    ("LanguageUnavailable", "Language unavailable."),
    ("NoSessionMatched", "No session matched."),
    ("MoreThanOneSessionMatched", "More than one session matched."),
    ("ModelSessionDoesNotExist", "The template session does not exist."),
    ("SessionNotRegistered", "Session not registered."),
    ("CoursesNotAddedToSession", "Courses not added to session."),
    ("CourseRegistrationCodeIncorrect", "The course password is incorrect"),
    ("SubscribingNotAllowed", "Subscribing not allowed"),
    ("NoAnnouncement", "No announcement"),
    ("NoForum", "No forum"),
    ("AlreadyExists", "Already exists"),
    ("NotRegistered", "Not Registered"),
    ("ANewSessionWasCreated", "A new session has been created"),
    ("ErrorOccurred", "An error occurred."),
    ("Updated", "Update successful"),
    ("UsersAdded", "Users added"),
    ("UserUnsubscribed", "User is now unsubscribed"),
    ("URLDeleted", "URL deleted."),
    ("CourseXAdded", "Course %s added"),
    ("CourseCreationFailed", "The course has not been created due to an internal error."),
    ("TheDocumentHasBeenDeleted", "The document has been deleted."),
    ("YouAreNotAllowedToDeleteThisDocument", "You are not allowed to delete this document"),
    ("Deleted", "Deleted"),
    ("WithOutCategory", "Without category"),
    ("YouWillBeNotifiedOfNewPosts", "You will be notified of new posts by e-mail."),
    ("YouWillNoLongerBeNotifiedOfNewPosts", "You will no longer be notified of new posts by email"),
    ("PortalSessionsLimitReached", "The number of sessions limit for this portal has been reached"),
    ("SessionNameIsRequired", "A name is required for the session"),
    ("InvalidStartDate", "Invalid start date was given."),
    ("InvalidEndDate", "Invalid end date was given."),
    ("StartDateShouldBeBeforeEndDate", "The first date should be before the end date"),
    ("SessionNameAlreadyExists", "Session name already exists"),
    ("EmailUsedTwice", "This email is already in use on the platform."),
    ("LoginAlreadyTaken", "This login is already taken !"),
    ("NoCategory", "General"),
    ("Exercises", "Tests"),
    ("Feedback", "Feedback"),
    ("NotRevised", "Not reviewed"),
    ("Revised", "Revised"),
];

/// The English text for `key`, or `key` itself when there is none.
pub fn text(key: &str) -> &str {
    TEXTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, t)| t)
}

/// `Course <code> added` (`save_course`).
pub fn course_x_added(code: &str) -> String {
    text("CourseXAdded").replacen("%s", code, 1)
}

/// `Unsupported update. '<field>'` with the POST field name exactly as sent.
pub fn unsupported_update(field: &str) -> String {
    format!("{} '{field}'", text("UnsupportedUpdate"))
}

/// Map form: `Could not update extra field value.: <variable>`.
pub fn could_not_update_extra_field_value(variable: &str) -> String {
    format!("{}: {variable}", text("CouldNotUpdateExtraFieldValue"))
}

/// List form: the translation, `": "`, then PHP `print_r` of the offending item.
pub fn could_not_update_extra_field_value_item(item: &Param) -> String {
    format!(
        "{}: {}",
        text("CouldNotUpdateExtraFieldValue"),
        item.print_r()
    )
}

/// A refused value: `Invalid <parameter>: <why>`. The original has no text for these (it
/// stores anything or dies); `NoData` would not say what is wrong.
pub fn invalid_value(field: &str, reason: &str) -> String {
    format!("Invalid {field}: {reason}")
}

/// `<group name> Already exists` (`add_group`).
pub fn already_exists(name: &str) -> String {
    format!("{name} {}", text("AlreadyExists"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys() {
        assert_eq!(text("InvalidApiKey"), "Invalid API key");
        assert_eq!(text("InvalideUserDetected"), "Invalid user detected.");
        assert_eq!(text("NotRegistered"), "Not Registered");
        assert_eq!(text("LoginAlreadyTaken"), "This login is already taken !");
        assert!(text("NotAllowed").ends_with("sufficient privileges."));
    }

    #[test]
    fn unknown_keys_are_returned_bare() {
        assert_eq!(text("NotDeleted"), "NotDeleted");
        assert_eq!(text("Plugin configured"), "Plugin configured");
        assert_eq!(text("InvalidUser"), "InvalidUser");
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = TEXTS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TEXTS.len());
    }

    #[test]
    fn composites() {
        assert_eq!(course_x_added("CAMPUS_1_ABC"), "Course CAMPUS_1_ABC added");
        assert_eq!(
            unsupported_update("username_canonical"),
            "Unsupported update. 'username_canonical'"
        );
        assert_eq!(
            could_not_update_extra_field_value("age"),
            "Could not update extra field value.: age"
        );
        assert_eq!(already_exists("Class 1"), "Class 1 Already exists");
    }
}
