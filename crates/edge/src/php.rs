//! PHP's reading of wire text, shared by every adapter so that one input means one number
//! whatever the protocol.

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

/// PHP's truthiness of a string (`if ($s)`, `!empty($s)`): only `""` and `"0"` are false.
pub fn truthy(s: &str) -> bool {
    !(s.is_empty() || s == "0")
}

#[cfg(test)]
mod tests {
    use super::intval;

    /// Expected values printed by PHP 8.2.36's own `intval` (64-bit), with
    /// `php -r 'foreach ($cases as $c) echo json_encode($c), " => ", intval($c), "\n";'`.
    const PHP_INTVAL: &[(&str, i64)] = &[
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
        ("0b11", 0),
        ("1_000", 1),
        (" 7 ", 7),
        ("7 ", 7),
        ("\x0b8", 8),
        ("\x0c9", 9),
        ("--1", 0),
        ("+-1", 0),
        ("1e18", 1000000000000000000),
        ("1e19", i64::MAX),
        ("-1e19", i64::MIN),
        ("1e100", i64::MAX),
        ("-1e100", i64::MIN),
        ("9223372036854775807", i64::MAX),
        ("9223372036854775808", i64::MAX),
        ("99999999999999999999", i64::MAX),
        ("-9223372036854775808", i64::MIN),
        ("-9223372036854775809", i64::MIN),
        ("-99999999999999999999", i64::MIN),
        ("9.9e18", i64::MAX),
        ("1.5e3", 1500),
        ("inf", 0),
        ("NAN", 0),
        ("1e", 1),
        ("\u{0661}\u{0662}", 0),
        ("12abc34", 12),
        ("+.5e1", 5),
        ("-0", 0),
        ("0.0000001e10", 1000),
        (" +3", 3),
    ];

    #[test]
    fn intval_agrees_with_php_8() {
        for (input, expected) in PHP_INTVAL {
            assert_eq!(intval(input), *expected, "intval({input:?})");
        }
    }
}
