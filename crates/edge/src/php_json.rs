//! JSON bytes exactly as PHP's `json_encode($value)` (no flags) writes them:
//! `\/`, `\uXXXX` (lowercase hex, surrogate pairs) for every non-ASCII character,
//! no whitespace, floats with `serialize_precision = -1`.
//!
//! The input is a `serde_json::Value` standing for PHP data. PHP arrays become
//! JSON lists only when their keys are exactly 0..n-1, so by default an object
//! whose keys are `"0".."n-1"` in order (and the empty object) is written as a
//! list, as PHP would write the array it models.

use serde_json::{Map, Number, Value};
use std::fmt::Write as _;

/// Encoding switches; [`Options::default`] is PHP's `json_encode` with no flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `JSON_PRESERVE_ZERO_FRACTION`: write `80.0` instead of `80`. Off in PHP by default.
    pub preserve_zero_fraction: bool,
    /// Treat objects as PHP arrays (empty → `[]`, keys `0..n-1` → list). Turn off to
    /// write every object as `{…}` (e.g. to model an empty PHP `stdClass`).
    pub objects_are_php_arrays: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            preserve_zero_fraction: false,
            objects_are_php_arrays: true,
        }
    }
}

/// `json_encode($value)` with default flags.
pub fn to_php_json(value: &Value) -> String {
    to_php_json_with(value, Options::default())
}

pub fn to_php_json_with(value: &Value, opts: Options) -> String {
    let mut out = String::new();
    write_value(&mut out, value, opts);
    out
}

/// Appends `json_encode($value)` (default flags) to `out`: lets a caller write an envelope and
/// its data into one buffer.
pub fn write_php_json(out: &mut String, value: &Value) {
    write_value(out, value, Options::default());
}

/// Appends a JSON string literal (with quotes) as PHP escapes it.
pub fn write_php_string(out: &mut String, s: &str) {
    write_str(out, s);
}

/// A JSON string literal (with quotes) as PHP escapes it.
pub fn php_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(&mut out, s);
    out
}

fn write_value(out: &mut String, value: &Value, opts: Options) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n, opts),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => write_list(out, items.iter(), opts),
        Value::Object(map) if opts.objects_are_php_arrays && is_list(map) => {
            write_list(out, map.values(), opts)
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, v, opts);
            }
            out.push('}');
        }
    }
}

fn write_list<'a>(out: &mut String, items: impl Iterator<Item = &'a Value>, opts: Options) {
    out.push('[');
    for (i, v) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(out, v, opts);
    }
    out.push(']');
}

fn is_list(map: &Map<String, Value>) -> bool {
    map.keys().enumerate().all(|(i, k)| is_index(k, i))
}

/// Is `k` the decimal form of `i` (no sign, no leading zero)? Compared without allocating.
fn is_index(k: &str, i: usize) -> bool {
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    k.as_bytes() == &digits[at..]
}

fn write_number(out: &mut String, n: &Number, opts: Options) {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or(0.0);
        let text = php_gcvt(f, None, 'e');
        out.push_str(&text);
        if opts.preserve_zero_fraction && !text.contains(['.', 'e']) {
            out.push_str(".0");
        }
    } else {
        // an integer: written in place, no temporary string
        let _ = write!(out, "{n}");
    }
}

/// Bytes written as they are: printable ASCII but `"`, `\` and `/`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x80 {
        table[b] = !matches!(b as u8, b'"' | b'\\' | b'/');
        b += 1;
    }
    table
};

fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let push_u = |out: &mut String, unit: u16| {
        out.push_str("\\u");
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((unit >> shift) & 0xf)] as char);
        }
    };
    out.reserve(s.len() + 2);
    out.push('"');
    // scanned byte by byte (a listing is mostly plain ASCII); runs of plain bytes are copied in
    // one go, and `at` only ever stops on a character boundary
    let bytes = s.as_bytes();
    let (mut run_start, mut at) = (0, 0);
    while at < bytes.len() {
        let b = bytes[at];
        if PLAIN[usize::from(b)] {
            at += 1;
            continue;
        }
        out.push_str(&s[run_start..at]);
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'/' => "\\/",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            _ => "",
        };
        if !escape.is_empty() {
            out.push_str(escape);
            at += 1;
        } else if b < 0x80 {
            push_u(out, u16::from(b));
            at += 1;
        } else {
            let c = s[at..].chars().next().unwrap_or_default();
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                push_u(out, *unit);
            }
            at += c.len_utf8();
        }
        run_start = at;
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}

