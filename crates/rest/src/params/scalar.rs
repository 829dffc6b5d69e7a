//! PHP's scalar conversions of request strings: the boolean filter here; `intval` and
//! truthiness are the edge's, shared with SOAP.

/// PHP `intval` and truthiness, as every adapter reads them (`chamilo_edge::php`).
pub use chamilo_edge::php::{intval, truthy};

/// `filter_var($s, FILTER_VALIDATE_BOOLEAN)` as Symfony's `getBoolean` uses it:
/// `1`, `true`, `on`, `yes` (any case, surrounding whitespace ignored) are true.
pub fn filter_bool(s: &str) -> bool {
    let t = s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\0'));
    ["1", "true", "on", "yes"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness() {
        assert!(!truthy(""));
        assert!(!truthy("0"));
        assert!(truthy("00"));
        assert!(truthy(" "));
        assert!(truthy("false"));
    }

    #[test]
    fn boolean_filter() {
        for t in ["1", "true", "TRUE", " on ", "Yes"] {
            assert!(filter_bool(t), "{t:?}");
        }
        for f in ["", "0", "false", "off", "no", "2", "y"] {
            assert!(!filter_bool(f), "{f:?}");
        }
    }
}
