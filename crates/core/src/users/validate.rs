//! Rules for user fields, as Chamilo's user library applies them.

use crate::error::{CoreError, CoreResult};

pub const USERNAME_MAX_LEN: usize = 100;

/// A username that satisfies the platform rules: 1..=100 of `0-9A-Za-z_.@-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> CoreResult<Self> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(CoreError::invalid("username", "must not be empty"));
        }
        if name.chars().count() > USERNAME_MAX_LEN {
            return Err(CoreError::invalid(
                "username",
                format!("longer than {USERNAME_MAX_LEN} characters"),
            ));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-')))
        {
            return Err(CoreError::invalid(
                "username",
                format!("character '{bad}' is not allowed"),
            ));
        }
        Ok(Username(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Interface languages the platform knows (Chamilo's language folder names).
pub const LANGUAGES: &[&str] = &[
    "arabic",
    "asturian",
    "basque",
    "bengali",
    "bosnian",
    "brazilian",
    "bulgarian",
    "catalan",
    "croatian",
    "czech",
    "danish",
    "dari",
    "dutch",
    "english",
    "esperanto",
    "estonian",
    "finnish",
    "french",
    "frisian",
    "friulian",
    "galician",
    "georgian",
    "german",
    "greek",
    "hebrew",
    "hindi",
    "hungarian",
    "indonesian",
    "italian",
    "japanese",
    "korean",
    "latvian",
    "lithuanian",
    "macedonian",
    "malay",
    "norwegian",
    "occitan",
    "pashto",
    "persian",
    "polish",
    "portuguese",
    "quechua_cusco",
    "romanian",
    "russian",
    "serbian",
    "simpl_chinese",
    "slovak",
    "slovenian",
    "somali",
    "spanish",
    "spanish_latin",
    "swahili",
    "swedish",
    "tagalog",
    "thai",
    "trad_chinese",
    "turkish",
    "ukrainian",
    "vietnamese",
    "xhosa",
    "yoruba",
];

pub const DEFAULT_LANGUAGE: &str = "english";

pub fn valid_language(lang: &str) -> bool {
    LANGUAGES.contains(&lang)
}

/// Lower-cases a requested language; unknown or empty ones become the platform default.
pub fn language_or_default(lang: &str) -> String {
    let lang = lang.trim().to_lowercase();
    if valid_language(&lang) {
        lang
    } else {
        DEFAULT_LANGUAGE.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" jdoe ").unwrap().as_str(), "jdoe");
        assert!(Username::parse("j.doe@x-y_z").is_ok());
        assert_eq!(
            Username::parse("").unwrap_err(),
            CoreError::invalid("username", "must not be empty")
        );
        assert!(Username::parse("a b").is_err());
        assert!(Username::parse("o'neil").is_err());
        assert!(Username::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn emails() {
        assert!(valid_email("a@b.org"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("@b.org"));
        assert!(!valid_email("a b@c.org"));
        assert!(!valid_email("a@@c.org"));
    }

    #[test]
    fn languages() {
        assert_eq!(language_or_default("French"), "french");
        assert_eq!(language_or_default("klingon"), "english");
        assert_eq!(language_or_default(""), "english");
    }
}