/// PHP's `php_gcvt`: `precision` significant digits (`None`: shortest round-trip,
/// as with `serialize_precision = -1`), exponent form when the decimal exponent is
/// below -4 or beyond the precision (17 for shortest), written like `1.0e+25`.
pub fn php_gcvt(value: f64, precision: Option<usize>, exp_char: char) -> String {
    if !value.is_finite() {
        return "0".to_owned(); // PHP's encoder fails on these; unreachable from serde_json
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0");
    }
    let sci = match precision {
        None => format!("{:e}", value.abs()),
        Some(p) => format!("{:.*e}", p.max(1) - 1, value.abs()),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let decpt = exp + 1; // value = 0.DIGITS × 10^decpt
    let limit = precision.unwrap_or(17) as i32;

    let mut out = String::from(sign);
    if decpt < -3 || decpt > limit {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        out.push(exp_char);
        let e = decpt - 1;
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.abs().to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(decpt.unsigned_abs() as usize));
        out.push_str(&digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.push_str(&digits);
            out.push_str(&"0".repeat(d - digits.len()));
        } else {
            out.push_str(&digits[..d]);
            out.push('.');
            out.push_str(&digits[d..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slashes_and_unicode() {
        let v = json!({"url": "https://x.org/", "name": "José"});
        assert_eq!(
            to_php_json(&v),
            r#"{"url":"https:\/\/x.org\/","name":"Jos\u00e9"}"#
        );
    }

    #[test]
    fn astral_chars_use_lowercase_surrogate_pairs() {
        assert_eq!(to_php_json(&json!("😀")), r#""\ud83d\ude00""#);
        assert_eq!(to_php_json(&json!("€ février")), r#""\u20ac f\u00e9vrier""#);
    }

    #[test]
    fn control_chars() {
        let s = "\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}\"\\";
        assert_eq!(
            to_php_json(&json!(s)),
            "\"\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}\\\"\\\\\""
        );
    }

    #[test]
    fn html_chars_are_not_escaped() {
        assert_eq!(
            to_php_json(&json!("<a href='x'>&</a>")),
            r#""<a href='x'>&<\/a>""#
        );
    }

    #[test]
    fn key_order_is_preserved() {
        let v = json!({"z": 1, "a": 2, "m": {"y": true, "b": null}});
        assert_eq!(to_php_json(&v), r#"{"z":1,"a":2,"m":{"y":true,"b":null}}"#);
    }

    #[test]
    fn list_keys_are_exact_indexes() {
        assert!(is_index("0", 0));
        assert!(is_index("10", 10));
        assert!(is_index("18446744073709551615", usize::MAX));
        assert!(!is_index("01", 1));
        assert!(!is_index("", 0));
        assert!(!is_index("+1", 1));
        assert!(!is_index("1", 10));
    }

    #[test]
    fn php_array_rules() {
        assert_eq!(to_php_json(&json!({})), "[]");
        assert_eq!(to_php_json(&json!([])), "[]");
        assert_eq!(to_php_json(&json!({"0": "a", "1": "b"})), r#"["a","b"]"#);
        assert_eq!(
            to_php_json(&json!({"1": false, "2": false})),
            r#"{"1":false,"2":false}"#
        );
        assert_eq!(
            to_php_json(&json!({"1": "a", "0": "b"})),
            r#"{"1":"a","0":"b"}"#
        );
        assert_eq!(
            to_php_json(&json!({"0": "Quiz", "avg_score": 73})),
            r#"{"0":"Quiz","avg_score":73}"#
        );
        let raw = Options {
            objects_are_php_arrays: false,
            ..Options::default()
        };
        assert_eq!(to_php_json_with(&json!([{}]), raw), "[{}]");
    }

    #[test]
    fn floats_like_php() {
        let cases: &[(f64, &str)] = &[
            (80.0, "80"),
            (73.5, "73.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-5"),
            (1.5e-7, "1.5e-7"),
            (1e15, "1000000000000000"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (1e17, "1.0e+17"),
            (1e16, "10000000000000000"),
            (33.333333333333336, "33.333333333333336"),
        ];
        for (f, want) in cases {
            assert_eq!(to_php_json(&json!(f)), *want, "{f}");
        }
        assert_eq!(to_php_json(&json!(42)), "42");
        assert_eq!(to_php_json(&json!(-7)), "-7");
    }

    #[test]
    fn zero_fraction_flag() {
        let opts = Options {
            preserve_zero_fraction: true,
            ..Options::default()
        };
        assert_eq!(
            to_php_json_with(&json!([80.0, 1.5, 1e25, 3]), opts),
            "[80.0,1.5,1.0e+25,3]"
        );
    }

    #[test]
    fn string_cast_precision() {
        // PHP's (string) cast of floats: precision 14, uppercase exponent.
        assert_eq!(php_gcvt(0.1 + 0.2, Some(14), 'E'), "0.3");
        assert_eq!(php_gcvt(1e20, Some(14), 'E'), "1.0E+20");
        assert_eq!(php_gcvt(1.5, Some(14), 'E'), "1.5");
        assert_eq!(php_gcvt(100.0, Some(14), 'E'), "100");
    }
}
