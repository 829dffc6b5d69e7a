//! PHP's scalar conversions of request strings (intval, truthiness, boolean filter).

/// PHP 7.1+ `intval($string)`: the longest numeric prefix after leading whitespace
/// (`"12abc"` → 12, `"1e3"` → 1000, `"1.9"` → 1, `"0x1A"` → 0); out-of-range values saturate.
pub fn intval(s: &str) -> i64 {
    let b = s.as_bytes();
    let mut i = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .unwrap_or(b.len());
    let start = i;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut is_float = false;
    if i < b.len() && b[i] == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit() {
        is_float = true;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    } else if i < b.len() && b[i] == b'.' && int_digits > 0 {
        i += 1; // "5." is numeric
        is_float = true;
    }
    if int_digits == 0 && !is_float {
        return 0;
    }
    // Exponent only counts when complete ("1e" is just 1).
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
            is_float = true;
        }
    }
    let text = &s[start..i];
    if !is_float {
        if let Ok(n) = text.parse::<i64>() {
            return n;
        }
    }
    // Floats (and integer overflow) go through a double, truncated and capped.
    match text.parse::<f64>() {
        Ok(f) if f.is_nan() => 0,
        Ok(f) => f as i64, // `as` truncates toward zero and saturates, like PHP's cap
        Err(_) => 0,
    }
}

/// PHP truthiness of a string: only `""` and `"0"` are false.
pub fn truthy(s: &str) -> bool {
    !(s.is_empty() || s == "0")
}

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
    fn intval_cases() {
        let cases: &[(&str, i64)] = &[
            ("", 0),
            ("0", 0),
            ("42", 42),
            ("-7", -7),
            ("+5", 5),
            ("  12abc", 12),
            ("\n\t3", 3),
            ("abc", 0),
            ("1.9", 1),
            ("-1.9", -1),
            (".5", 0),
            ("5.", 5),
            ("1e3", 1000),
            ("1E-1", 0),
            ("2e", 2),
            ("2e+", 2),
            ("0x1A", 0),
            ("012", 12),
            ("9999999999999999999", i64::MAX),
            ("-9999999999999999999", i64::MIN),
            ("1e100", i64::MAX),
            ("- 5", 0),
        ];
        for (s, n) in cases {
            assert_eq!(intval(s), *n, "intval({s:?})");
        }
    }

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
